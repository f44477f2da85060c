/**
 * Partner systems on the JSON API: an API key or an OAuth 2 access token (client credentials) lets a
 * program read and work the cases of its departments, within its scopes, without a session or a CSRF token;
 * everything it does is in the audit log under its own name; revoking it stops it at once; a browser's
 * session never gets past CSRF however the route is configured.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { rolesIn } from '../../src/modules/identity/index.js';
import type { Principal } from '../../src/platform/auth/principal.js';
import { testDatabases } from '../support/database.js';
import { sendBulkyWasteApplication } from '../support/bulky-waste.js';
import { signInStaff, startTestApp, type TestApp } from '../support/test-app.js';

const system = { type: 'system', id: null } as const;

interface Json {
  status: number;
  body: Record<string, unknown>;
  headers: LightMyRequestResponse['headers'];
}

describe.each(testDatabases())('partner systems on $name', (database) => {
  let t: TestApp;
  let reference: string;

  async function call(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Json> {
    const response = await t.app.server.inject({
      method,
      url,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.statusCode,
      body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  }

  async function token(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Json> {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(form).toString(),
    });
    return {
      status: response.statusCode,
      body: JSON.parse(response.body) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

  async function auditOf(actorId: string) {
    return t.database.db
      .selectFrom('audit_log')
      .select(['actor_type', 'action', 'subject_type', 'details'])
      .where('actor_id', '=', actorId)
      .orderBy('seq')
      .execute();
  }

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    reference = await sendBulkyWasteApplication(t, 'partner.case@example.org');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('an API key reads and works its department’s cases, with every call in the audit log as the client', async () => {
    const { client, secret } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Waste contractor',
      scopes: ['cases:read', 'cases:write'],
      departments: ['environment'],
    });
    expect(secret).toMatch(/^plz_[A-Za-z0-9_-]{43}$/);
    expect(client.secretPrefix).toBe(secret.slice(0, 12));
    const stored = await t.database.db
      .selectFrom('api_clients')
      .selectAll()
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(JSON.stringify(stored)).not.toContain(secret.slice(12));

    const queue = await call('GET', '/api/cases', bearer(secret));
    expect(queue.status).toBe(200);
    expect((queue.body.items as { reference: string }[]).map((item) => item.reference)).toContain(reference);
    const viaHeader = await call('GET', `/api/cases/${reference}`, { 'x-api-key': secret });
    expect(viaHeader.status).toBe(200);
    const version = viaHeader.body.version as number;
    expect(viaHeader.body.availableTransitions).toContainEqual(
      expect.objectContaining({ id: 'book_collection' }),
    );

    const note = await call('POST', `/api/cases/${reference}/notes`, bearer(secret), {
      note: 'Crew told by the contractor system.',
    });
    expect(note.status).toBe(204);
    const moved = await call('POST', `/api/cases/${reference}/transitions`, bearer(secret), {
      transition: 'book_collection',
      version,
      message: 'Booked for Thursday.',
    });
    expect(moved.status).toBe(200);
    expect(moved.headers['set-cookie']).toBeUndefined();

    const after = await call('GET', `/api/cases/${reference}`, bearer(secret));
    const events = after.body.events as { type: string; actor: { id: string; name: string } | null }[];
    expect(events.filter((event) => event.type !== 'submitted').map((event) => event.actor)).toEqual([
      { id: client.id, name: 'Waste contractor' },
      { id: client.id, name: 'Waste contractor' },
    ]);

    const audit = await auditOf(client.id);
    expect(audit.every((entry) => entry.actor_type === 'client')).toBe(true);
    expect(audit.map((entry) => entry.action)).toEqual([
      'case.listed',
      'case.viewed',
      'case.note_added',
      'case.transitioned',
      'case.viewed',
    ]);
    expect((await call('GET', '/api/cases', bearer(secret))).status).toBe(200);
    const listed = (await auditOf(client.id)).at(-1);
    expect(listed?.details).toMatchObject({ references: [reference] });

    // Staff see who did it, on the case's page.
    await t.createStaff('partner.viewer@demo-city.example', [
      { role: 'caseworker', departmentId: 'environment' },
    ]);
    const staff = t.client();
    await signInStaff(staff, 'partner.viewer@demo-city.example');
    const page = await staff.get(`/staff/cases/${reference}`);
    expect(page.document.querySelector('.plaza-timeline')?.textContent).toContain('Waste contractor');
  });

  test('a client reaches only its departments, within its scopes, and is refused pages and staff-only routes', async () => {
    const { secret: transportOnly } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Parking operator',
      scopes: 'cases:read,cases:write',
      departments: 'transport',
    });
    expect((await call('GET', `/api/cases/${reference}`, bearer(transportOnly))).status).toBe(403);
    expect((await call('GET', '/api/cases?department=environment', bearer(transportOnly))).status).toBe(403);
    const own = await call('GET', '/api/cases', bearer(transportOnly));
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([]);
    const refusedNote = await call('POST', `/api/cases/${reference}/notes`, bearer(transportOnly), {
      note: 'Not my case',
    });
    expect(refusedNote.status).toBe(403);

    const { secret: readOnly } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Dashboard',
      scopes: ['cases:read'],
      departments: ['environment'],
    });
    expect((await call('GET', `/api/cases/${reference}`, bearer(readOnly))).status).toBe(200);
    const write = await call('POST', `/api/cases/${reference}/notes`, bearer(readOnly), { note: 'x' });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ code: 'access.scope', requiredScope: 'cases:write' });
    expect(write.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="cases:write"');

    const page = await t.app.server.inject({ method: 'GET', url: '/staff/queue', headers: bearer(readOnly) });
    expect(page.statusCode).toBe(403);
    const citizenPage = await t.app.server.inject({
      method: 'GET',
      url: '/account/applications',
      headers: bearer(readOnly),
    });
    expect(citizenPage.statusCode).toBe(403);
    // Public pages stay public.
    expect(
      (await t.app.server.inject({ method: 'GET', url: '/', headers: bearer(readOnly) })).statusCode,
    ).toBe(200);
  });

  test('a client acts with a caseworker’s workflow roles, never a manager’s', () => {
    const client: Principal = {
      id: 'x',
      kind: 'client',
      email: '',
      name: 'x',
      roles: [],
      client: { scopes: ['cases:read', 'cases:write'], departmentIds: ['planning'] },
    };
    expect(rolesIn(client, 'planning')).toEqual(['caseworker']);
    expect(rolesIn(client, 'environment')).toEqual([]);
    expect(
      rolesIn({ ...client, client: { scopes: ['cases:read'], departmentIds: ['planning'] } }, 'planning'),
    ).toEqual([]);
  });

  test('a wrong, malformed or revoked credential is refused with 401, never passed over for a cookie', async () => {
    const staff = t.client();
    await t.createStaff('cookie.holder@demo-city.example', [
      { role: 'caseworker', departmentId: 'environment' },
    ]);
    await signInStaff(staff, 'cookie.holder@demo-city.example');
    expect((await staff.api('GET', '/api/cases')).status).toBe(200);

    const wrong: Record<string, string>[] = [
      { authorization: 'Bearer plz_not-a-real-key' },
      { authorization: 'Bearer' },
      { 'x-api-key': '' },
      { 'x-api-key': 'plzat_made-up' },
    ];
    for (const headers of wrong) {
      // The staff member's cookie goes with each: it is never used instead of the credential.
      const refused = await staff.api('GET', '/api/cases', undefined, headers);
      expect(refused.status).toBe(401);
      expect((refused.json as { code: string }).code).toBe('auth.invalid_credentials');
      expect(refused.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
    expect((await staff.api('GET', '/api/cases')).status).toBe(200);

    const { client, secret } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Soon gone',
      scopes: ['cases:read'],
      departments: ['environment'],
    });
    // Two different credentials in one request: neither is used.
    const { secret: other } = await t.app.partners.create(system, {
      kind: 'api_key',
      name: 'Other',
      scopes: ['cases:read'],
      departments: ['environment'],
    });
    expect((await call('GET', '/api/cases', { ...bearer(secret), 'x-api-key': other })).status).toBe(401);
    expect((await call('GET', '/api/cases', bearer(secret))).status).toBe(200);
    const { changed } = await t.app.partners.revoke(system, client.id);
    expect(changed).toBe(true);
    expect((await call('GET', '/api/cases', bearer(secret))).status).toBe(401);
    expect((await t.app.partners.revoke(system, client.id)).changed).toBe(false);
  });

  test('a browser’s session never skips CSRF on the routes that take a client’s credential instead', async () => {
    await t.createStaff('csrf.check@demo-city.example', [
      { role: 'caseworker', departmentId: 'environment' },
    ]);
    const staff = t.client();
    await signInStaff(staff, 'csrf.check@demo-city.example');
    const csrf = staff.csrf;
    staff.csrf = undefined;
    const forged = await staff.api('POST', `/api/cases/${reference}/notes`, {
      note: 'Forged from another site',
    });
    staff.csrf = csrf;
    expect(forged.status).toBe(403);
    expect((forged.json as { code: string }).code).toBe('csrf.invalid');
    // A Basic header is not a client's credential: the session is still the one acting, and still checked.
    staff.csrf = undefined;
    const basic = await staff.api(
      'POST',
      `/api/cases/${reference}/notes`,
      { note: 'Forged with a Basic header' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    );
    staff.csrf = csrf;
    expect(basic.status).toBe(403);
    expect((basic.json as { code: string }).code).toBe('csrf.invalid');
    const notes = await t.database.db
      .selectFrom('case_events')
      .select('body')
      .where('type', '=', 'note_added')
      .where('body', 'like', 'Forged%')
      .execute();
    expect(notes).toEqual([]);
  });

  test('OAuth client credentials: a token for the client’s scopes, usable as a bearer token, refused after revocation', async () => {
    const { client, secret } = await t.app.partners.create(system, {
      kind: 'oauth',
      name: 'Regional data hub',
      scopes: ['cases:read', 'cases:write'],
      departments: ['environment', 'transport'],
    });
    expect(client.clientId).toMatch(/^plzc_/);
    expect(secret).toMatch(/^plzs_/);
    // The client secret itself is no bearer credential.
    expect((await call('GET', '/api/cases', bearer(secret))).status).toBe(401);

    const basic = `Basic ${Buffer.from(`${client.clientId}:${secret}`).toString('base64')}`;
    const issued = await token(
      { grant_type: 'client_credentials', scope: 'cases:read' },
      { authorization: basic },
    );
    expect(issued.status).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.headers.pragma).toBe('no-cache');
    expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'cases:read' });
    const accessToken = issued.body.access_token as string;
    expect(accessToken).toMatch(/^plzat_/);

    expect((await call('GET', `/api/cases/${reference}`, bearer(accessToken))).status).toBe(200);
    // The token carries only the scope asked for.
    const write = await call('POST', `/api/cases/${reference}/notes`, bearer(accessToken), { note: 'x' });
    expect(write.status).toBe(403);

    const inBody = await token({
      grant_type: 'client_credentials',
      client_id: client.clientId as string,
      client_secret: secret,
    });
    expect(inBody.status).toBe(200);
    expect(inBody.body.scope).toBe('cases:read cases:write');

    const audit = await auditOf(client.id);
    expect(audit.filter((entry) => entry.action === 'api_client.token_issued')).toHaveLength(2);
    expect(audit.find((entry) => entry.action === 'case.viewed')?.actor_type).toBe('client');

    // Tokens expire.
    t.clock.advance(3601_000);
    expect((await call('GET', '/api/cases', bearer(inBody.body.access_token as string))).status).toBe(401);
    expect(await t.app.partners.deleteExpiredTokens()).toBeGreaterThanOrEqual(2);
    const fresh = await token({}, {}).then(() =>
      token({ grant_type: 'client_credentials' }, { authorization: basic }),
    );
    expect((await call('GET', '/api/cases', bearer(fresh.body.access_token as string))).status).toBe(200);
    await t.app.partners.revoke(system, client.id);
    expect((await call('GET', '/api/cases', bearer(fresh.body.access_token as string))).status).toBe(401);
    const afterRevoke = await token({ grant_type: 'client_credentials' }, { authorization: basic });
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.error).toBe('invalid_client');
  });

  test('the token endpoint answers each mistake with RFC 6749’s error, never problem+json', async () => {
    const { client, secret } = await t.app.partners.create(system, {
      kind: 'oauth',
      name: 'Mistakes',
      scopes: ['cases:read'],
      departments: ['environment'],
    });
    const id = client.clientId as string;
    const basic = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const cases: [Record<string, string>, Record<string, string>, number, string][] = [
      [{}, {}, 400, 'invalid_request'],
      [{ grant_type: 'password', client_id: id, client_secret: secret }, {}, 400, 'unsupported_grant_type'],
      [{ grant_type: 'client_credentials' }, {}, 401, 'invalid_client'],
      [
        { grant_type: 'client_credentials', client_id: id, client_secret: 'plzs_wrong' },
        {},
        401,
        'invalid_client',
      ],
      [
        { grant_type: 'client_credentials', client_id: 'plzc_nobody', client_secret: secret },
        {},
        401,
        'invalid_client',
      ],
      [
        { grant_type: 'client_credentials', scope: 'cases:write' },
        { authorization: basic },
        400,
        'invalid_scope',
      ],
      [
        { grant_type: 'client_credentials', scope: 'everything' },
        { authorization: basic },
        400,
        'invalid_scope',
      ],
      [{ grant_type: 'client_credentials', client_id: id }, { authorization: basic }, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials' }, { authorization: 'Basic %%%' }, 400, 'invalid_request'],
    ];
    for (const [form, headers, status, error] of cases) {
      const response = await token(form, headers);
      expect({ form, status: response.status, error: response.body.error }).toEqual({ form, status, error });
      expect(response.headers['content-type']).toContain('application/json');
      expect(typeof response.body.error_description).toBe('string');
    }
    const wrongBasic = await token(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from(`${id}:wrong`).toString('base64')}` },
    );
    expect(wrongBasic.headers['www-authenticate']).toBe('Basic realm="plaza"');
  });

  test('the OpenAPI document describes bearer, API key and OAuth 2 security, and each cases route’s scope', async () => {
    const document = (await call('GET', '/api/openapi.json', {})).body as {
      components: { securitySchemes: Record<string, Record<string, unknown>> };
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.apiKey).toMatchObject({ in: 'header', name: 'x-api-key' });
    expect(document.components.securitySchemes.oauth2).toMatchObject({
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: '/api/oauth/token' } },
    });
    expect(document.paths['/api/cases']?.get?.security).toContainEqual({ bearer: ['cases:read'] });
    expect(document.paths['/api/cases/{reference}/notes']?.post?.security).toContainEqual({
      oauth2: ['cases:write'],
    });
    expect(document.paths['/api/oauth/token']?.post).toBeDefined();
  });

  test('administrators list, create (the secret shown once) and revoke clients on the staff page', async () => {
    await t.createStaff(
      'partner.admin@demo-city.example',
      [{ role: 'admin', departmentId: null }],
      'Ada Admin',
    );
    const admin = t.client();
    await signInStaff(admin, 'partner.admin@demo-city.example');
    const form = await admin.get('/staff/api-clients/new');
    expect(form.status).toBe(200);

    const refused = await admin.post('/staff/api-clients/new', { name: '', kind: 'api_key' });
    expect(refused.status).toBe(422);
    const summary = refused.screen.getByRole('alert');
    expect(summary.textContent).toContain('Enter a name for the client');
    expect(summary.textContent).toContain('Select at least one scope');
    expect(summary.textContent).toContain('Select at least one department');

    const created = await admin.post('/staff/api-clients/new', {
      name: 'Street lighting <contractor>',
      kind: 'api_key',
      scopes: ['cases:read'],
      departments: ['environment', 'transport'],
      requestsPerMinute: '120',
    });
    expect(created.status).toBe(200);
    const key = created.document.body.textContent?.match(/plz_[A-Za-z0-9_-]{43}/)?.[0] as string;
    expect(key).toBeDefined();
    expect((await call('GET', '/api/cases', bearer(key))).status).toBe(200);

    const list = await admin.get('/staff/api-clients');
    const link = list.screen.getByRole('link', { name: 'Street lighting <contractor>' });
    expect(list.body).not.toContain(key);
    expect(list.body).toContain(key.slice(0, 12));
    const page = await admin.get(link.getAttribute('href') as string);
    expect(page.body).not.toContain(key);
    const revoked = await admin.post(`${link.getAttribute('href') as string}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.screen.getByRole('alert').textContent).toContain('has been revoked');
    expect((await call('GET', '/api/cases', bearer(key))).status).toBe(401);

    const oauth = await admin.post('/staff/api-clients/new', {
      name: 'Hub',
      kind: 'oauth',
      scopes: ['cases:read', 'cases:write'],
      departments: ['environment'],
    });
    const shown = oauth.document.querySelector('.govuk-summary-list')?.textContent ?? '';
    expect(shown).toMatch(/client_id\s*plzc_/);
    expect(shown).toMatch(/client_secret\s*plzs_/);
    expect((await admin.get('/staff/api-clients/not-an-id')).status).toBe(404);

    const adminId = (await t.user('partner.admin@demo-city.example')).id;
    expect((await auditOf(adminId)).map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['api_client.created', 'api_client.revoked']),
    );
  });

  test('an administrator of one department can give a client only that department', async () => {
    await t.createStaff('env.admin@demo-city.example', [{ role: 'admin', departmentId: 'environment' }]);
    const admin = t.client();
    await signInStaff(admin, 'env.admin@demo-city.example');
    const form = await admin.get('/staff/api-clients/new');
    const departments = [
      ...form.document.querySelectorAll<HTMLInputElement>('input[name="departments"]'),
    ].map((input) => input.value);
    expect(departments).toEqual(['environment']);
    const refused = await admin.post('/staff/api-clients/new', {
      name: 'Overreach',
      kind: 'api_key',
      scopes: ['cases:read'],
      departments: ['transport'],
    });
    expect(refused.status).toBe(422);
  });
});
