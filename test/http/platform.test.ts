/**
 * What every page and endpoint shares: health, security headers, CSRF, helpful errors that never leak
 * internals, and the published contracts (OpenAPI, the service definition JSON Schema).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listYamlFiles } from '../../src/platform/definitions/yaml-files.js';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(testDatabases())('the platform on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      database: await database.open(),
      beforeReady: (app) => {
        app.server.get('/test/explode', { config: { access: 'public' } }, async () => {
          throw new Error('secret internal detail: relation "users" does not exist');
        });
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('/healthz reports the database kind', async () => {
    const response = await t.app.server.inject({ url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok', database: database.name });
  });

  test('pages carry a strict content security policy and are not cached; assets are cached for good', async () => {
    const page = await t.app.server.inject({ url: '/' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    const css = /href="(\/assets\/plaza\.[0-9a-f]+\.css)"/.exec(page.body)?.[1] as string;
    const asset = await t.app.server.inject({ url: css });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.body).not.toContain('GDS Transport');
  });

  test('an unknown page is a helpful 404 with a way back', async () => {
    const page = await t.client().get('/no/such/page');
    expect(page.status).toBe(404);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    expect(page.screen.getByRole('link', { name: 'Browse all services' }).getAttribute('href')).toBe('/');
  });

  test('an unexpected error shows a reference and never the error itself', async () => {
    const page = await t.client().get('/test/explode');
    expect(page.status).toBe(500);
    expect(page.body).not.toContain('secret internal detail');
    expect(page.body).not.toMatch(/at .*\.ts:\d+/);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Sorry, there is a problem with the service',
    );
    expect(page.body).toMatch(/quote reference [\w-]{4}-[0-9a-z]+\./);
  });

  test('the API answers errors as problem+json, and never with internals', async () => {
    const response = await t.app.server.inject({ url: '/api/services/no-such-service' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, code: 'service.not_found' });
    const boom = await t.app.server.inject({ url: '/test/explode', headers: { accept: 'application/json' } });
    expect(boom.json()).toMatchObject({ status: 500, code: 'internal' });
    expect(boom.body).not.toContain('secret internal detail');
  });

  test('a form posted without its CSRF token is refused and changes nothing', async () => {
    const client = t.client();
    await client.get('/services/bulky-waste-collection/apply');
    client.csrf = 'forged';
    const page = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
    expect(page.status).toBe(403);
    expect(page.body).toContain('This form has expired or did not come from this site');
    expect(await t.database.db.selectFrom('drafts').select('id').execute()).toHaveLength(0);
  });

  test('a malformed request body is a 400, not a 500', async () => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/cases/PLZ-AAAA-AA/notes',
      headers: { 'content-type': 'application/json' },
      payload: '{"note":',
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  test('the API lists published services', async () => {
    const response = await t.app.server.inject({ url: '/api/services' });
    const { services } = response.json<{ services: { slug: string; version: number; url: string }[] }>();
    expect(services.map((service) => service.slug).sort()).toEqual([
      'birth-certificate-copy',
      'building-permit',
      'bulky-waste-collection',
      'business-licence',
      'report-abandoned-vehicle',
      'report-blocked-drain',
      'report-broken-pavement',
      'report-fly-tipping',
      'report-graffiti',
      'report-missed-bin',
      'report-pothole',
      'report-street-light',
      'residential-parking-permit',
      'street-party-permit',
    ]);
    expect(services[0]?.version).toBe(1);
  });

  test('the OpenAPI document describes the API and matches the committed one', async () => {
    const response = await t.app.server.inject({ url: '/api/openapi.json' });
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/services',
        '/api/services/{slug}',
        '/api/cases',
        '/api/cases/{reference}',
        '/api/cases/{reference}/transitions',
      ]),
    );
    const committed = JSON.parse(readFileSync(join(repositoryRoot, 'docs', 'openapi.json'), 'utf8')) as {
      paths: unknown;
    };
    expect(document.paths).toEqual(committed.paths);
  });

  test('the published JSON Schema validates every demo service definition and rejects a broken one', async () => {
    const response = await t.app.server.inject({ url: '/schemas/service-definition.json' });
    expect(response.headers['content-type']).toContain('application/schema+json');
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    const validate = ajv.compile(response.json());
    for (const file of listYamlFiles(join(repositoryRoot, 'definitions', 'demo-city', 'services'))) {
      const valid = validate(parseYaml(readFileSync(file, 'utf8')));
      expect(valid, `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(
      validate({
        slug: 'x',
        title: 'X',
        pages: [{ id: 'a', questions: [{ id: 'q', type: 'colour', label: 'Q' }] }],
      }),
    ).toBe(false);
  });
});
