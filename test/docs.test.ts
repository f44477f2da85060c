/** The documentation stays true: every path the architecture names exists; every setting is in the README. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configVariables } from '../src/config.js';
import { repositoryRoot } from './support/pglite-template.js';

describe('documentation', () => {
  test('every path in docs/ARCHITECTURE.md exists', () => {
    const text = readFileSync(join(repositoryRoot, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const tree = text.slice(text.indexOf('```text'), text.indexOf('```', text.indexOf('```text') + 7));
    const paths = tree
      .split('\n')
      .map((line) => line.split(/\s+/)[0] ?? '')
      .filter((path) => /^[\w.][\w./-]*$/.test(path) && !path.endsWith('…'))
      .map((path) => path.replace(/,$/, ''));
    expect(paths.length).toBeGreaterThan(30);
    const missing = paths.filter((path) => !existsSync(join(repositoryRoot, path)));
    expect(missing).toEqual([]);
  });

  test('the README’s configuration table lists every variable Plaza reads', () => {
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    const missing = Object.keys(configVariables).filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
