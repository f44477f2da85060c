/** The staff queue: most urgent first, overdue flagged, filters, and a backlog too large to count exactly. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInStaff, startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

describe.each(testDatabases())('the queue on $name', (database) => {
  let t: TestApp;
  let staff: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    await t.createStaff(
      'queue.worker@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Queue Worker',
    );
    const version = t.app.catalogue.current('bulky-waste-collection')?.versionId as string;
    // 1,050 open cases: due dates from 10 days ago to 10 days ahead of the test clock (2 March 2026).
    await sql`
      insert into cases (id, reference, service_slug, service_version_id, department_id, state, contact_email, answers,
                         submitted_at, updated_at, sla_due_at)
      select gen_random_uuid(), 'PLZ-T' || lpad(n::text, 4, '0'), 'bulky-waste-collection', ${version}::uuid,
             'environment', 'submitted', 'queue@example.org', '{}'::jsonb,
             timestamptz '2026-02-20 09:00Z', timestamptz '2026-02-20 09:00Z',
             timestamptz '2026-02-20 23:59Z' + (n % 20) * interval '1 day'
      from generate_series(1, 1050) as n
    `.execute(t.database.db);
    staff = t.client();
    await signInStaff(staff, 'queue.worker@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('a backlog past a thousand is shown as "more than 1,000", most urgent first, overdue flagged', async () => {
    const page = await staff.get('/staff/queue?department=environment');
    expect(page.screen.getByRole('status').textContent).toBe(
      'Showing 1 to 50 of more than 1,000 cases, the most urgent first.',
    );
    const rows = page.screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(50);
    expect(rows[0]?.textContent).toContain('20 February 2026');
    expect(rows[0]?.textContent).toContain('Overdue');
    expect(page.screen.getByRole('link', { name: /Next/ }).getAttribute('href')).toContain('page=2');
  });

  test('the last counted page still offers the next one', async () => {
    const page = await staff.get('/staff/queue?department=environment&page=20');
    expect(page.screen.getByRole('status').textContent).toBe(
      'Showing 951 to 1,000 of more than 1,000 cases, the most urgent first.',
    );
    expect(page.screen.getByRole('link', { name: /Next/ }).getAttribute('href')).toContain('page=21');
    const beyond = await staff.get('/staff/queue?department=environment&page=22');
    expect(beyond.screen.getAllByRole('row').slice(1)).toHaveLength(0);
    expect(beyond.screen.queryByRole('link', { name: /Next/ })).toBeNull();
  });

  test('filters narrow the queue; an unknown filter value shows nothing rather than failing', async () => {
    const mine = await staff.get('/staff/queue?department=environment&assignee=me');
    expect(mine.screen.getByRole('status').textContent).toBe('No cases match these filters.');
    const odd = await staff.get('/staff/queue?department=environment&state=%3Cscript%3E&page=-3');
    expect(odd.status).toBe(200);
    expect(odd.screen.getByRole('status').textContent).toBe('No cases match these filters.');
  });
});
