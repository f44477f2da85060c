/** Every message the code asks for by a literal key is in the English catalog (dynamic keys are covered by page tests). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
