/**
 * A caseworker works reports in Chromium, every page checked with axe: the report panel of the case page
 * (map, photos served under the page's Content-Security-Policy, candidate duplicates), a one-action merge,
 * a move to another department, and "not ours" with a referral from the list.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../../src/platform/time/clock.js';
import {
  AccessibilityAudit,
  collectPageErrors,
  launchChromium,
  newPerson,
  startListeningPlaza,
  type ListeningPlaza,
} from '../support/browser.js';
import { testDatabases, type TestDatabase } from '../support/database.js';
import { STAFF_PASSWORD } from '../support/test-app.js';

describe.each(testDatabases())('report casework in Chromium on $name', (database: TestDatabase) => {
  let plaza: ListeningPlaza;
  let browser: Browser;
  // The browser keeps cookies by the real time, so the app's clock starts at the real time.
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    plaza = await startListeningPlaza({ database: await database.open(), clock });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await plaza?.close();
  });

  test('a caseworker merges a duplicate, moves a report and refers one on', async () => {
    const { test: app, baseUrl } = plaza;
    const audit = new AccessibilityAudit();
    await app.createStaff(
      'hana@demo-city.example',
      [{ role: 'caseworker', departmentId: 'highways' }],
      'Hana',
    );
    const file = async (description: string, lat: number, shade?: string) =>
      (
        await app.app.reports.fileReport({
          serviceSlug: 'report-pothole',
          answers: { size: 'medium', surface: 'road' },
          description,
          location: { lat, long: -1.0549 },
          photos: shade
            ? [
                {
                  name: 'pothole.jpg',
                  mediaType: 'image/jpeg',
                  content: await sharp({ create: { width: 64, height: 48, channels: 3, background: shade } })
                    .jpeg()
                    .toBuffer(),
                },
              ]
            : [],
          contact: { email: `${shade ? 'with' : 'without'}.photo@example.org` },
          channel: 'web',
          citizenUserId: null,
          actor: { type: 'anonymous', id: null },
        })
      ).serviceRequestId;
    const original = await file(
      'Pothole outside number 4, deep enough to hurt a cyclist',
      51.9497,
      '#777777',
    );
    const duplicate = await file('Deep pothole outside number 4', 51.94986, '#333333');
    const elsewhere = await file('Water pouring out of a cracked pipe in the road', 51.953);

    const staff = await (await newPerson(browser)).newPage();
    const pageErrors = collectPageErrors(staff);
    await audit.visit(staff, baseUrl, '/staff/sign-in');
    await staff.getByLabel('Email address').fill('hana@demo-city.example');
    await staff.getByLabel('Password', { exact: true }).fill(STAFF_PASSWORD);
    await audit.act(staff, () => staff.getByRole('button', { name: 'Sign in' }).click());

    await audit.visit(staff, baseUrl, `/staff/cases/${duplicate}`);
    const panel = staff.getByRole('region', { name: 'The report' });
    const photo = panel.getByRole('img', { name: 'Photo 1 of 1 of the problem' });
    await photo.scrollIntoViewIfNeeded();
    expect(await photo.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(64);
    expect(await panel.textContent()).toContain('18 m away, same type');
    await audit.act(staff, () =>
      panel.getByRole('button', { name: new RegExp(`report ${original}`) }).click(),
    );
    expect(await staff.getByRole('alert').textContent()).toContain(`Merged into report ${original}`);

    await audit.visit(staff, baseUrl, `/staff/cases/${original}`);
    expect(
      await staff.getByRole('region', { name: 'The report' }).getByRole('img', { name: /Photo/ }).count(),
    ).toBe(2);

    await audit.visit(staff, baseUrl, `/staff/cases/${elsewhere}`);
    await staff.getByLabel('Not ours: who is responsible?').selectOption('demo-water');
    await audit.act(staff, () => staff.getByRole('button', { name: 'Close as not ours' }).click());
    expect(await staff.getByRole('alert').textContent()).toContain('referred to Demo Water');

    const moving = await file('Graffiti sprayed across the bus shelter', 51.951);
    await audit.visit(staff, baseUrl, `/staff/cases/${moving}`);
    await staff.getByLabel('Move to another department').selectOption('environment');
    await audit.act(staff, () => staff.getByRole('button', { name: 'Move the report' }).click());
    expect(new URL(staff.url()).pathname).toBe('/staff/queue');
    expect(await staff.getByRole('alert').textContent()).toContain('moved to Waste and Environment');

    expect(pageErrors).toEqual([]);
    expect(audit.checked.length).toBeGreaterThanOrEqual(8);
  });
});
