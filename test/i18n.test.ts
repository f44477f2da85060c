/** Every message the code asks for by a literal key is in the English catalog (dynamic keys are covered by page tests). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { expect, test } from 'vitest';
import { createI18n } from '../src/platform/i18n/i18n.js';
import { repositoryRoot } from './support/pglite-template.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

test('every literal message key used in src/ exists in locales/en', async () => {
  const i18n = await createI18n(join(repositoryRoot, 'locales'), { strict: false });
  const { has } = i18n.translator('en');
  const missing: string[] = [];
  let checked = 0;
  for (const file of sourceFiles(join(repositoryRoot, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([A-Za-z_]+(?::[\w.]+|\.[\w.]+))'/g)) {
      const key = match[1] as string;
      checked++;
      if (!has(key) && !has(`${key}_other`))
        missing.push(`${key} (${file.slice(repositoryRoot.length + 1)})`);
    }
  }
  expect(checked).toBeGreaterThan(150);
  expect(missing).toEqual([]);
});

/** A catalog's messages by flattened key (`a.b.c`). */
function flatten(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value && typeof value === 'object')
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

const pluralSuffix = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();

test.each(['es', 'fr', 'ar'])(
  'the %s catalogs have every English message, every plural form the language needs, and the same placeholders',
  (language) => {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    const problems: string[] = [];
    const folder = join(repositoryRoot, 'locales', 'en');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const english = flatten(JSON.parse(readFileSync(join(folder, file), 'utf8')));
      const path = join(repositoryRoot, 'locales', language, file);
      let translated: Map<string, string>;
      try {
        translated = flatten(JSON.parse(readFileSync(path, 'utf8')));
      } catch {
        problems.push(`${language}/${file} is missing or not JSON`);
        continue;
      }
      const wanted = new Map<string, string>();
      for (const [key, text] of english) {
        const plural = pluralSuffix.exec(key);
        // i18next says a count of 0 with a `_zero` message in any language, so one in English is wanted everywhere.
        if (!plural || plural[1] === 'zero') wanted.set(key, text);
        else if (plural[1] === 'other')
          for (const category of categories) wanted.set(key.replace(pluralSuffix, `_${category}`), text);
      }
      for (const [key, text] of wanted) {
        const own = translated.get(key);
        if (own === undefined) problems.push(`${language}/${file}: missing ${key}`);
        else if (!/_(zero|one|two)$/.test(key) && placeholders(own).join() !== placeholders(text).join())
          problems.push(
            `${language}/${file}: ${key} has {{${placeholders(own).join(', ')}}}, English {{${placeholders(text).join(', ')}}}`,
          );
      }
      for (const key of translated.keys())
        if (!wanted.has(key)) problems.push(`${language}/${file}: ${key} is not an English message`);
    }
    expect(problems).toEqual([]);
  },
);

test('no catalog names a key twice (JSON keeps only the last, so the first message would never be read)', () => {
  const duplicates: string[] = [];
  for (const language of readdirSync(join(repositoryRoot, 'locales')))
    for (const file of readdirSync(join(repositoryRoot, 'locales', language))) {
      // YAML is a superset of JSON that refuses a repeated key, naming it.
      const parsed = parseDocument(readFileSync(join(repositoryRoot, 'locales', language, file), 'utf8'), {
        uniqueKeys: true,
      });
      for (const error of parsed.errors)
        duplicates.push(`${language}/${file}: ${error.message.split('\n')[0]}`);
    }
  expect(duplicates).toEqual([]);
});
