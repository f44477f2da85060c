/**
 * The demo city's bulky waste collection, answered as a citizen would, for tests that need an application
 * (to send, to open as staff, to read through an API) rather than to test the journey itself.
 */
import { expect } from 'vitest';
import type { TestApp, TestClient } from './test-app.js';

const DAY_MS = 86_400_000;

/** Answers a new application page by page up to its check page; gives the draft's path. */
export async function bulkyWasteDraftReadyToSend(
  t: TestApp,
  client: TestClient,
  email: string,
): Promise<string> {
  await client.get('/services/bulky-waste-collection/apply');
  const next = await client.post('/services/bulky-waste-collection/apply', { items: 'sofa' });
  const draft = next.url.replace(/\/[^/]+$/, '');
  await client.post(`${draft}/item-count`, { item_count: '1' });
  await client.post(`${draft}/collection-address`, {
    'collection_address-line1': '9 Park Row',
    'collection_address-town': 'Demo City',
    'collection_address-postcode': 'DC2 3CD',
  });
  await client.post(`${draft}/item-location`, { item_location: 'kerbside' });
  // Ten days after the app's today: within the 3 to 42 days ahead that the service accepts.
  const date = new Date(t.clock.now().getTime() + 10 * DAY_MS);
  await client.post(`${draft}/preferred-date`, {
    'preferred_date-day': String(date.getUTCDate()),
    'preferred_date-month': String(date.getUTCMonth() + 1),
    'preferred_date-year': String(date.getUTCFullYear()),
  });
  await client.post(`${draft}/email`, { email });
  const check = await client.post(`${draft}/phone`, { phone: '0300 555 0142' });
  expect(check.url).toBe(`${draft}/check`);
  return draft;
}

/** Sends a new application; gives its reference. */
export async function sendBulkyWasteApplication(
  t: TestApp,
  email: string,
  client: TestClient = t.client(),
): Promise<string> {
  const draft = await bulkyWasteDraftReadyToSend(t, client, email);
  return (await client.post(`${draft}/check`)).url.split('/')[2] as string;
}
