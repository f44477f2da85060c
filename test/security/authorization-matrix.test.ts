/**
 * Every route, as every kind of person: anonymous, a citizen, and staff in each role. Each route's declared
 * access decides who gets through (anything but a sign-in redirect, 401 or 403) and who is refused; a
 * route without a declaration stops the server from starting, so none can be added without a decision.
 * Partner systems' clients, with each scope, get through only where a route names a scope they hold.
 * Then, by id: nobody reaches someone else's draft, application, file or department by changing an id.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RouteAccess } from '../../src/platform/auth/access.js';
import {
  apiScopes,
  hasCapability,
  roleCapabilities,
  type ApiScope,
  type Capability,
  type StaffRole,
} from '../../src/modules/identity/index.js';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

type Who = 'anonymous' | 'citizen' | StaffRole;
const everyone: Who[] = ['anonymous', 'citizen', 'caseworker', 'manager', 'designer', 'admin', 'auditor'];

function expected(access: RouteAccess['access'], who: Who): 'allowed' | 'refused' {
  if (access === 'public') return 'allowed';
  if (access === 'citizen') return who === 'citizen' ? 'allowed' : 'refused';
  if (who === 'anonymous' || who === 'citizen') return 'refused';
  if (access === 'staff') return 'allowed';
  if (access.staff === undefined) return 'refused';
  return roleCapabilities[who].includes(access.staff as Capability) ? 'allowed' : 'refused';
}

/** A partner system's client gets through where a route names a scope it holds, and public routes. */
function expectedForClient(access: RouteAccess['access'], scopes: readonly string[]): 'allowed' | 'refused' {
  if (access === 'public') return 'allowed';
  return typeof access === 'object' && access.client !== undefined && scopes.includes(access.client)
    ? 'allowed'
    : 'refused';
}

/** The refusals the access gate makes; anything else (a CSRF refusal, a 404, a 400) came after it. */
const gateCodes = /^(access\.|auth\.)/;

async function sendApplication(
  t: TestApp,
  client: TestClient,
  email: string,
): Promise<{ reference: string; draft: string }> {
  await client.get('/services/bulky-waste-collection/apply');
  const next = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
  const draft = next.url.replace(/\/[^/]+$/, '');
  await client.post(`${draft}/item-count`, { item_count: '1' });
  await client.post(`${draft}/collection-address`, {
    'collection_address-line1': '7 Bridge Road',
    'collection_address-town': 'Demo City',
    'collection_address-postcode': 'DC5 6GH',
  });
  await client.post(`${draft}/item-location`, { item_location: 'kerbside' });
  await client.post(`${draft}/preferred-date`, {
    'preferred_date-day': '12',
    'preferred_date-month': '3',
    'preferred_date-year': '2026',
  });
  await client.post(`${draft}/email`, { email });
  await client.post(`${draft}/phone`, { phone: '0300 555 0123' });
  const sent = await client.post(`${draft}/check`);
  return { reference: sent.url.split('/')[2] as string, draft };
}

describe.each(testDatabases())('authorization on $name', (database) => {
  let t: TestApp;
  const clients = new Map<Who, TestClient>();
  let reference: string;

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    for (const role of everyone.slice(2) as StaffRole[]) {
      await t.createStaff(
        `${role}@demo-city.example`,
        [{ role, departmentId: role === 'admin' || role === 'designer' ? null : 'environment' }],
        role,
      );
    }
    const anonymous = t.client();
    await anonymous.get('/sign-in'); // a page with a form, for a CSRF token
    clients.set('anonymous', anonymous);
    const citizen = t.client();
    ({ reference } = await sendApplication(t, citizen, 'matrix@example.org'));
    await signInCitizen(t, citizen, 'matrix@example.org');
    clients.set('citizen', citizen);
    for (const role of everyone.slice(2) as StaffRole[]) {
      const staff = t.client();
      await signInStaff(staff, `${role}@demo-city.example`);
      clients.set(role, staff);
    }
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('every route declares its access, and the gate lets through exactly who it says', async () => {
    const routes = t.app.server.accessTable.filter((route) => !route.url.startsWith('/assets/'));
    expect(routes.length).toBeGreaterThan(35);
    const params: Record<string, string> = {
      slug: 'bulky-waste-collection',
      reference,
      draftId: randomUUID(),
      pageId: 'item-count',
      fileId: randomUUID(),
      requestId: randomUUID(),
      token: 'not-a-real-resume-token-000',
      // Reports: a step of a report draft nobody began, and a public report that exists (the application's case).
      step: 'location',
      serviceRequestId: reference,
    };
    // Signing out last (everywhere, then here): they end the sessions the other checks use.
    const endsSessions = (url: string): number =>
      url === '/sign-out' ? 2 : url === '/account/sign-out-everywhere' ? 1 : 0;
    const ordered = [...routes].sort((a, b) => endsSessions(a.url) - endsSessions(b.url));
    const mismatches: string[] = [];
    for (const route of ordered) {
      const url = route.url.replace(/:(\w+)/g, (_match, name: string) => params[name] ?? name);
      for (const who of everyone) {
        const client = clients.get(who) as TestClient;
        let status: number;
        let location = '';
        if (url.startsWith('/api/')) {
          const response = await client.api(
            route.method as 'GET' | 'POST',
            url,
            route.method === 'POST' ? {} : undefined,
          );
          status = response.status;
        } else {
          const response = await client.raw(url, route.method as 'GET' | 'POST');
          status = response.statusCode;
          location = String(response.headers.location ?? '');
        }
        const refused = status === 401 || status === 403 || /^\/(staff\/)?sign-in\?/.test(location);
        const outcome = refused ? 'refused' : 'allowed';
        if (status >= 500) mismatches.push(`${route.method} ${route.url} as ${who}: ${status}`);
        else if (outcome !== expected(route.access, who)) {
          mismatches.push(
            `${route.method} ${route.url} as ${who}: ${outcome} (${status}), expected ${expected(route.access, who)}`,
          );
        }
      }
      // The citizen's browser was signed out everywhere: a page gives it a token for the forms still to go.
      if (route.url === '/account/sign-out-everywhere')
        await (clients.get('citizen') as TestClient).get('/sign-in');
      if (route.url === '/sign-out') break;
    }
    expect(mismatches).toEqual([]);
  });

  test('the role model: auditors read, never change; designers and administrators see no cases', () => {
    const principal = (role: StaffRole) => ({
      id: 'x',
      kind: 'staff' as const,
      email: 'x',
      name: null,
      roles: [{ role, departmentId: 'environment' }],
    });
    expect(hasCapability(principal('auditor'), 'cases.view', 'environment')).toBe(true);
    expect(hasCapability(principal('auditor'), 'cases.work', 'environment')).toBe(false);
    expect(hasCapability(principal('caseworker'), 'cases.view', 'transport')).toBe(false);
    expect(hasCapability(principal('designer'), 'cases.view')).toBe(false);
    expect(hasCapability(principal('admin'), 'cases.view')).toBe(false);
  });
});

