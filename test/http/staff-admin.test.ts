/** Administrators manage staff accounts and roles; auditors read the audit log and check its chain. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInStaff, startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

describe.each(testDatabases())('staff administration on $name', (database) => {
  let t: TestApp;
  let admin: TestClient;
  let adminId: string;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
    adminId = await t.createStaff(
      'ada@demo-city.example',
      [{ role: 'admin', departmentId: null }],
      'Ada Admin',
    );
    await t.createStaff('otto@demo-city.example', [{ role: 'auditor', departmentId: null }], 'Otto Auditor');
    admin = t.client();
    await signInStaff(admin, 'ada@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('an administrator creates an account; its temporary password is shown once and works', async () => {
    await admin.get('/staff/accounts/new');
    const invalid = await admin.post('/staff/accounts/new', {
      name: '',
      email: 'nope',
      role: 'caseworker',
      department: 'transport',
    });
    expect(invalid.status).toBe(422);
    const created = await admin.post('/staff/accounts/new', {
      name: 'Cleo Case',
      email: 'Cleo@demo-city.example',
      role: 'caseworker',
      department: 'transport',
    });
    expect(created.screen.getByRole('heading', { level: 1, name: 'Account created' })).toBeTruthy();
    const password = created.document.querySelector('.plaza-password')?.textContent as string;
    expect(password.length).toBeGreaterThanOrEqual(16);
    const duplicate = await admin.post('/staff/accounts/new', {
      name: 'Cleo Again',
      email: 'cleo@demo-city.example',
      role: 'manager',
      department: 'transport',
    });
    expect(duplicate.status).toBe(422);
    const cleo = t.client();
    const signedIn = await signInStaff(cleo, 'cleo@demo-city.example', password);
    expect(signedIn.url).toBe('/staff/queue');
  });

  test('roles are given and removed, each change audited with the administrator as actor', async () => {
    const list = await admin.get('/staff/accounts');
    const link = list.screen.getByRole('link', { name: 'Cleo Case' });
    const page = await admin.get(link.getAttribute('href') as string);
    const base = page.url;
    const granted = await admin.post(`${base}/roles`, { role: 'manager', department: 'environment' });
    expect(granted.body).toContain('The role has been given.');
    expect(granted.body).toContain('Department manager, Waste and Environment');
    const again = await admin.post(`${base}/roles`, { role: 'manager', department: 'environment' });
    expect(again.status).toBe(422);
    const removeForm = granted.document.querySelector('form[action*="/remove"]') as HTMLFormElement;
    const removed = await admin.post(removeForm.getAttribute('action') as string);
    expect(removed.body).toContain('The role has been removed.');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', 'like', 'staff.%')
      .execute();
    const actions = audit.filter((entry) => entry.actor_id === adminId).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['staff.created', 'staff.role_granted', 'staff.role_removed']),
    );
  });

  test('disabling an account signs it out everywhere; the last administrator cannot be removed', async () => {
    const cleoId = (await t.user('cleo@demo-city.example')).id;
    const cleo = t.client();
    await admin.get(`/staff/accounts/${cleoId}`);
    const password = (await admin.post(`/staff/accounts/${cleoId}/password`)).document.querySelector(
      '.plaza-password',
    )?.textContent as string;
    await signInStaff(cleo, 'cleo@demo-city.example', password);
    expect((await cleo.get('/staff/queue')).status).toBe(200);
    await admin.get(`/staff/accounts/${cleoId}`);
    const disabled = await admin.post(`/staff/accounts/${cleoId}/status`, { disabled: 'true' });
    expect(disabled.body).toContain('The account is disabled and signed out everywhere.');
    expect((await cleo.get('/staff/queue')).url).toMatch(/^\/staff\/sign-in/);
    expect((await signInStaff(t.client(), 'cleo@demo-city.example', password)).status).toBe(422);

    await admin.get(`/staff/accounts/${adminId}`);
    const self = await admin.post(`/staff/accounts/${adminId}/status`, { disabled: 'true' });
    expect(self.status).toBe(409);
    const own = (await admin.get(`/staff/accounts/${adminId}`)).document.querySelector(
      'form[action*="/remove"]',
    ) as HTMLFormElement;
    const lastAdmin = await admin.post(own.getAttribute('action') as string);
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.screen.getByRole('alert').textContent).toContain('last active administrator');
  });

  test('an auditor reads the audit log, filters it and checks its chain, and cannot change anything', async () => {
    const auditor = t.client();
    await signInStaff(auditor, 'otto@demo-city.example');
    const page = await auditor.get('/staff/audit?action=staff.');
    const rows = page.screen.getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(row.textContent).toContain('staff.');
    const checked = await auditor.post('/staff/audit/verify');
    expect(checked.body).toMatch(/The audit log is intact: \d+ entries/);
    expect((await auditor.get('/staff/accounts')).status).toBe(403);
  });
});
