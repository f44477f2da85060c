/**
 * The `translations` block a definition file (a service, a workflow, the departments) may carry: per
 * language, the translation of each of its texts, keyed by the text's place in the file.
 */
import { z } from 'zod';
import { defaultLanguage, supportedLanguages, type Language } from '../i18n/i18n.js';

const otherLanguages = supportedLanguages.filter((language) => language !== defaultLanguage) as [
  Language,
  ...Language[],
];

export const translationsSchema = z
  .partialRecord(
    z.enum(otherLanguages),
    z.record(
      z.string().regex(/^[\w.-]+$/, 'must name a text, such as questions.<id>.label'),
      z.string().min(1),
    ),
  )
  .optional()
  .describe(
    'This file’s text in other languages: per language code, the translation of each text, keyed by its ' +
      'place (title, summary, start.body, pages.<id>.title, questions.<id>.label, questions.<id>.options.<value>.label, …). ' +
      'A text without a translation is shown in the original language.',
  );

export type Translations = z.output<typeof translationsSchema>;

/** Called with each text of a file and its key; a string returned replaces the text. */
export type TextVisitor = (key: string, text: string) => string | undefined;

export function visitText<T extends string | undefined>(key: string, text: T, visit: TextVisitor): T {
  if (text === undefined) return text;
  return (visit(key, text) ?? text) as T;
}

/** The keys of every text a mapping function visits, with the original text. */
export function textKeysOf<T>(value: T, map: (value: T, visit: TextVisitor) => unknown): Map<string, string> {
  const keys = new Map<string, string>();
  map(value, (key, text) => {
    keys.set(key, text);
    return undefined;
  });
  return keys;
}

/** Translation keys that name no text of the file (a typo, or a question since removed). */
export function unknownTranslationKeys(
  translations: Translations,
  texts: ReadonlyMap<string, string>,
): { language: string; key: string }[] {
  return Object.entries(translations ?? {}).flatMap(([language, entries]) =>
    Object.keys(entries ?? {})
      .filter((key) => !texts.has(key))
      .map((key) => ({ language, key })),
  );
}
