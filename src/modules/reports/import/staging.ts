/**
 * Loading batches of checked records into `reports` through the database's bulk path: COPY into a temporary
 * staging table (pg-copy-streams on PostgreSQL; PGlite's COPY FROM '/dev/blob' on the embedded database), then
 * one `insert … select … on conflict do nothing`, all in one transaction per batch. A batch is stored whole or
 * not at all; a record loaded before (same source, same id) is skipped, so running the same file again
 * finishes an interrupted import and adds nothing twice.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StagedReport } from './records.js';

export interface BatchOutcome {
  loaded: number;
  alreadyLoaded: number;
  /** Records whose id another report already has as its service_request_id (another source, or Plaza's own). */
  idTaken: { line: number; id: string }[];
}

/** A batch in COPY's text format, made before the previous batch has finished loading. */
export interface PreparedBatch {
  count: number;
  text: string;
}

export interface StagingLoader {
  /** How many batches may load at once. */
  readonly parallel: number;
  load(batch: PreparedBatch): Promise<BatchOutcome>;
  close(): Promise<void>;
}

const stagingTable = `create temporary table if not exists import_staging (
  line integer not null,
  external_id text not null,
  service_code text not null,
  service_name text,
  department_id text,
  status text not null,
  status_notes text,
  description text,
  lat double precision,
  long double precision,
  address text,
  requested_at timestamptz not null,
  updated_at timestamptz not null,
  expected_at timestamptz,
  closed_at timestamptz
) on commit delete rows`;

const copyColumns =
  'line, external_id, service_code, service_name, department_id, status, status_notes, description, lat, long, address, requested_at, updated_at, expected_at, closed_at';

/**
 * The CTE's insert is invisible to the outer query, which sees `reports` as it was before the statement: a
 * staged record not inserted either was loaded before (same source and id) or collides with another report's
 * service_request_id.
 */
const insertSql = `with inserted as (
  insert into reports (id, service_request_id, case_id, service_code, service_name, department_id, status,
    status_notes, description, lat, long, address, requested_at, updated_at, expected_at, closed_at, channel,
    import_source, external_id)
  select gen_random_uuid(), s.external_id, null, s.service_code, s.service_name, s.department_id, s.status,
    s.status_notes, s.description, s.lat, s.long, s.address, s.requested_at, s.updated_at, s.expected_at,
    s.closed_at, 'import', $1, s.external_id
  from import_staging s
  on conflict do nothing
  returning external_id
)
select s.line, s.external_id, exists (
  select 1 from reports r where r.import_source = $1 and r.external_id = s.external_id
) as already_loaded
from import_staging s
where not exists (select 1 from inserted i where i.external_id = s.external_id)`;

interface NotInsertedRow {
  line: number;
  external_id: string;
  already_loaded: boolean;
}

function outcome(batchSize: number, rows: NotInsertedRow[]): BatchOutcome {
  const idTaken = rows
    .filter((row) => !row.already_loaded)
    .map((row) => ({ line: row.line, id: row.external_id }));
  return { loaded: batchSize - rows.length, alreadyLoaded: rows.length - idTaken.length, idTaken };
}

/** COPY's text format: tab-separated, `\N` for null, backslash escapes. */
const text = (value: string | null): string =>
  value === null
    ? '\\N'
    : /[\\\t\n\r]/.test(value)
      ? value.replace(/[\\\t\n\r]/g, (character) =>
          character === '\\' ? '\\\\' : character === '\t' ? '\\t' : character === '\n' ? '\\n' : '\\r',
        )
      : value;
const number = (value: number | null): string => (value === null ? '\\N' : String(value));
const time = (value: number | null): string => (value === null ? '\\N' : new Date(value).toISOString());

export function prepareBatch(batch: StagedReport[]): PreparedBatch {
  return { count: batch.length, text: copyText(batch) };
}

function copyText(batch: StagedReport[]): string {
  const lines = new Array<string>(batch.length);
  for (let index = 0; index < batch.length; index++) {
    const report = batch[index] as StagedReport;
    lines[index] = [
      String(report.line),
      text(report.id),
      text(report.serviceCode),
      text(report.serviceName),
      text(report.departmentId),
      report.status,
      text(report.statusNotes),
      text(report.description),
      number(report.lat),
      number(report.long),
      text(report.address),
      time(report.requestedAt),
      time(report.updatedAt),
      time(report.expectedAt),
      time(report.closedAt),
    ].join('\t');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * On PostgreSQL: connections of its own (the staging table lives in one session), two by default, so that one
 * batch is inserted while the next is copied and PostgreSQL uses both cores. Two batches never hold the same
 * id (the importer rejects an id repeated in the file), so they cannot wait on each other's rows.
 */
export async function postgresLoader(url: string, source: string, connections = 2): Promise<StagingLoader> {
  const clients: pg.Client[] = [];
  try {
    for (let index = 0; index < connections; index++) {
      const client = new pg.Client({ connectionString: url });
      clients.push(client);
      await client.connect();
      await client.query(stagingTable);
    }
  } catch (error) {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    throw error;
  }
  const idle = [...clients];
  return {
    parallel: connections,
    async load(batch) {
      const client = idle.pop();
      if (!client) throw new Error(`More than ${connections} batches at once`);
      try {
        await client.query('begin');
        try {
          const copy = client.query(copyFrom(`copy import_staging (${copyColumns}) from stdin`));
          await pipeline(Readable.from([batch.text]), copy);
          const result = await client.query<NotInsertedRow>(insertSql, [source]);
          await client.query('commit');
          return outcome(batch.count, result.rows);
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          throw error;
        }
      } finally {
        idle.push(client);
      }
    },
    async close() {
      await Promise.all(clients.map((client) => client.end()));
    },
  };
}

/** On PGlite: its COPY reads the batch from a Blob standing in for the file '/dev/blob'. */
export async function pgliteLoader(pglite: PGlite, source: string): Promise<StagingLoader> {
  await pglite.exec(stagingTable);
  return {
    // One thread, one connection.
    parallel: 1,
    async load(batch) {
      return pglite.transaction(async (tx) => {
        await tx.query(`copy import_staging (${copyColumns}) from '/dev/blob'`, [], {
          blob: new Blob([batch.text]),
        });
        const result = await tx.query<NotInsertedRow>(insertSql, [source]);
        return outcome(batch.count, result.rows);
      });
    },
    async close() {
      await pglite.exec('drop table if exists import_staging');
    },
  };
}
