/**
 * Case references are read over the phone and typed back by people: no look-alike characters, any way of
 * typing them accepted, and a check character that catches one wrong or two swapped characters.
 */
import { describe, expect, test } from 'vitest';
import { newReference, normaliseReference, referenceAlphabet } from './reference-number.js';

/** Digits and capitals without the ones people confuse: 0/O, 1/I/L, U/V. */
const unambiguous = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((char) => !'01OILUV'.includes(char));

const references = Array.from({ length: 2000 }, () => newReference());

/** The six characters after PLZ-, without the hyphen. */
const charsOf = (reference: string): string[] => [...reference.slice(4).replace('-', '')];
const fromChars = (chars: string[]): string => `PLZ-${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;

describe('newReference', () => {
  test('looks like PLZ-XXXX-XX', () => {
    for (const reference of references) expect(reference).toMatch(/^PLZ-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  });

  test('uses no character that looks like another', () => {
    for (const reference of references) {
      for (const char of charsOf(reference)) expect(unambiguous, reference).toContain(char);
    }
    expect([...referenceAlphabet].sort()).toEqual(unambiguous);
  });

  test('uses the whole alphabet in every position', () => {
    for (let position = 0; position < 5; position++) {
      const seen = new Set(references.map((reference) => charsOf(reference)[position]));
      expect(seen.size, `position ${position}`).toBe(unambiguous.length);
    }
  });

  test('rarely repeats', () => {
    expect(new Set(references).size).toBeGreaterThan(references.length - 10);
  });
});

describe('normaliseReference', () => {
  test('accepts each reference as written', () => {
    for (const reference of references) expect(normaliseReference(reference)).toBe(reference);
  });

  test.each([
    { typed: (ref: string) => ref.toLowerCase(), how: 'in lower case' },
    { typed: (ref: string) => ref.replace(/-/g, ''), how: 'without hyphens' },
    { typed: (ref: string) => ref.replace(/-/g, ' '), how: 'with spaces' },
    { typed: (ref: string) => ` ${ref.toLowerCase().replace(/-/g, '')}  `, how: 'with spaces around' },
    { typed: (ref: string) => ref.replace(/-/g, '').replace(/(..)/g, '$1 ').toLowerCase(), how: 'in pairs' },
  ])('accepts a reference typed $how', ({ typed }) => {
    for (const reference of references.slice(0, 200))
      expect(normaliseReference(typed(reference))).toBe(reference);
  });

  test('refuses a reference with any single character mistyped', () => {
    for (const reference of references.slice(0, 200)) {
      const chars = charsOf(reference);
      chars.forEach((original, position) => {
        for (const other of unambiguous) {
          if (other === original) continue;
          const typo = [...chars];
          typo[position] = other;
          expect(normaliseReference(fromChars(typo)), `${reference} → ${fromChars(typo)}`).toBeUndefined();
        }
      });
    }
  });

  test('refuses a reference with two neighbouring characters swapped, including across the hyphen', () => {
    let swaps = 0;
    for (const reference of references) {
      const chars = charsOf(reference);
      for (let position = 0; position < chars.length - 1; position++) {
        if (chars[position] === chars[position + 1]) continue;
        const swapped = [...chars];
        [swapped[position], swapped[position + 1]] = [
          chars[position + 1] as string,
          chars[position] as string,
        ];
        expect(
          normaliseReference(fromChars(swapped)),
          `${reference} → ${fromChars(swapped)}`,
        ).toBeUndefined();
        swaps++;
      }
    }
    expect(swaps).toBeGreaterThan(references.length * 4);
  });

  const compact = (references[0] as string).replace(/-/g, '');
  test.each([
    { why: 'empty', typed: '' },
    { why: 'only the prefix', typed: 'PLZ-' },
    { why: 'with another prefix', typed: `ABC${compact.slice(3)}` },
    { why: 'a character short', typed: compact.slice(0, -1) },
    { why: 'a character too long', typed: `${compact}2` },
    { why: 'with a look-alike character', typed: `${compact.slice(0, 7)}O${compact.slice(8)}` },
  ])('refuses a reference $why', ({ typed }) => {
    expect(normaliseReference(typed)).toBeUndefined();
  });
});
