/**
 * `plaza import requests` against real databases (a PGlite data folder, and a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set), on small CSV files the tests write: good records load with the right fields;
 * every kind of bad record is rejected with its line and a precise reason while the rest load; gzipped files
 * load; loading a file twice adds nothing; a mapping file and flags map other exports; mistakes in the
 * command are named and change nothing.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { loadConfig } from '../../../config.js';
import { migrateToLatest, openConfiguredDatabase } from '../../../runtime.js';
import type { StagedReport } from './records.js';
import { pgliteLoader, postgresLoader, prepareBatch } from './staging.js';

const run = promisify(execFile);
const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');

const header =
  'service_request_id,requested_datetime,updated_datetime,status,service_name,service_code,description,status_notes,address,lat,long';

interface Target {
  name: 'pglite' | 'postgres';
  env: NodeJS.ProcessEnv;
  dispose: () => Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plaza-import-'));
  return {
    name: 'pglite',
    env: { PLAZA_DATA_DIR: dataDir },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresTarget(url: string): Promise<Target> {
  const name = `plaza_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'plaza-import-pg-'));
  return {
    name: 'postgres',
    env: { DATABASE_URL: target.toString(), PLAZA_DATA_DIR: dataDir },
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      // Closed pools finish closing their connections a moment later; terminating one of those mid-close
      // (drop … with (force)) raises an error in this process. Wait for them to go instead.
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      for (let attempt = 0; ; attempt++) {
        try {
          await cleaner.query(`drop database if exists ${name}`);
          break;
        } catch (error) {
          if (attempt >= 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await cleaner.end();
    },
  };
}

const targets: (() => Promise<Target>)[] = [pgliteTarget];
if (process.env.TEST_DATABASE_URL) {
  const url = process.env.TEST_DATABASE_URL;
  targets.push(() => postgresTarget(url));
}
const names = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])];

describe.each(names.map((name, index) => ({ name, open: targets[index] as () => Promise<Target> })))(
  'plaza import requests on $name',
  ({ name, open }) => {
    let target: Target;
    let env: NodeJS.ProcessEnv;
    let folder: string;

    beforeAll(async () => {
      target = await open();
      folder = mkdtempSync(join(tmpdir(), 'plaza-import-files-'));
      env = {
        ...target.env,
        PLAZA_ENV: 'test',
        PLAZA_SECRET: 'a secret for the import command tests 123',
        PLAZA_TIMEZONE: 'America/New_York',
        LOG_LEVEL: 'silent',
      };
      const config = loadConfig(env);
      const database = await openConfiguredDatabase(config, 'test setup');
      await migrateToLatest(config, database);
      await database.close();
    });
    afterAll(async () => {
      rmSync(folder, { recursive: true, force: true });
      await target.dispose();
    });
    afterEach(() => vi.restoreAllMocks());

    async function plaza(...args: string[]): Promise<{ code: number; out: string; err: string }> {
      const out: string[] = [];
      const err: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        out.push(String(chunk));
        return true;
      });
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        err.push(String(chunk));
        return true;
      });
      const code = await runCli(args, env);
      vi.restoreAllMocks();
      return { code, out: out.join(''), err: err.join('') };
    }

    function file(name: string, lines: string[], options: { gzip?: boolean } = {}): string {
      const path = join(folder, name);
      const text = `${lines.join('\n')}\n`;
      writeFileSync(path, options.gzip ? gzipSync(text) : text);
      return path;
    }

    async function query<Row>(text: string): Promise<Row[]> {
      const database = await openConfiguredDatabase(loadConfig(env), 'test check');
      try {
        const { rows } = await sql<Row>`${sql.raw(text)}`.execute(database.db);
        return rows;
      } finally {
        await database.close();
      }
    }

    async function reportsOf(source: string) {
      return query<{
        external_id: string;
        service_request_id: string;
        channel: string;
        case_id: string | null;
        service_code: string;
        service_name: string | null;
        department_id: string | null;
        status: string;
        status_notes: string | null;
        description: string | null;
        lat: number | null;
        long: number | null;
        address: string | null;
        requested_at: Date;
        updated_at: Date;
        closed_at: Date | null;
      }>(`select * from reports where import_source = '${source}' order by external_id`);
    }

    test('good records load, as Open311 exports name their columns', async () => {
      const path = file('open311-export.csv', [
        header,
        '1001,2018-01-01T00:09:48-05:00,2018-01-02T21:16:34-05:00,closed,Illegal Parking,4f38,"Car parked, blocking the ramp",Case Noted. clear.,"428 W Second St, South Boston",42.337170,-71.044613',
        '1002,2018-01-03 08:00:00,,Open,Street Lights,4f40,"Light out\nsince Tuesday",,,,',
      ]);
      const result = await plaza('import', 'requests', path);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Imported open311-export.csv as source "open311-export": 2 records read');
      expect(result.out).toContain('Loaded: 2. Already loaded before: 0. Rejected: 0.');
      // No progress bar when standard error is not a terminal.
      expect(result.err).toBe('');
      const rows = await reportsOf('open311-export');
      expect(rows).toHaveLength(2);
      const [parking, light] = rows;
      expect(parking).toMatchObject({
        external_id: '1001',
        service_request_id: '1001',
        channel: 'import',
        case_id: null,
        service_code: '4f38',
        service_name: 'Illegal Parking',
        status: 'closed',
        status_notes: 'Case Noted. clear.',
        description: 'Car parked, blocking the ramp',
        lat: 42.33717,
        long: -71.044613,
        address: '428 W Second St, South Boston',
      });
      expect(new Date(parking?.requested_at ?? 0).toISOString()).toBe('2018-01-01T05:09:48.000Z');
      // Closed without a closing date: closed when it was last updated.
      expect(new Date(parking?.closed_at ?? 0).toISOString()).toBe('2018-01-03T02:16:34.000Z');
      expect(light).toMatchObject({ status: 'open', closed_at: null, lat: null, long: null });
      expect(light?.description).toBe('Light out\nsince Tuesday');
      // A date without an offset is the organisation's wall-clock time (America/New_York here).
      expect(new Date(light?.requested_at ?? 0).toISOString()).toBe('2018-01-03T13:00:00.000Z');
      expect(new Date(light?.updated_at ?? 0).toISOString()).toBe('2018-01-03T13:00:00.000Z');
    });

    test('each bad record is rejected with its line and reason; the rest still load', async () => {
      const rejects = join(folder, 'bad-rejects.csv');
      const path = file('bad.csv', [
        header,
        '2001,2018-02-01T10:00:00Z,,closed,Pothole,PH,Fine,,,42.3,-71.0',
        ',2018-02-01T10:00:00Z,,closed,Pothole,PH,No id,,,42.3,-71.0',
        '2003,2018-02-30T10:00:00Z,,closed,Pothole,PH,Thirtieth of February,,,42.3,-71.0',
        '2004,yesterday,,closed,Pothole,PH,Not a date,,,42.3,-71.0',
        '2005,2018-02-01T10:00:00Z,,closed,Pothole,PH,Too far north,,,95.1,-71.0',
        '2006,2018-02-01T10:00:00Z,,Waiting for parts,Pothole,PH,Odd status,,,42.3,-71.0',
        `2007,2018-02-01T10:00:00Z,,closed,Pothole,PH,${'x'.repeat(4001)},,,42.3,-71.0`,
        '2008,2018-02-01T10:00:00Z,,closed,Pothole,PH,Too few columns',
        '2009,2018-02-01T10:00:00Z,,closed,Pothole,,No service code,,,42.3,-71.0',
        '2001,2018-02-02T10:00:00Z,,closed,Pothole,PH,Same id again,,,42.3,-71.0',
        '2010,2018-02-01T10:00:00Z,,closed,Pothole,PH,Latitude only,,,42.3,',
        '2011,2018-02-01T10:00:00Z,,closed,Pothole,PH,Too many columns,,,42.3,-71.0,surplus',
        '2012,2018-02-01T10:00:00Z,,open,Pothole,PH,"Also fine, with a stray ""quote"" in it",,,42.3,-71.0',
        '2013,2018-02-01T10:00:00Z,,open,Pothole,PH,"A quote never closed,,,42.3,-71.0',
      ]);
      const result = await plaza('import', 'requests', path, '--rejects', rejects);
      expect(result.code).toBe(1);
      expect(result.out).toContain('Loaded: 2.');
      expect(result.out).toContain('Rejected: 12.');
      expect(result.out).toContain(`The line and reason of each rejected record are in ${rejects}.`);
      expect((await reportsOf('bad')).map((row) => row.external_id)).toEqual(['2001', '2012']);
      const lines = readFileSync(rejects, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('line,id,reason,message');
      const byLine: Record<string, { id: string; reason: string; line: string }> = {};
      for (const line of lines.slice(1)) {
        const [number = '', id = '', reason = ''] = line.split(',');
        byLine[number] = { id, reason, line };
      }
      expect(byLine['3']).toMatchObject({ id: '', reason: 'missing_id' });
      expect(byLine['4']).toMatchObject({ id: '2003', reason: 'malformed_date' });
      expect(byLine['5']).toMatchObject({ id: '2004', reason: 'malformed_date' });
      expect(byLine['5']?.line).toContain('The requested date ""yesterday"" is not a date');
      expect(byLine['6']).toMatchObject({ id: '2005', reason: 'coordinates_out_of_range' });
      expect(byLine['7']).toMatchObject({ id: '2006', reason: 'unknown_status' });
      expect(byLine['7']?.line).toContain('Waiting for parts');
      expect(byLine['8']).toMatchObject({ id: '2007', reason: 'description_too_long' });
      expect(byLine['8']?.line).toContain('4001 characters; the limit is 4000');
      expect(byLine['9']).toMatchObject({ reason: 'broken_row' });
      expect(byLine['9']?.line).toMatch(/Invalid Record Length: expect 11, got 7 on line 9/);
      expect(byLine['10']).toMatchObject({ id: '2009', reason: 'missing_service_code' });
      expect(byLine['11']).toMatchObject({ id: '2001', reason: 'duplicate_id' });
      expect(byLine['11']?.line).toContain('also on line 2');
      expect(byLine['12']).toMatchObject({ id: '2010', reason: 'incomplete_location' });
      expect(byLine['13']).toMatchObject({ reason: 'broken_row' });
      expect(byLine['13']?.line).toMatch(/expect 11, got 12 on line 13/);
      // A quote opened and never closed swallows the rest of the file: said, with where it ends.
      expect(lines.at(-1)).toMatch(
        /^1[56],,broken_row,.*Quote Not Closed.*from its opening quote to the end/,
      );
      expect(result.out).toMatch(/Rejected records: 3 broken CSV row, 2 malformed date/);
    });

    test('a gzipped file loads, and loading it again adds nothing', async () => {
      const lines = [header];
      for (let index = 1; index <= 25; index++)
        lines.push(
          `G${index},2019-03-0${(index % 9) + 1}T12:00:00Z,,${index % 3 ? 'closed' : 'open'},Graffiti,GR,Tag number ${index},,,42.3,-71.0`,
        );
      const path = file('history.csv.gz', lines, { gzip: true });
      const first = await plaza('import', 'requests', path, '--batch-size', '10');
      expect(first.code).toBe(0);
      expect(first.out).toContain('as source "history"');
      expect(first.out).toContain('Loaded: 25. Already loaded before: 0. Rejected: 0.');
      const again = await plaza('import', 'requests', path, '--batch-size', '7');
      expect(again.code).toBe(0);
      expect(again.out).toContain('Loaded: 0. Already loaded before: 25. Rejected: 0.');
      expect(await reportsOf('history')).toHaveLength(25);
      // Each import that loaded something is in the audit log.
      const audit = await query<{ details: { loaded: number } }>(
        "select details from audit_log where action = 'reports.imported' and subject_id = 'history'",
      );
      expect(audit.map((entry) => entry.details.loaded)).toEqual([25]);
    });

    test('an id another source already uses is rejected, not lost silently', async () => {
      const lines = [header, 'SHARED-1,2018-05-01T10:00:00Z,,open,Pothole,PH,First system,,,42.3,-71.0'];
      expect((await plaza('import', 'requests', file('system-a.csv', lines))).code).toBe(0);
      const rejects = join(folder, 'system-b-rejects.jsonl');
      const result = await plaza('import', 'requests', file('system-b.csv', lines), '--rejects', rejects);
      expect(result.code).toBe(1);
      expect(result.out).toContain('Loaded: 0. Already loaded before: 0. Rejected: 1.');
      expect(JSON.parse(readFileSync(rejects, 'utf8').trim())).toMatchObject({
        line: 2,
        id: 'SHARED-1',
        reason: 'id_taken',
      });
    });

    test('a mapping file and flags map another export, its statuses and its departments', async () => {
      const mapping = join(folder, 'boston.yaml');
      writeFileSync(
        mapping,
        [
          'source: boston-open-data',
          'columns:',
          '  id: case_enquiry_id',
          '  requested: open_dt',
          '  closed: closed_dt',
          '  status: case_status',
          '  serviceCode: type',
          '  department: department',
          '  lat: latitude',
          '  long: longitude',
          'statuses:',
          '  Noted: open',
          'departments:',
          '  PWDx: highways',
        ].join('\n'),
      );
      const path = file('cases-2015.csv', [
        'case_enquiry_id,open_dt,closed_dt,case_status,type,department,latitude,longitude,location_street_name',
        '101001240735,2015-01-01T00:25:23,2015-01-02T16:17:43,Closed,Street Light Outages,PWDx,42.3474,-71.0944,145 Ipswich St',
        '101001240736,2015-01-01T00:30:00,,Noted,Pothole,PWDx,42.35,-71.09,1 Main St',
        '101001240737,2015-01-01T00:40:00,,Open,Pothole,ANML,42.35,-71.09,2 Main St',
      ]);
      const rejects = join(folder, 'cases-rejects.csv');
      const result = await plaza(
        'import',
        'requests',
        path,
        '--mapping',
        mapping,
        '--address',
        'location_street_name',
        '--rejects',
        rejects,
      );
      expect(result.out).toContain('as source "boston-open-data"');
      expect(result.out).toContain('Loaded: 2.');
      expect(result.code).toBe(1);
      expect(readFileSync(rejects, 'utf8')).toContain(
        '4,101001240737,unknown_department,"The department ""ANML"" is not one of this deployment\'s',
      );
      const rows = await reportsOf('boston-open-data');
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        external_id: '101001240735',
        service_code: 'Street Light Outages',
        department_id: 'highways',
        status: 'closed',
        address: '145 Ipswich St',
      });
      expect(new Date(rows[0]?.closed_at ?? 0).toISOString()).toBe('2015-01-02T21:17:43.000Z');
      expect(rows[1]).toMatchObject({ external_id: '101001240736', status: 'open' });
    });

    test('mistakes in the command are named, exit 2 and load nothing', async () => {
      const path = file('plain.csv', [header, 'P1,2018-01-01T00:00:00Z,,open,X,X,Y,,,1,1']);
      const wrongColumn = await plaza('import', 'requests', path, '--id', 'case_id');
      expect(wrongColumn.code).toBe(2);
      expect(wrongColumn.err).toContain('The file has no column "case_id" (--id)');
      expect(wrongColumn.err).toContain('Its columns are: service_request_id, requested_datetime');
      const missing = await plaza('import', 'requests', join(folder, 'nowhere.csv'));
      expect(missing.code).toBe(2);
      expect(missing.err).toContain('There is no file');
      const batch = await plaza('import', 'requests', path, '--batch-size', 'many');
      expect(batch.code).toBe(2);
      const badMapping = join(folder, 'bad-mapping.yaml');
      writeFileSync(badMapping, 'columns:\n  identifier: id\nstatuses:\n  Done: finished\n');
      const mapping = await plaza('import', 'requests', path, '--mapping', badMapping);
      expect(mapping.code).toBe(2);
      expect(mapping.err).toContain('columns: Unrecognized key: "identifier" (known fields: id, serviceCode');
      expect(mapping.err).toContain('statuses.Done');
      const unknownFlag = await plaza('import', 'requests', path, '--colour', 'blue');
      expect(unknownFlag.code).toBe(2);
      expect(await reportsOf('plain')).toHaveLength(0);
    });

    test('a batch the database refuses is stored not at all', async () => {
      const config = loadConfig(env);
      const database = await openConfiguredDatabase(config, 'test batch');
      try {
        const loader =
          database.kind === 'postgres'
            ? await postgresLoader(database.url as string, 'atomic')
            : await pgliteLoader(database.pglite as NonNullable<typeof database.pglite>, 'atomic');
        const record = (id: string, description: string): StagedReport => ({
          line: 2,
          id,
          serviceCode: 'PH',
          serviceName: null,
          departmentId: null,
          status: 'open',
          statusNotes: null,
          description,
          lat: null,
          long: null,
          address: 'Tab\there, backslash \\ and a new\nline',
          requestedAt: Date.UTC(2018, 0, 1),
          updatedAt: Date.UTC(2018, 0, 1),
          expectedAt: null,
          closedAt: null,
        });
        // The second record passes no check of readRecord: the database refuses it, and the first with it.
        await expect(
          loader.load(prepareBatch([record('A1', 'fine'), record('A2', 'y'.repeat(5000))])),
        ).rejects.toThrow(/reports_description_check/);
        const stored = () =>
          database.db.selectFrom('reports').select('address').where('import_source', '=', 'atomic').execute();
        expect(await stored()).toHaveLength(0);
        expect(await loader.load(prepareBatch([record('A1', 'fine')]))).toEqual({
          loaded: 1,
          alreadyLoaded: 0,
          idTaken: [],
        });
        await loader.close();
        expect((await stored())[0]?.address).toBe('Tab\there, backslash \\ and a new\nline');
      } finally {
        await database.close();
      }
    });

    test.runIf(name === 'pglite')(
      'while the server holds the data folder, the command says so and exits 3',
      async () => {
        const server = await openConfiguredDatabase(loadConfig(env), 'server (web, worker)');
        try {
          const result = await plaza('import', 'requests', file('locked.csv', [header]));
          expect(result.code).toBe(3);
          expect(result.err).toContain('in use by another Plaza process');
        } finally {
          await server.close();
        }
      },
    );
  },
);

describe('the plaza import requests command itself', () => {
  test('runs the way npx runs it, and without a terminal prints a summary and no progress bar', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-import-spawn-'));
    const env = {
      ...process.env,
      PLAZA_DATA_DIR: dataDir,
      PLAZA_ENV: 'test',
      PLAZA_SECRET: 'a secret for the import command tests 123',
      LOG_LEVEL: 'silent',
    };
    try {
      const cli = ['--import', 'tsx', join(repositoryRoot, 'src', 'cli', 'plaza.ts')];
      await run(process.execPath, [...cli, 'db', 'migrate'], { cwd: repositoryRoot, env });
      const csv = join(dataDir, 'spawned.csv.gz');
      writeFileSync(
        csv,
        gzipSync(`${header}\nS1,2018-01-01T00:00:00Z,,closed,Pothole,PH,Deep pothole,,,42.3,-71.0\n`),
      );
      const { stdout, stderr } = await run(process.execPath, [...cli, 'import', 'requests', csv], {
        cwd: repositoryRoot,
        env,
      });
      expect(stdout).toContain('Loaded: 1. Already loaded before: 0. Rejected: 0.');
      expect(stderr).toBe('');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
