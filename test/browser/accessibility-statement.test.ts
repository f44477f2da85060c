/**
 * The public accessibility statement (/accessibility): written from what Plaza checks, with the results the
 * crawl last recorded (docs/accessibility-results.json), and whom to tell about a problem: the address the
 * deployment configures, or else its departments' own contacts. Every page's footer links to it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readAccessibilityResults } from '../../src/modules/accessibility/index.js';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const [database] = testDatabases();

describe('the accessibility statement', () => {
  let configured: TestApp;
  let unconfigured: TestApp;

  beforeAll(async () => {
    configured = await startTestApp({
      database: await database!.open(),
      env: { PLAZA_CONTACT_EMAIL: 'access@demo-city.example' },
    });
    unconfigured = await startTestApp({ database: await database!.open() });
  });
  afterAll(async () => {
    for (const app of [configured, unconfigured]) {
      await app?.close();
      await app?.database.close();
    }
  });

  test('says the standard, the checks, the last results and whom to tell, linked from every footer', async () => {
    const home = await configured.client().get('/');
    expect(home.screen.getByRole('link', { name: 'Accessibility' }).getAttribute('href')).toBe(
      '/accessibility',
    );

    const page = await configured.client().get('/accessibility');
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { level: 1 }).textContent).toBe('Accessibility statement');
    const text = page.document.querySelector('main')?.textContent ?? '';
    expect(text).toContain('WCAG) version 2.2 at level AA');
    for (const check of ['axe-core', 'keyboard alone', 'JavaScript turned off', 'right to left', '100 KB'])
      expect(text).toContain(check);
    const recorded = readAccessibilityResults(join(repositoryRoot, 'docs', 'accessibility-results.json'));
    if (recorded) {
      const value = (key: string) =>
        [...page.document.querySelectorAll('.govuk-summary-list__row')]
          .find((row) => row.querySelector('dt')?.textContent?.trim() === key)
          ?.querySelector('dd')
          ?.textContent?.trim();
      expect(value('Pages checked')).toBe(recorded.pagesChecked.toLocaleString('en-GB'));
      expect(value('Problems found')).toBe(String(recorded.violations));
    } else expect(text).toContain('No results have been recorded yet.');
    expect(page.screen.getByRole('link', { name: 'access@demo-city.example' }).getAttribute('href')).toBe(
      'mailto:access@demo-city.example',
    );

    // Without an address of its own, the deployment's departments are whom to tell.
    const departments = await unconfigured.client().get('/accessibility');
    expect(departments.screen.getByRole('link', { name: 'waste@demo-city.example' })).toBeTruthy();
  });

  test('results that are missing or not what they should be are not shown', () => {
    const folder = mkdtempSync(join(tmpdir(), 'plaza-accessibility-'));
    expect(readAccessibilityResults(join(folder, 'none.json'))).toBeUndefined();
    writeFileSync(join(folder, 'broken.json'), '{ "pagesChecked": ');
    expect(readAccessibilityResults(join(folder, 'broken.json'))).toBeUndefined();
    writeFileSync(join(folder, 'wrong.json'), JSON.stringify({ pagesChecked: -1 }));
    expect(readAccessibilityResults(join(folder, 'wrong.json'))).toBeUndefined();
  });
});
