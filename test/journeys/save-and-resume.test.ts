/**
 * A citizen who is not signed in saves an application and comes back in another browser through the
 * emailed link; a draft the service's lifetime has passed is gone, files and all.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(testDatabases())('saving and coming back on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open() });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('the emailed link reopens the draft in another browser, at the first unanswered page', async () => {
    const first = t.client();
    await first.get('/services/bulky-waste-collection/apply');
    const next = await first.post('/services/bulky-waste-collection/apply', { items: ['mattress'] });
    const draft = next.url.replace(/\/[^/]+$/, '');
    await first.post(`${draft}/item-count`, { item_count: '2' });
    const save = await first.get(`${draft}/save`);
    expect(save.screen.getByRole('heading', { level: 1, name: 'Your answers are saved' })).toBeTruthy();
    expect(save.body).toContain('9 March 2026'); // the service keeps drafts 7 days
    const invalid = await first.post(`${draft}/save`, { email: 'not an email' });
    expect(invalid.status).toBe(422);
    const sent = await first.post(`${draft}/save`, { email: 'later@example.org' });
    expect(sent.screen.getByRole('status').textContent).toContain('later@example.org');

    const [message] = await t.outbox('later@example.org');
    const link = message?.body.match(/http:\/\/plaza\.test(\/resume\/[\w-]+)/)?.[1] as string;
    expect(link).toBeTruthy();

    const stranger = t.client();
    expect((await stranger.get(draft + '/item-count')).status).toBe(404);
    const resumed = await t.client().get(link);
    expect(resumed.url).toBe(`${draft}/collection-address`);
  });

  test('after the draft lifetime the draft and its link are gone, and the expiry job removes it', async () => {
    const client = t.client();
    await client.get('/services/bulky-waste-collection/apply');
    const next = await client.post('/services/bulky-waste-collection/apply', { items: ['carpet'] });
    const draft = next.url.replace(/\/[^/]+$/, '');
    t.clock.advance(8 * 86_400_000);
    const gone = await client.get(`${draft}/item-count`);
    expect(gone.status).toBe(404);
    expect(gone.body).toContain('It may have been sent already, it may have expired');
    await t.app.jobs.enqueue(t.database.db, 'applications.expire_drafts', {});
    await t.drain();
    expect(await t.database.db.selectFrom('drafts').select('id').execute()).toHaveLength(0);
  });
});
