/** Finding a service: PostgreSQL full-text search with prefixes, ranking by where the words appear. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { signInCitizen, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(testDatabases())('searching the catalogue on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  const titles = async (query: string): Promise<string[]> =>
    (await t.app.catalogue.search(query)).results.map((result) => result.slug);

  test('a word in a title ranks that service first', async () => {
    expect((await titles('parking'))[0]).toBe('residential-parking-permit');
    expect((await titles('birth certificate'))[0]).toBe('birth-certificate-copy');
  });

  test('the start of a word is enough, and stemming finds other forms', async () => {
    expect(await titles('bulk')).toContain('bulky-waste-collection');
    expect(await titles('licences')).toContain('business-licence');
  });

  test('keywords people use are found even when the title does not say them', async () => {
    expect(await titles('sofa')).toEqual(['bulky-waste-collection']);
  });

  test('when no service has every word, services with some of them are offered and the page says so', async () => {
    const result = await t.app.catalogue.search('parking sofa');
    expect(result.matchedAllWords).toBe(false);
    expect(result.results.map((entry) => entry.slug)).toEqual(
      expect.arrayContaining(['residential-parking-permit', 'bulky-waste-collection']),
    );
    const page = await t.client().get('/search?q=parking+sofa');
    expect(page.screen.getByRole('status').textContent).toContain('No service matches all of “parking sofa”');
  });

  test('a search with no hit says so and suggests browsing; odd input is harmless', async () => {
    const page = await t.client().get('/search?q=xyzzy');
    expect(page.screen.getByRole('status').textContent).toBe('No services match “xyzzy”.');
    expect(page.screen.getByRole('link', { name: 'Browse all services by topic' }).getAttribute('href')).toBe(
      '/',
    );
    for (const query of [
      "'; drop table services; --",
      '!!! & | :*',
      '<script>alert(1)</script> &amp;',
      'a'.repeat(150),
    ]) {
      const response = await t.client().get(`/search?q=${encodeURIComponent(query)}`);
      expect(response.status).toBe(200);
      // What was typed comes back as text, exactly, never as markup.
      expect(response.document.querySelectorAll('script:not([src])')).toHaveLength(0);
      expect((response.document.getElementById('q') as HTMLInputElement).value).toBe(query);
      expect(response.screen.getByRole('heading', { level: 1 }).textContent).toBe(
        `Search results for “${query}”`,
      );
    }
  });
});

describe.each(testDatabases())(
  'public pages kept for visitors who are not signed in, on $name',
  (database) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database: await database.open() });
    });
    afterAll(async () => {
      await t?.close();
      await t?.database.close();
    });

    test('a signed-in citizen sees their own start page; visitors keep seeing theirs', async () => {
      const visitor = t.client();
      const notice = 'You will need to sign in with your email address before you start.';
      expect((await visitor.get('/services/residential-parking-permit')).body).toContain(notice);
      const citizen = t.client();
      await signInCitizen(t, citizen, 'cached@example.org');
      const signedIn = await citizen.get('/services/residential-parking-permit');
      expect(signedIn.body).not.toContain(notice);
      expect(signedIn.screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
      const again = await visitor.get('/services/residential-parking-permit');
      expect(again.body).toContain(notice);
      expect(again.body).not.toContain('Sign out');
    });
  },
);
