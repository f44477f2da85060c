import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { repositoryRoot } from '../../../test/support/pglite-template.js';
import { loadServiceDefinitions } from './definition-loader.js';
import { missingTranslations } from './translations.cli.js';
import { localiseService, serviceTextKeys, untranslatedTextsOf } from './translations.js';

const demo = join(repositoryRoot, 'definitions', 'demo-city');
const departments = new Set([
  'environment',
  'civil-registration',
  'transport',
  'planning',
  'licensing',
  'highways',
]);
const folders: string[] = [];

/** A copy of the demo city whose file is given its own `translations` block (any existing one replaced). */
function demoWith(file: string, translations: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'plaza-translations-'));
  folders.push(folder);
  cpSync(demo, folder, { recursive: true });
  const path = join(folder, file);
  writeFileSync(
    path,
    `${readFileSync(path, 'utf8').replace(/\ntranslations:[\s\S]*$/, '\n')}\ntranslations:\n${translations}`,
  );
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

test('a definition in another language takes each translated text by its key and keeps the rest as written', () => {
  const folder = demoWith(
    'services/bulky-waste-collection.yaml',
    '  fr:\n    title: Réserver un enlèvement d’encombrants\n    questions.items.options.sofa.label: Canapé ou fauteuil\n',
  );
  const loaded = loadServiceDefinitions(folder, departments);
  expect(loaded.problems).toEqual([]);
  const service = loaded.services.find(({ service }) => service.slug === 'bulky-waste-collection')?.service;
  if (!service) throw new Error('bulky waste did not load');
  const { value, untranslated } = localiseService(service, 'fr');
  expect(value.title).toBe('Réserver un enlèvement d’encombrants');
  const items = value.pages[0]?.questions[0];
  expect(items && 'options' in items ? items.options.map((option) => option.label).slice(0, 2) : []).toEqual([
    'Canapé ou fauteuil',
    'Mattress or bed frame',
  ]);
  expect(untranslated).toContain('start.body');
  expect(untranslated).not.toContain('title');
  expect(untranslatedTextsOf(value)).toEqual(untranslated);
  // Every text of the service but the two translated ones is reported missing.
  expect(untranslated.filter((key) => !key.startsWith('workflow.'))).toHaveLength(
    serviceTextKeys(service).size - 2,
  );
  // The demo's workflow is translated in its own file, and comes localised with the service.
  expect(untranslated.some((key) => key.startsWith('workflow.'))).toBe(false);
  expect(value.resolvedWorkflow.states.scheduled?.label).not.toBe(
    service.resolvedWorkflow.states.scheduled?.label,
  );
  // The published definition itself is untouched, and English needs no translation.
  expect(service.title).toBe('Book a bulky waste collection');
  expect(localiseService(service, 'en').untranslated).toEqual([]);
});

test('a translation that names no text of the file is a problem with its file, place and line', () => {
  const folder = demoWith('services/bulky-waste-collection.yaml', '  es:\n    questions.sofa.label: Sofá\n');
  const { problems, services } = loadServiceDefinitions(folder, departments);
  expect(services.some(({ service }) => service.slug === 'bulky-waste-collection')).toBe(false);
  expect(problems).toHaveLength(1);
  expect(problems[0]?.message).toBe('"questions.sofa.label" is not a text of this service');
  expect(problems[0]?.file).toMatch(/bulky-waste-collection\.yaml$/);
  expect(problems[0]?.line).toBeGreaterThan(100);

  const workflow = demoWith(
    'workflows/collection-booking.yaml',
    '  de:\n    states.scheduled.label: Geplant\n',
  );
  const refused = loadServiceDefinitions(workflow, departments).problems;
  expect(
    refused.some(
      (problem) => problem.path.startsWith('translations') && /collection-booking/.test(problem.file),
    ),
  ).toBe(true);
});

test('the list of missing texts shrinks by what was translated', () => {
  const before = missingTranslations(
    demoWith('services/report-pothole.yaml', '  ar:\n    title: الإبلاغ عن حفرة\n'),
    'ar',
  );
  const pothole = before.find((entry) => entry.file === 'services/report-pothole.yaml');
  expect(pothole?.missing.has('title')).toBe(false);
  expect(pothole?.missing.has('summary')).toBe(true);
  expect(pothole?.total).toBe((pothole?.missing.size ?? 0) + 1);
});
