/**
 * The citizen's account page: their details, a new email address proven with a code, where they are signed
 * in, signing another device out, and signing out everywhere (every other browser is signed out too).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp, type TestClient } from '../support/test-app.js';

const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

describe.each(testDatabases())('the account page on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  /** Signs in with an email code from a browser that says it is `userAgent`. */
  async function signInAs(email: string, userAgent: string): Promise<TestClient> {
    const client = t.client();
    const headers = { 'user-agent': userAgent };
    await client.get('/sign-in', headers);
    await client.request(
      'POST',
      '/sign-in',
      {
        body: new URLSearchParams({ _csrf: client.csrf ?? '', email }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      },
      headers,
    );
    const [message] = await t.outbox(email);
    const code = message?.body.match(/\b(\d{6})\b/)?.[1] as string;
    const landed = await client.request(
      'POST',
      '/sign-in/code',
      {
        body: new URLSearchParams({ _csrf: client.csrf ?? '', code }).toString(),
        contentType: 'application/x-www-form-urlencoded',
      },
      headers,
    );
    expect(landed.status).toBe(200);
    return client;
  }

  const codeIn = async (email: string): Promise<string> => {
    const [message] = await t.outbox(email);
    return message?.body.match(/\b(\d{6})\b/)?.[1] as string;
  };

  test('a citizen sees and changes their name and phone number', async () => {
    const client = await signInAs('frank@example.org', LAPTOP);
    const page = await client.get('/account');
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1, name: 'Your account' })).toBeTruthy();
    expect(page.body).toContain('frank@example.org');
    expect(
      page.screen.getByRole('link', { name: 'Sign-in and security: passkeys' }).getAttribute('href'),
    ).toBe('/account/security');
    expect(page.screen.getByRole('link', { name: /^Your data/ }).getAttribute('href')).toBe('/account/data');
    expect(page.screen.getByRole('link', { name: 'Your account' }).getAttribute('aria-current')).toBe('true');

    const form = await client.get('/account/details');
    expect(form.screen.getByRole('textbox', { name: /Name/ })).toBeTruthy();
    const wrong = await client.post('/account/details', { name: 'Frank Example', phone: 'call me' });
    expect(wrong.status).toBe(422);
    expect(wrong.screen.getByRole('link', { name: /Enter a phone number/ }).getAttribute('href')).toBe(
      '#phone',
    );
    expect(wrong.document.querySelector<HTMLInputElement>('#name')?.value).toBe('Frank Example');
    const saved = await client.post('/account/details', {
      name: '  Frank Example ',
      phone: '+34 600 000 000',
    });
    expect(saved.url).toBe('/account');
    expect(saved.screen.getByRole('alert').textContent).toContain('Your details have been saved.');
    expect(saved.body).toContain('Frank Example');
    expect(saved.body).toContain('+34 600 000 000');
    const user = await t.user('frank@example.org');
    expect(user).toMatchObject({ name: 'Frank Example', phone: '+34 600 000 000' });
    // The banner says it once.
    expect((await client.get('/account')).screen.queryByRole('alert')).toBeNull();
    // Emptying a field removes it.
    await client.post('/account/details', { name: 'Frank Example', phone: '' });
    expect(
      (
        await t.database.db
          .selectFrom('users')
          .select('phone')
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
      ).phone,
    ).toBeNull();
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_id', '=', user.id)
      .where('action', '=', 'account.details_changed')
      .execute();
    expect(audit[0]?.details).toEqual({ fields: ['name', 'phone'] });
  });

  test('a new email address is used only once a code sent to it is entered, and the old one is told', async () => {
    const client = await signInAs('grace@example.org', LAPTOP);
    await client.get('/account/email');
    const same = await client.post('/account/email', { email: 'Grace@example.org' });
    expect(same.status).toBe(422);
    const sent = await client.post('/account/email', { email: 'grace.new@example.org' });
    expect(sent.url).toBe('/account/email/code');
    expect(sent.body).toContain('grace.new@example.org');
    // Nothing changes until the code is entered.
    expect((await client.get('/account')).body).toContain('We have sent a code to grace.new@example.org');
    expect(
      await t.database.db
        .selectFrom('users')
        .select('id')
        .where(t.app.identity.users.hasEmail('grace@example.org'))
        .execute(),
    ).toHaveLength(1);
    await client.get('/account/email/code');
    const wrong = await client.post('/account/email/code', { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('The code is not right');
    const changed = await client.post('/account/email/code', { code: await codeIn('grace.new@example.org') });
    expect(changed.url).toBe('/account');
    expect(changed.screen.getByRole('alert').textContent).toContain('Your email address has been changed');
    expect(changed.body).toContain('grace.new@example.org');
    const [notice] = await t.outbox('grace@example.org');
    expect(notice?.subject).toContain('was changed');
    expect(notice?.body).toContain('grace.new@example.org');

    // An address another account uses is refused, after the code proves it belongs to whoever typed it.
    await signInAs('taken@example.org', LAPTOP);
    await client.get('/account/email');
    await client.post('/account/email', { email: 'taken@example.org' });
    const taken = await client.post('/account/email/code', { code: await codeIn('taken@example.org') });
    expect(taken.status).toBe(422);
    expect(taken.body).toContain('Another account uses this email address');
  });

  test('the account lists where the citizen is signed in; one device, then every device, can be signed out', async () => {
    const laptop = await signInAs('heidi@example.org', LAPTOP);
    const phone = await signInAs('heidi@example.org', PHONE);
    const tablet = await signInAs('heidi@example.org', PHONE);

    const page = await laptop.get('/account');
    const rows = [...page.document.querySelectorAll('#sessions ~ table tbody tr')];
    expect(rows).toHaveLength(3);
    expect(rows[0]?.textContent).toContain('Firefox on Linux');
    expect(rows[0]?.textContent).toContain('This device');
    expect(rows[1]?.textContent).toContain('Safari on iOS');
    expect(rows[1]?.textContent).not.toContain('This device');
    expect(rows[1]?.textContent).toContain('127.0.0.1');
    // The current session has no "Sign out" of its own; each other one does.
    expect(rows[0]?.querySelector('form')).toBeNull();
    const otherForm = rows[1]?.querySelector('form');
    expect(otherForm?.getAttribute('action')).toMatch(/^\/account\/sessions\/[\w-]+\/sign-out$/);

    const ended = await laptop.post(otherForm?.getAttribute('action') as string);
    expect(ended.url).toBe('/account');
    expect(ended.screen.getByRole('alert').textContent).toContain('That device has been signed out.');
    expect(ended.document.querySelectorAll('#sessions ~ table tbody tr')).toHaveLength(2);
    // Exactly one of the two other browsers is signed out.
    const stillIn = [await phone.get('/account'), await tablet.get('/account')].map(
      (visit) => visit.url === '/account',
    );
    expect(stillIn.filter(Boolean)).toHaveLength(1);
    expect((await laptop.get('/account')).url).toBe('/account');

    // A session that is not theirs (or this one) cannot be ended through the form.
    const before = await t.database.db.selectFrom('sessions').select('id').execute();
    await laptop.post('/account/sessions/not-a-session/sign-out');
    expect(await t.database.db.selectFrom('sessions').select('id').execute()).toHaveLength(before.length);

    await laptop.get('/account');
    const everywhere = await laptop.post('/account/sign-out-everywhere');
    expect(everywhere.url).toBe('/account/signed-out');
    expect(everywhere.screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'You have been signed out everywhere',
    );
    for (const browser of [laptop, phone, tablet]) {
      expect((await browser.get('/account')).url).toMatch(/^\/sign-in\?/);
    }
    const user = await t.user('heidi@example.org');
    expect(
      await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute(),
    ).toEqual([]);
    const actions = (
      await t.database.db.selectFrom('audit_log').select('action').where('actor_id', '=', user.id).execute()
    ).map((row) => row.action);
    expect(actions).toContain('auth.session_ended');
    expect(actions).toContain('auth.signed_out_everywhere');
  });

  test('someone who is not signed in is sent to sign in', async () => {
    const visit = await t.client().get('/account');
    expect(visit.url).toBe('/sign-in?returnTo=%2Faccount');
  });
});
