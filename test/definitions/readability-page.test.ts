/**
 * The service designer's page of definitions shows the reading age of each page of each service, and a
 * warning quoting the hardest sentence where a page is above the deployment's PLAZA_MAX_READING_AGE. Run
 * on the demo city's definitions with one deliberately hard start page, on every test database.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabases } from '../support/database.js';
import { repositoryRoot } from '../support/pglite-template.js';
import { signInStaff, startTestApp, type TestApp } from '../support/test-app.js';

const HARD =
  'Notwithstanding the aforementioned considerations, <b>applicants</b> must substantiate their eligibility ' +
  'by furnishing comprehensive documentation demonstrating continuous residential occupation.';

describe.each(testDatabases())('reading ages on the definitions page, on $name', (database) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plaza-readability-page-'));
    cpSync(join(repositoryRoot, 'definitions', 'demo-city'), dir, { recursive: true });
    const file = join(dir, 'services', 'report-pothole.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'We repair potholes that are deeper than 4 cm or that are a danger to people riding bikes.',
        HARD,
      ),
    );
    t = await startTestApp({
      database: await database.open(),
      env: { PLAZA_DEFINITIONS_DIR: dir, PLAZA_MAX_READING_AGE: '12' },
    });
    await t.createStaff('dee@demo-city.example', [{ role: 'designer', departmentId: null }], 'Dee Designer');
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each page’s reading age, and a warning with the hardest sentence above the limit', async () => {
    const designer = t.client();
    await signInStaff(designer, 'dee@demo-city.example');
    const page = await designer.get('/staff/service-definitions');
    expect(page.status).toBe(200);
    expect(page.screen.getByRole('heading', { name: 'How easy each page is to read' })).toBeTruthy();
    expect(page.body).toContain('Aim for a reading age of 12 or under');

    // The pothole's start page: its reading age, and the sentence to rewrite, quoted and escaped.
    const pothole = page.screen.getByRole('region', { name: 'Report a pothole' });
    const table = pothole.querySelector('table') as HTMLTableElement;
    const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows[0]?.[0]).toBe('Start page');
    expect(Number(rows[0]?.[1])).toBeGreaterThan(12);
    expect(rows[0]?.[2]).toContain(
      `Reading age ${rows[0]?.[1]} is above 12. The hardest sentence is: “${HARD}”`,
    );
    expect(table.querySelector('tbody tr .govuk-warning-text')).not.toBeNull();
    expect(page.body).not.toContain('<b>applicants');
    expect(pothole.querySelector('b')).toBeNull();
    // Its question pages read easily: a reading age and nothing to change.
    const size = rows.find((row) => row[0]?.startsWith('Question page “pothole-size”'));
    expect(size?.[0]).toBe('Question page “pothole-size”: How big is the pothole?');
    expect(Number(size?.[1])).toBeLessThanOrEqual(12);
    expect(size?.[2]).toBe('Nothing');
    expect(pothole.textContent).toContain('1 page has a reading age above 12.');

    // Every published service is there, each warning above the limit only.
    const sections = page.document.querySelectorAll('section[aria-labelledby^="readability-"]');
    expect(sections.length).toBe(14);
    for (const section of sections)
      for (const row of section.querySelectorAll('tbody tr')) {
        const age = Number(row.querySelector('td')?.textContent);
        expect(row.querySelector('.govuk-warning-text') !== null).toBe(age > 12);
      }
    // The street party's declaration is one long sentence: well above 12 too.
    const party = page.screen.getByRole('region', { name: 'Apply to close a road for a street party' });
    expect(party.textContent).toMatch(/The hardest sentence is: “I confirm that the party is free/);
  });
});
