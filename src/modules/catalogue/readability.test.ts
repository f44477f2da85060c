/**
 * Reading ages of a service's pages, against the demo city's real definitions and a deliberately hard text:
 * the formula is Flesch–Kincaid's, each page is scored on what a citizen reads there, and the hardest
 * sentence named is one worth rewriting.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { runCli } from '../../cli/main.js';
import { packageRoot } from '../../config.js';
import { loadOrganisationDefinitions } from '../organisation/index.js';
import { validateDefinitions } from './catalogue.cli.js';
import { loadServiceDefinitions } from './definition-loader.js';
import {
  DEFAULT_MAX_READING_AGE,
  readability,
  readablePageName,
  sentencesOf,
  serviceReadability,
  type ReadableDefinition,
} from './readability.js';

const demo = (() => {
  const folder = join(packageRoot, 'definitions', 'demo-city');
  const organisation = loadOrganisationDefinitions(folder, 'UTC');
  const loaded = loadServiceDefinitions(
    folder,
    new Set(organisation.departments.map((department) => department.id)),
  );
  return new Map(loaded.services.map(({ service }) => [service.slug, service]));
})();

const HARD =
  'Notwithstanding the aforementioned considerations, applicants must substantiate their eligibility ' +
  'by furnishing comprehensive documentation demonstrating continuous residential occupation, ' +
  'accompanied by authenticated certification from an appropriately authorised professional.';

const plain = (overrides: Partial<ReadableDefinition> = {}): ReadableDefinition => ({
  start: { body: 'We fix lamps. Tell us where it is.' },
  pages: [{ id: 'where', questions: [{ label: 'Where is the lamp?', hint: 'Give the street.' }] }],
  ...overrides,
});

describe('readability', () => {
  test('Flesch–Kincaid grade, and a reading age five years on', () => {
    // "The cat sat on the mat." 6 words, 6 syllables, 1 sentence: 0.39 × 6 + 11.8 × 1 − 15.59 = −1.45 (−1.4 to one place).
    expect(readability(['The cat sat on the mat.'])).toEqual({
      sentences: 1,
      words: 6,
      syllables: 6,
      grade: -1.4,
      readingAge: 5,
    });
    const hard = readability([HARD]);
    expect(hard.sentences).toBe(1);
    expect(hard.words).toBe(26);
    expect(hard.grade).toBeGreaterThan(25);
    expect(hard.readingAge).toBeCloseTo(hard.grade + 5, 5);
    // Placeholders, addresses, links and numbers are not words; lines and labels end sentences.
    expect(readability(['Call 0300 555 0106 or email waste@demo-city.example ((link))'])).toMatchObject({
      words: 3,
    });
    expect(sentencesOf('First line\nSecond one. Third? “Fourth!” Fifth\n\n- a list item')).toEqual([
      'First line',
      'Second one.',
      'Third?',
      '“Fourth!”',
      'Fifth',
      'a list item',
    ]);
    expect(readability([])).toMatchObject({ sentences: 0, words: 0, grade: 0 });
  });

  test('a deliberately hard page is above the limit, with its hardest sentence quoted', () => {
    const result = serviceReadability(
      plain({
        pages: [
          { id: 'where', questions: [{ label: 'Where is the lamp?', hint: 'Give the street.' }] },
          {
            id: 'proof',
            questions: [
              {
                label: 'Upload your proof',
                hint: `Use a PDF. ${HARD} Keep it short.`,
                options: [{ label: 'Yes' }, { label: 'No' }],
              },
            ],
          },
        ],
        declaration: 'I confirm that this is true.',
        notifications: { submitted: { subject: 'We got it: ((reference))', body: 'Thank you.\n\n((link))' } },
      }),
      DEFAULT_MAX_READING_AGE,
    );
    expect(result.pages.map((page) => readablePageName(page.page))).toEqual([
      'start page',
      'page where',
      'page proof',
      'declaration',
      'email submitted',
    ]);
    expect(result.tooHard).toHaveLength(1);
    const proof = result.tooHard[0];
    expect(proof?.page).toEqual({ kind: 'question', pageId: 'proof' });
    expect(proof?.readingAge).toBeGreaterThan(DEFAULT_MAX_READING_AGE);
    expect(proof?.hardestSentence).toBe(HARD);
    for (const page of result.pages.filter((page) => page !== proof))
      expect(page.readingAge).toBeLessThanOrEqual(DEFAULT_MAX_READING_AGE);
    // The limit is the deployment's: with a limit above everything, nothing warns.
    expect(serviceReadability(plain(), 5).tooHard).toEqual([]);
    expect(serviceReadability(plain({ start: { body: HARD } }), 40).tooHard).toEqual([]);
  });

  test('the demo city’s definitions: every page scored, the hard ones named with a sentence of their own', () => {
    expect(demo.size).toBeGreaterThanOrEqual(10);
    for (const service of demo.values()) {
      const result = serviceReadability(service, DEFAULT_MAX_READING_AGE);
      // The start page, every question page, and the declaration and emails the definition writes.
      expect(result.pages.filter((page) => page.page.kind === 'question')).toHaveLength(service.pages.length);
      expect(result.pages[0]?.page).toEqual({ kind: 'start' });
      if (service.declaration)
        expect(result.pages.some((page) => page.page.kind === 'declaration')).toBe(true);
      for (const page of result.pages) {
        expect(page.readingAge).toBeGreaterThanOrEqual(5);
        expect(page.readingAge).toBeLessThan(25);
        expect(page.hardestSentence).toBeTruthy();
      }
    }
    // The street party's declaration is one 31-word sentence: well above 9, and quoted whole.
    const party = serviceReadability(demo.get('street-party-permit') as ReadableDefinition);
    const declaration = party.tooHard.find((page) => page.page.kind === 'declaration');
    expect(declaration?.readingAge).toBeGreaterThan(15);
    expect(declaration?.hardestSentence).toMatch(/^I confirm that the party is free .* is correct\.$/);
    // Short questions with plain options read easily: the pothole's size.
    const pothole = serviceReadability(demo.get('report-pothole') as ReadableDefinition);
    const size = pothole.pages.find(
      (page) => page.page.kind === 'question' && page.page.pageId === 'pothole-size',
    );
    expect(size?.readingAge).toBeLessThanOrEqual(DEFAULT_MAX_READING_AGE);
    // Its hardest sentence is a real question or option, not a placeholder or a number.
    expect(pothole.pages.every((page) => !/\(\(/.test(page.hardestSentence ?? ''))).toBe(true);
  });

  test('`plaza services validate` prints the warnings, quoting the sentence, and does not fail', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'plaza-readability-'));
    try {
      cpSync(join(packageRoot, 'definitions', 'demo-city'), folder, { recursive: true });
      const pothole = join(folder, 'services', 'report-pothole.yaml');
      writeFileSync(
        pothole,
        readFileSync(pothole, 'utf8').replace(
          'We repair potholes that are deeper than 4 cm or that are a danger to people riding bikes.',
          HARD,
        ),
      );
      const lines: string[] = [];
      expect(validateDefinitions(folder, (line) => lines.push(line))).toBe(0);
      const warnings = lines.filter((line) => line.startsWith('warn'));
      expect(warnings).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `report-pothole\\.yaml: start page has reading age [\\d.]+ \\(above 9\\); hardest sentence: "${HARD}"`,
          ),
        ),
      );
      expect(lines.at(-1)).toBe(
        `${warnings.length} page(s) above reading age 9: warnings only, not problems.`,
      );
      expect(lines).toContainEqual(expect.stringMatching(/14 service\(s\) valid, .*; 0 problem\(s\)\./));

      // The deployment's limit, from its environment; a bad one is refused with a clear message.
      const output: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        output.push(String(chunk));
        return true;
      });
      try {
        expect(await runCli(['services', 'validate', folder], { PLAZA_MAX_READING_AGE: '25' })).toBe(0);
        expect(output.join('')).not.toContain('warn');
        expect(output.join('')).not.toContain('above reading age');
        output.length = 0;
        expect(await runCli(['services', 'validate', folder], { PLAZA_MAX_READING_AGE: 'nine' })).toBe(2);
        expect(output.join('')).toContain('PLAZA_MAX_READING_AGE: must be a whole number from 5 to 25');
      } finally {
        vi.restoreAllMocks();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
