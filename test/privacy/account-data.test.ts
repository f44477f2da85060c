/**
 * Accounts and emails at rest, on every test database: a person's email, name and phone and every message
 * Plaza sends are unreadable in the database yet shown in the app; accounts are found by email whatever its
 * case, one per address and kind; accounts and messages stored before encryption still work, and
 * `plaza keys rotate` encrypts them; a new key takes over without anyone being locked out.
 */
import { randomUUID } from 'node:crypto';
import { hash as argon2Hash } from '@node-rs/argon2';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rotateKeys } from '../../src/modules/privacy/index.js';
import { testDatabases } from '../support/database.js';
import {
  signInCitizen,
  signInStaff,
  STAFF_PASSWORD,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../support/test-app.js';

const K1 = `k1:${Buffer.alloc(32, 31).toString('base64')}`;
const K2 = `k2:${Buffer.alloc(32, 42).toString('base64')}`;

describe.each(testDatabases())('accounts and emails at rest on $name', (database) => {
  let t: TestApp;
  let admin: TestClient;

  const rawUsers = () =>
    t.database.db
      .selectFrom('users')
      .select(['id', 'kind', 'email', 'email_index', 'name', 'phone'])
      .execute();
  const rawOutbox = () =>
    t.database.db
      .selectFrom('outbox_messages')
      .select(['id', 'recipient', 'recipient_index', 'subject', 'body'])
      .execute();

  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_ENCRYPTION_KEYS: K1 } });
    await t.createStaff('ada@demo-city.example', [{ role: 'admin', departmentId: null }], 'Ada Admin');
    admin = t.client();
    await signInStaff(admin, 'ada@demo-city.example');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('email, name, phone, sign-in codes and sent emails are unreadable in the database, shown in the app', async () => {
    const ola = t.client();
    const landed = await signInCitizen(t, ola, 'Ola.Nordmann@Example.org', '/account');
    expect(landed.url).toBe('/account');
    await ola.get('/account/details');
    await ola.post('/account/details', { name: 'Ola Nordmann', phone: '+47 400 00 000' });
    const page = await ola.get('/account');
    expect(page.body).toContain('ola.nordmann@example.org');
    expect(page.body).toContain('Ola Nordmann');
    expect(page.body).toContain('+47 400 00 000');

    const account = await t.user('ola.nordmann@example.org');
    const row = (await rawUsers()).find((user) => user.id === account.id);
    expect(row?.email).toMatch(/^pz1:k1:/);
    expect(row?.name).toMatch(/^pz1:k1:/);
    expect(row?.phone).toMatch(/^pz1:k1:/);
    expect(row?.email_index).toBe(t.app.identity.users.emailIndex('OLA.NORDMANN@example.org'));
    // (Only strings that cannot occur in base64url ciphertext or hex indexes: they hold '.', '@' or ' '.)
    const everything = JSON.stringify(await rawUsers());
    for (const secret of ['ola.nordmann@', 'Ola Nordmann', '+47 400'])
      expect(everything).not.toContain(secret);
    // Each value is bound to its account and column: copied elsewhere, it does not decrypt.
    const users = t.app.identity.users;
    expect(() => users.openEmail(randomUUID(), row?.email as string)).toThrow(/could not be decrypted/);
    expect(() => users.open('phone', account.id, row?.name as string)).toThrow(/could not be decrypted/);

    // The code is found by the address's index; the address is not kept.
    const codes = await t.database.db.selectFrom('sign_in_codes').selectAll().execute();
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code.email === null && code.email_index !== null)).toBe(true);

    // The emails Plaza sent: encrypted, found by their recipient's index, readable on the outbox page.
    const outbox = await rawOutbox();
    expect(outbox.length).toBeGreaterThan(0);
    for (const message of outbox) {
      expect(message.recipient).toMatch(/^pz1:k1:/);
      expect(message.subject).toMatch(/^pz1:k1:/);
      expect(message.body).toMatch(/^pz1:k1:/);
    }
    expect(JSON.stringify(outbox)).not.toContain('ola.nordmann@');
    const [code] = await t.outbox('OLA.NORDMANN@EXAMPLE.ORG');
    expect(code?.body).toMatch(/\b\d{6}\b/);
    const devOutbox = await t.client().get('/dev/outbox');
    expect(devOutbox.body).toContain('ola.nordmann@example.org');
    expect(devOutbox.body).toContain(code?.subject as string);

    // Staff: the same, and their names show where staff see them.
    await t.createStaff(
      'Pia.Lindqvist@demo-city.example',
      [{ role: 'caseworker', departmentId: 'environment' }],
      'Pia Lindqvist',
    );
    expect(JSON.stringify(await rawUsers())).not.toContain('Pia Lindqvist');
    expect(JSON.stringify(await rawUsers()).toLowerCase()).not.toContain('pia.lindqvist@');
    const list = await admin.get('/staff/accounts');
    expect(list.screen.getByRole('link', { name: 'Pia Lindqvist' })).toBeTruthy();
    expect(list.body).toContain('pia.lindqvist@demo-city.example');
    const audit = await admin.get('/staff/audit');
    expect(audit.body).toContain('Ada Admin');
  });

  test('sign-in by email works whatever the case, and finds the same account', async () => {
    const ola = await t.user('ola.nordmann@example.org');
    const again = t.client();
    expect((await signInCitizen(t, again, 'OLA.NORDMANN@example.ORG', '/account')).url).toBe('/account');
    expect((await again.get('/account')).body).toContain('Ola Nordmann');
    expect(
      await t.database.db
        .selectFrom('users')
        .select('id')
        .where(t.app.identity.users.hasEmail('ola.nordmann@example.org'))
        .execute(),
    ).toEqual([{ id: ola.id }]);
    const pia = t.client();
    expect((await signInStaff(pia, 'PIA.lindqvist@Demo-City.example')).url).toBe('/staff/queue');
    // Finding a person for a subject access request works the same way.
    expect((await t.app.privacy.find('Ola.Nordmann@EXAMPLE.org')).account?.id).toBe(ola.id);
  });

  test('one account per address and kind: a duplicate is refused whatever its case', async () => {
    await admin.get('/staff/accounts/new');
    const duplicate = await admin.post('/staff/accounts/new', {
      name: 'Pia Again',
      email: 'pia.LINDQVIST@demo-city.example',
      role: 'caseworker',
      department: 'transport',
    });
    expect(duplicate.status).toBe(422);
    // The database refuses it too, should two requests race past that check.
    const users = t.app.identity.users;
    const id = randomUUID();
    await expect(
      t.database.db
        .insertInto('users')
        .values({ id, kind: 'staff', ...users.sealEmail(id, 'pia.lindqvist@demo-city.example') })
        .execute(),
    ).rejects.toThrow(/duplicate key|unique/i);
    // A citizen may use the address a staff member uses: accounts are per kind.
    const citizen = t.client();
    expect((await signInCitizen(t, citizen, 'pia.lindqvist@demo-city.example', '/account')).url).toBe(
      '/account',
    );
    expect((await t.user('pia.lindqvist@demo-city.example', 'citizen')).kind).toBe('citizen');
  });

  test('accounts and emails stored before encryption still work, `keys rotate` encrypts them, and a new key keeps sign-in working', async () => {
    // As an upgraded deployment has them: in the clear, without indexes.
    const lou = randomUUID();
    const olga = randomUUID();
    const hashed = await argon2Hash(STAFF_PASSWORD);
    const twoDaysAgo = new Date(t.clock.now().getTime() - 2 * 86_400_000);
    await sql`
      insert into users (id, kind, email, name, phone) values
        (${lou}::uuid, 'citizen', 'Lou.Legacy@Example.org', 'Lou Legacy', '0300 555 0123'),
        (${olga}::uuid, 'staff', 'olga.old@demo-city.example', 'Olga Old', null)
    `.execute(t.database.db);
    await sql`update users set password_hash = ${hashed} where id = ${olga}::uuid`.execute(t.database.db);
    await sql`
      insert into staff_roles (id, user_id, role, department_id)
      values (${randomUUID()}::uuid, ${olga}::uuid, 'caseworker', 'environment')
    `.execute(t.database.db);
    await sql`
      insert into outbox_messages (id, recipient, subject, body, template, status, sent_at, last_error)
      values (${randomUUID()}::uuid, 'Lou.Legacy@Example.org', 'Old news for Lou', 'Hello from before encryption',
              'test.legacy', 'sent', now(), '450 <lou.legacy@example.org>: mailbox busy')
    `.execute(t.database.db);
    await sql`
      insert into sign_in_codes (id, email, code_hash, created_at, expires_at)
      values (${randomUUID()}::uuid, 'lou.legacy@example.org', 'x', ${twoDaysAgo}, ${twoDaysAgo})
    `.execute(t.database.db);

    // They sign in as before, to their own accounts (no second account is made).
    const louClient = t.client();
    expect((await signInCitizen(t, louClient, 'lou.legacy@example.org', '/account')).url).toBe('/account');
    expect((await louClient.get('/account')).body).toContain('Lou Legacy');
    expect((await t.user('LOU.LEGACY@example.org')).id).toBe(lou);
    const olgaClient = t.client();
    expect((await signInStaff(olgaClient, 'Olga.Old@demo-city.example')).url).toBe('/staff/queue');
    // And an address already used by a stored account cannot be taken by a new one.
    await admin.get('/staff/accounts/new');
    expect(
      (
        await admin.post('/staff/accounts/new', {
          name: 'Olga Again',
          email: 'OLGA.OLD@demo-city.example',
          role: 'caseworker',
          department: 'transport',
        })
      ).status,
    ).toBe(422);

    // A new key first: rows under k1 and in the clear read and sign in before any rotation.
    await t.close();
    t = await startTestApp({
      database: t.database,
      clock: t.clock,
      env: { PLAZA_ENCRYPTION_KEYS: `${K2},${K1}` },
    });
    expect((await signInCitizen(t, t.client(), 'ola.nordmann@example.org', '/account')).url).toBe('/account');
    expect((await signInStaff(t.client(), 'pia.lindqvist@demo-city.example')).url).toBe('/staff/queue');
    expect((await signInStaff(t.client(), 'olga.old@demo-city.example')).url).toBe('/staff/queue');

    const report = await rotateKeys({
      db: t.database.db,
      clock: t.clock,
      personalData: t.app.personalData,
      actor: { type: 'cli', id: null },
    });
    expect(report.parts.find((part) => part.what === 'accounts')?.changed).toBeGreaterThanOrEqual(2);
    const users = t.app.identity.users;
    const rows = await rawUsers();
    for (const row of rows) {
      expect(row.email).toMatch(/^pz1:k2:/);
      for (const value of [row.name, row.phone]) if (value !== null) expect(value).toMatch(/^pz1:k2:/);
      expect(row.email_index).toBe(users.emailIndex(users.openEmail(row.id, row.email)));
    }
    const clear = JSON.stringify(rows).toLowerCase();
    for (const secret of ['lou.legacy@', 'lou legacy', 'olga.old@', 'olga old', '0300 555'])
      expect(clear).not.toContain(secret);
    const outbox = await rawOutbox();
    for (const message of outbox) {
      expect(message.recipient).toMatch(/^pz1:k2:/);
      expect(message.body).toMatch(/^pz1:k2:/);
      expect(message.recipient_index).not.toBeNull();
    }
    expect(JSON.stringify(outbox)).not.toContain('Hello from before');
    // A mail server's error that quoted the address keeps its reason only.
    const errors = await t.database.db.selectFrom('outbox_messages').select('last_error').execute();
    expect(errors.map((row) => row.last_error)).toContain('450 <[address]>: mailbox busy');
    const codes = await t.database.db.selectFrom('sign_in_codes').select('email').execute();
    expect(codes.every((code) => code.email === null)).toBe(true);

    // The old key gone: everyone still signs in, to the same accounts, and reads what was sent.
    await t.close();
    t = await startTestApp({ database: t.database, clock: t.clock, env: { PLAZA_ENCRYPTION_KEYS: K2 } });
    const louAgain = t.client();
    expect((await signInCitizen(t, louAgain, 'Lou.Legacy@example.org', '/account')).url).toBe('/account');
    expect((await louAgain.get('/account')).body).toContain('0300 555 0123');
    expect((await t.user('lou.legacy@example.org')).id).toBe(lou);
    expect((await signInCitizen(t, t.client(), 'ola.nordmann@example.org', '/account')).url).toBe('/account');
    expect((await signInStaff(t.client(), 'olga.old@demo-city.example')).url).toBe('/staff/queue');
    expect((await signInStaff(t.client(), 'pia.lindqvist@demo-city.example')).url).toBe('/staff/queue');
    expect((await t.outbox('lou.legacy@example.org')).map((message) => message.subject)).toContain(
      'Old news for Lou',
    );

    // Lou's copy of their data has their account and the emails sent to them, decrypted.
    const download = await louAgain.raw('/account/data/download');
    expect(download.statusCode).toBe(200);
    const zip = unzipSync(new Uint8Array(download.rawPayload));
    const json = (name: string) => JSON.parse(new TextDecoder().decode(zip[name])) as unknown;
    expect(json('account.json')).toMatchObject({
      email: 'Lou.Legacy@Example.org',
      name: 'Lou Legacy',
      phone: '0300 555 0123',
    });
    expect(JSON.stringify(json('emails.json'))).toContain('Hello from before encryption');
  });
});
