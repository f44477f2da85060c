/**
 * Every string a person reads comes from a message catalog (locales/<language>/<namespace>.json), through
 * i18next. Catalogs hold plain text: views escape it when they render it, so a translation can never
 * inject markup. A key missing from the catalog is a bug: it throws in tests and is logged elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TOptions } from 'i18next';

export const supportedLanguages = ['en'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'en';

const rightToLeft = new Set<string>(['ar', 'he', 'fa', 'ur']);

/** The locale dates and numbers are written in, for each language (British conventions for English). */
const formattingLocales: Record<Language, string> = { en: 'en-GB' };

export interface Translator {
  language: Language;
  /** BCP 47 locale for Intl formatting. */
  locale: string;
  direction: 'ltr' | 'rtl';
  /** The message for `key` (namespace:key or a key of the common namespace), with values interpolated. */
  t: (key: string, values?: Record<string, unknown>) => string;
  /** Whether the catalog has `key` (for optional, per-context messages). */
  has: (key: string) => boolean;
}

export interface I18n {
  translator(language: string | undefined): Translator;
  namespaces: string[];
}

export async function createI18n(localesDir: string, options: { strict: boolean }): Promise<I18n> {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const language of supportedLanguages) {
    const folder = join(localesDir, language);
    resources[language] = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const namespace = file.replace(/\.json$/, '');
      namespaces.add(namespace);
      resources[language][namespace] = JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown;
    }
  }
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: resources as never,
    lng: defaultLanguage,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    ns: [...namespaces],
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: '.',
    // Values are escaped where they are rendered, with the rest of the text.
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (_languages, namespace, key) => {
      if (options.strict) throw new Error(`Missing message ${namespace}:${key}`);
    },
  });
  const translators = new Map<string, Translator>();
  for (const language of supportedLanguages) {
    const fixed = instance.getFixedT(language);
    translators.set(language, {
      language,
      locale: formattingLocales[language],
      direction: rightToLeft.has(language) ? 'rtl' : 'ltr',
      t: (key, values) => fixed(key, values as TOptions),
      has: (key) => instance.exists(key, { lng: language }),
    });
  }
  return {
    namespaces: [...namespaces],
    translator(language) {
      const best = language && translators.has(language) ? language : defaultLanguage;
      return translators.get(best) as Translator;
    },
  };
}
