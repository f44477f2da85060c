/**
 * Service definitions belong to the deployment: a broken file is reported (file, place, line, problem) and
 * left unpublished while the rest of Plaza runs; a changed file publishes a new version, and applications
 * already under way keep the version they began with.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../../src/modules/audit/index.js';
import { loadServiceDefinitions } from '../../src/modules/catalogue/index.js';
import { formatProblem } from '../../src/platform/definitions/yaml-files.js';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { signInStaff, startTestApp, type TestApp } from '../support/test-app.js';

const demo = join(repositoryRoot, 'definitions', 'demo-city');

function copyOfDemo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-definitions-'));
  cpSync(demo, dir, { recursive: true });
  return dir;
}

describe('loading definitions', () => {
  test('problems name the file, the place in it, the line and what is wrong', () => {
    const dir = copyOfDemo();
    const file = join(dir, 'services', 'street-party-permit.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/type: date/, 'type: calendar'));
    writeFileSync(join(dir, 'services', 'broken.yaml'), 'slug: broken\ntitle: [unclosed\n');
    const loaded = loadServiceDefinitions(
      dir,
      new Set(['transport', 'planning', 'environment', 'licensing', 'civil-registration']),
    );
    const messages = loaded.problems.map(formatProblem);
    expect(
      messages.some((message) =>
        /street-party-permit\.yaml:\d+ pages\[\d+\]\.questions\[0\]\.type: /.test(message),
      ),
    ).toBe(true);
    expect(
      messages.some((message) => message.includes('broken.yaml') && message.includes('is not valid YAML')),
    ).toBe(true);
    expect(loaded.services.map(({ service }) => service.slug)).not.toContain('street-party-permit');
    expect(loaded.services.filter(({ service }) => service.kind === 'application')).toHaveLength(5);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a condition on a question not asked yet, an unknown department and a bad placeholder are caught', () => {
    const dir = copyOfDemo();
    const file = join(dir, 'services', 'bulky-waste-collection.yaml');
    let text = readFileSync(file, 'utf8');
    text = text.replace(
      "condition: { 'in': ['other', { 'var': 'items' }] }",
      "condition: { '==': [{ 'var': 'phone' }, 'x'] }",
    );
    text = text.replace('department: environment', 'department: parks');
    writeFileSync(file, text);
    const loaded = loadServiceDefinitions(dir, new Set(['environment']));
    const messages = loaded.problems
      .filter((problem) => problem.file === file)
      .map((problem) => `${problem.path}: ${problem.message}`);
    expect(messages).toContain('department: unknown department "parks" (see departments.yaml)');
    expect(
      messages.some(
        (message) =>
          message.includes('condition') &&
          message.includes('refers to "phone", which is not a question asked before this point'),
      ),
    ).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('reserved page ids', () => {
  test('a page called "check" or "save" is refused, naming why', () => {
    const dir = copyOfDemo();
    const file = join(dir, 'services', 'bulky-waste-collection.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - id: item-count', '  - id: check'));
    const loaded = loadServiceDefinitions(dir, new Set(['environment']));
    const problem = loaded.problems.find((candidate) => candidate.file === file);
    expect(problem?.message).toBe('is reserved: "check" and "save" are pages Plaza adds');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.each(testDatabases())('publishing on $name', (database) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = copyOfDemo();
    const file = join(dir, 'services', 'business-licence.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('workflow: standard-permit', 'workflow: no-such-workflow'),
    );
    t = await startTestApp({ database: await database.open(), env: { PLAZA_DEFINITIONS_DIR: dir } });
    await t.createStaff('admin@demo-city.example', [{ role: 'admin', departmentId: null }], 'Ada Admin');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a broken definition is left unpublished and reported to staff; the others are served', async () => {
    expect((await t.app.server.inject({ url: '/services/business-licence' })).statusCode).toBe(404);
    expect((await t.app.server.inject({ url: '/services/building-permit' })).statusCode).toBe(200);
    const staff = t.client();
    await signInStaff(staff, 'admin@demo-city.example');
    const page = await staff.get('/staff/service-definitions');
    expect(page.body).toContain('business-licence.yaml');
    expect(page.document.body.textContent).toMatch(
      /business-licence\.yaml:\d+ workflow: unknown workflow "no-such-workflow"/,
    );
  });

  test('a changed definition becomes version 2; a draft begun on version 1 is sent on version 1', async () => {
    const client = t.client();
    await client.get('/services/bulky-waste-collection/apply');
    const first = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    const draft = first.url.replace(/\/[^/]+$/, '');

    const file = join(dir, 'services', 'bulky-waste-collection.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'title: Book a bulky waste collection',
        'title: Book a large item collection',
      ),
    );
    const { organisation } = { organisation: [...t.app.departments.keys()] };
    const report = await t.app.catalogue.sync(
      loadServiceDefinitions(dir, new Set(organisation)),
      systemActor,
    );
    expect(report.published).toEqual([{ slug: 'bulky-waste-collection', version: 2 }]);
    expect(
      (await client.get('/services/bulky-waste-collection')).screen.getByRole('heading', { level: 1 })
        .textContent,
    ).toBe('Book a large item collection');

    await client.post(`${draft}/item-count`, { item_count: '1' });
    await client.post(`${draft}/collection-address`, {
      'collection_address-line1': '1 High Street',
      'collection_address-town': 'Demo City',
      'collection_address-postcode': 'DC1 1AA',
    });
    await client.post(`${draft}/item-location`, { item_location: 'front-garden' });
    await client.post(`${draft}/preferred-date`, {
      'preferred_date-day': '9',
      'preferred_date-month': '3',
      'preferred_date-year': '2026',
    });
    await client.post(`${draft}/email`, { email: 'early@example.org' });
    const check = await client.post(`${draft}/phone`, { phone: '0300 555 0100' });
    expect(check.body).toContain('Book a bulky waste collection');
    const sent = await client.post(`${draft}/check`);
    const reference = sent.url.split('/')[2] as string;
    const row = await t.database.db
      .selectFrom('cases')
      .innerJoin('service_versions', 'service_versions.id', 'cases.service_version_id')
      .select('service_versions.version')
      .where('cases.reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(row.version).toBe(1);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'service.published')
      .where('subject_id', '=', 'bulky-waste-collection')
      .execute();
    expect(audit.map((entry) => entry.details.version)).toEqual([1, 2]);
  });
});