describe.each(testDatabases())('authorization of partner systems on $name', (database) => {
  let t: TestApp;
  let reference: string;
  // Each scope alone, and all of them together.
  const scopeSets: ApiScope[][] = [...apiScopes.map((scope) => [scope]), [...apiScopes]];
  const keys = new Map<ApiScope[], string>();

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    ({ reference } = await sendApplication(t, t.client(), 'matrix.partner@example.org'));
    for (const scopes of scopeSets) {
      const { secret } = await t.app.partners.create(
        { type: 'system', id: null },
        { kind: 'api_key', name: scopes.join(' '), scopes, departments: ['environment'] },
      );
      keys.set(scopes, secret);
    }
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('every route, as a client with each scope: through exactly where its access names a scope it holds', async () => {
    const routes = t.app.server.accessTable.filter((route) => !route.url.startsWith('/assets/'));
    expect(routes.filter((route) => typeof route.access === 'object' && route.access.client)).not.toEqual([]);
    const params: Record<string, string> = {
      slug: 'bulky-waste-collection',
      reference,
      draftId: randomUUID(),
      pageId: 'item-count',
      fileId: randomUUID(),
      requestId: randomUUID(),
      token: 'not-a-real-resume-token-000',
      id: randomUUID(),
      grantId: randomUUID(),
    };
    const mismatches: string[] = [];
    for (const route of routes) {
      const url = route.url.replace(/:(\w+)/g, (_match, name: string) => params[name] ?? name);
      for (const scopes of scopeSets) {
        const api = url.startsWith('/api/');
        const response = await t.app.server.inject({
          method: route.method as 'GET' | 'POST',
          url,
          headers: {
            authorization: `Bearer ${keys.get(scopes) as string}`,
            accept: 'application/json',
            ...(route.method === 'POST'
              ? { 'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded' }
              : {}),
          },
          payload: route.method === 'POST' ? (api ? '{}' : '') : undefined,
        });
        const json = String(response.headers['content-type']).includes('json');
        const code = json ? String(response.json<{ code?: string }>().code ?? '') : '';
        // Open311 answers with its own error bodies, and 403 for every API key problem (GeoReport v2).
        const open311 = url.startsWith('/open311/');
        const refused =
          (response.statusCode === 401 || response.statusCode === 403) && (gateCodes.test(code) || open311);
        const outcome = refused ? 'refused' : 'allowed';
        const wanted = expectedForClient(route.access, scopes);
        if (response.statusCode >= 500)
          mismatches.push(`${route.method} ${route.url} as ${scopes.join('+')}: ${response.statusCode}`);
        else if (outcome !== wanted)
          mismatches.push(
            `${route.method} ${route.url} as ${scopes.join('+')}: ${outcome} (${response.statusCode} ${code}), expected ${wanted}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe.each(testDatabases())('access by id on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'elsewhere@demo-city.example',
      [{ role: 'caseworker', departmentId: 'transport' }],
      'Elsewhere',
    );
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('another citizen, or staff of another department, cannot reach a draft, application or file by its id', async () => {
    const owner = t.client();
    const { reference } = await sendApplication(t, owner, 'owner@example.org');
    await owner.get('/services/bulky-waste-collection/apply');
    const pending = await owner.post('/services/bulky-waste-collection/apply', { items: 'carpet' });
    const draft = pending.url.replace(/\/[^/]+$/, '');
    const caseId = (
      await t.database.db
        .selectFrom('cases')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow()
    ).id;
    const fileId = randomUUID();
    await t.database.db
      .insertInto('files')
      .values({
        id: fileId,
        owner_type: 'case',
        owner_id: caseId,
        field: null,
        original_name: 'x.pdf',
        media_type: 'application/pdf',
        size_bytes: 1,
        sha256: 'x',
        content: Buffer.from('x'),
      })
      .execute();

    const stranger = t.client();
    await signInCitizen(t, stranger, 'stranger@example.org');
    expect((await stranger.get(`${draft}/item-count`)).status).toBe(404);
    expect((await stranger.post(`${draft}/item-count`, { item_count: '9' })).status).toBe(404);
    expect((await stranger.get(`${draft}/save`)).status).toBe(404);
    expect((await stranger.get(`/account/applications/${reference}`)).status).toBe(404);
    expect((await stranger.raw(`/account/applications/${reference}/files/${fileId}`)).statusCode).toBe(404);
    expect((await stranger.get(`/applications/${reference}/confirmation`)).status).toBe(404);

    const staff = t.client();
    await signInStaff(staff, 'elsewhere@demo-city.example');
    expect((await staff.get(`/staff/cases/${reference}`)).status).toBe(403);
    expect((await staff.raw(`/staff/cases/${reference}/files/${fileId}`)).statusCode).toBe(404);
    expect((await staff.api('GET', `/api/cases/${reference}`)).status).toBe(403);
    expect((await staff.api('GET', '/api/cases?department=environment')).status).toBe(403);

    const owned = await owner.get(`/applications/${reference}/confirmation`);
    expect(owned.status).toBe(200);
  });

  test('staff of another department cannot apply for someone with a service of another department, nor continue their draft', async () => {
    await t.createStaff('assist@demo-city.example', [{ role: 'caseworker', departmentId: 'environment' }]);
    const assisting = t.client();
    await signInStaff(assisting, 'assist@demo-city.example');
    await assisting.get('/staff/assist');
    const begun = await assisting.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'phone',
      name: 'Someone',
    });
    expect(begun.url).toMatch(/^\/apply\/[0-9a-f-]{36}\/items$/);
    const staff = t.client();
    await signInStaff(staff, 'elsewhere@demo-city.example');
    await staff.get('/staff/assist');
    const refused = await staff.post('/staff/assist', {
      service: 'bulky-waste-collection',
      channel: 'phone',
      name: 'Someone',
    });
    expect(refused.status).toBe(403);
    expect((await staff.get(begun.url)).status).toBe(404);
    expect((await staff.post(begun.url, { items: 'sofa' })).status).toBe(404);
    const citizen = t.client();
    await signInCitizen(t, citizen, 'someone@example.org');
    expect((await citizen.get(begun.url)).status).toBe(404);
  });

  test('staff of another department cannot merge, move, refer or re-type a report, nor open its photos', async () => {
    const file = (description: string) =>
      t.app.reports.fileReport({
        serviceSlug: 'report-pothole',
        answers: { size: 'large', surface: 'road' },
        description,
        location: { lat: 51.9497, long: -1.0549 },
        photos: [],
        channel: 'web',
        citizenUserId: null,
        actor: { type: 'anonymous', id: null },
      });
    const original = await file('Pothole outside the library');
    const duplicate = await file('Pothole by the library steps');
    const photoId = randomUUID();
    await t.database.db
      .insertInto('files')
      .values({
        id: photoId,
        owner_type: 'case',
        owner_id: duplicate.caseId,
        field: 'photos',
        original_name: 'photo.jpg',
        media_type: 'image/jpeg',
        size_bytes: 1,
        sha256: 'x',
        content: Buffer.from('x'),
      })
      .execute();
    const staff = t.client();
    await signInStaff(staff, 'elsewhere@demo-city.example');
    await staff.get('/staff/queue');
    const base = `/staff/cases/${duplicate.serviceRequestId}/report`;
    const attempts: [string, Record<string, string>][] = [
      ['merge', { version: '1', original: original.serviceRequestId }],
      ['department', { version: '1', department: 'transport' }],
      ['not-ours', { version: '1', referral: 'demo-water' }],
      ['triage', { version: '1' }],
      ['triage/undo', { version: '1' }],
    ];
    for (const [action, fields] of attempts)
      expect([action, (await staff.post(`${base}/${action}`, fields)).status]).toEqual([action, 403]);
    expect((await staff.raw(`${base}/photos/${photoId}`)).statusCode).toBe(404);
    const unchanged = await t.database.db
      .selectFrom('cases')
      .innerJoin('reports', 'reports.case_id', 'cases.id')
      .select(['cases.state', 'cases.department_id', 'cases.version', 'reports.duplicate_of'])
      .where('cases.id', '=', duplicate.caseId)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({
      state: 'received',
      department_id: 'highways',
      version: 1,
      duplicate_of: null,
    });
  });
});
