/**
 * Every string a person reads comes from a message catalog (locales/<language>/<namespace>.json), through
 * i18next. Catalogs hold plain text: views escape it when they render it, so a translation can never
 * inject markup. A key missing from the catalog is a bug: it throws in tests and is logged elsewhere.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TOptions } from 'i18next';

export const supportedLanguages = ['en', 'es', 'fr', 'ar'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

/** Each language's name in itself, as a language switcher shows it. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
};

const rightToLeft = new Set<string>(['ar', 'he', 'fa', 'ur']);

export function languageDirection(language: string): 'ltr' | 'rtl' {
  return rightToLeft.has(language) ? 'rtl' : 'ltr';
}

/**
 * The locale dates and numbers are written in, for each language: British conventions for English, Spain's
 * and France's for Spanish and French, and Arabic with the digits people type into forms (0–9), so a date
 * shown and a date asked for are written alike.
 */
const formattingLocales: Record<Language, string> = {
  en: 'en-GB',
  es: 'es-ES',
  fr: 'fr-FR',
  ar: 'ar-u-nu-latn',
};

/**
 * The language of the request being served. Services say things back (errors, confirmations) without
 * knowing about HTTP; the HTTP layer runs each request in its reader's language, and `translator(undefined)`
 * answers in it. Outside a request (jobs, the command line) it is the default language.
 */
const currentLanguage = new AsyncLocalStorage<Language>();

export function inLanguage<T>(language: Language, work: () => T): T {
  return currentLanguage.run(language, work);
}

/** The language of the request being served (the default language outside a request). */
export function languageInUse(): Language {
  return currentLanguage.getStore() ?? defaultLanguage;
}

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
  /** The translator for a language; for none (or one Plaza does not have), the current request's language. */
  translator(language: string | null | undefined): Translator;
  namespaces: string[];
}

export async function createI18n(localesDir: string, options: { strict: boolean }): Promise<I18n> {
  const resources: Record<string, Record<string, unknown>> = {};
  const namespaces = new Set<string>();
  for (const language of supportedLanguages) {
    const folder = join(localesDir, language);
    resources[language] = {};
    if (!existsSync(folder)) continue;
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
      direction: languageDirection(language),
      t: (key, values) => fixed(key, values as TOptions),
      has: (key) => instance.exists(key, { lng: language }),
    });
  }
  return {
    namespaces: [...namespaces],
    translator(language) {
      const best = isLanguage(language) ? language : (currentLanguage.getStore() ?? defaultLanguage);
      return translators.get(best) as Translator;
    },
  };
}
