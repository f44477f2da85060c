/**
 * The staff JSON API: the same rules as the pages (workflow, roles, optimistic locking), answered with
 * the shapes of its OpenAPI document and problem+json errors.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { sendBulkyWasteApplication } from '../support/bulky-waste.js';
import { signInStaff, startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

describe.each(testDatabases())('the cases API on $name', (database) => {
  let t: TestApp;
  let staff: TestClient;
  let reference: string;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'api.worker@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Api Worker',
    );
    reference = await sendBulkyWasteApplication(t, 'api.citizen@example.org');
    staff = t.client();
    await signInStaff(staff, 'api.worker@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('without a staff session the API answers 401 problem+json', async () => {
    const response = await t.client().api('GET', '/api/cases?department=environment');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  test('the queue lists the case with its SLA', async () => {
    const response = await staff.api('GET', '/api/cases?department=environment');
    expect(response.status).toBe(200);
    const queue = response.json as {
      items: { reference: string; state: string; sla: string; slaDueAt: string }[];
      total: number;
    };
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({ reference, state: 'submitted', sla: 'on_track' });
  });

  test('a change without the CSRF header is refused', async () => {
    const csrf = staff.csrf;
    staff.csrf = undefined;
    const response = await staff.api('POST', `/api/cases/${reference}/notes`, { note: 'x' });
    staff.csrf = csrf;
    expect(response.status).toBe(403);
  });

  test('a transition with the current version moves the case; the same version again is a 409 naming the change', async () => {
    const current = (await staff.api('GET', `/api/cases/${reference}`)).json as {
      version: number;
      availableTransitions: { id: string }[];
    };
    expect(current.availableTransitions.map((transition) => transition.id)).toContain('book_collection');
    const moved = await staff.api('POST', `/api/cases/${reference}/transitions`, {
      transition: 'book_collection',
      version: current.version,
      message: 'We will collect on Thursday 12 March.',
    });
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({ version: current.version + 1 });
    const stale = await staff.api('POST', `/api/cases/${reference}/assignment`, {
      assignee: '',
      version: current.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      code: 'case.changed',
      changes: [expect.objectContaining({ type: 'transitioned', toState: 'scheduled' })],
    });
  });

  test('invalid input is a 400 with the field named', async () => {
    const response = await staff.api('POST', `/api/cases/${reference}/transitions`, {
      transition: 'book_collection',
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.json)).toContain('version');
  });
});
