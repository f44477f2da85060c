/**
 * What every page needs to render besides its own data: the reader's language, who is signed in, the
 * deployment's brand, asset addresses and a CSRF token for forms. Built once per request by platform/http.
 */
import type { Translator } from '../i18n/i18n.js';

export interface Branding {
  organisationName: string;
  brandColour: string;
  logoUrl: string | undefined;
}

export interface AssetPaths {
  css: string;
  /** The stylesheet mirrored for right-to-left languages. */
  cssRtl: string;
  js: string;
  brandCss: string;
  favicon: string;
}

export interface SignedInUser {
  id: string;
  kind: 'citizen' | 'staff';
  name: string | null;
  email: string;
}

export interface NavigationItem {
  href: string;
  text: string;
  active: boolean;
}

/** One entry of the language switcher: a language, in its own name, and this page's address in it. */
export interface LanguageChoice {
  language: string;
  name: string;
  /** The direction of the name's script. */
  direction: 'ltr' | 'rtl';
  href: string;
  current: boolean;
}

export interface PageContext {
  t: Translator['t'];
  /** Whether the catalog has a message (for optional, per-case wording). */
  has: Translator['has'];
  language: string;
  /** Locale for dates and numbers. */
  locale: string;
  direction: 'ltr' | 'rtl';
  branding: Branding;
  assets: AssetPaths;
  user: SignedInUser | undefined;
  /** Path and query of the current page (for "return to" links). */
  path: string;
  /** The languages this page can be read in, for the language switcher. */
  languages: LanguageChoice[];
  requestId: string;
  isDevelopment: boolean;
  timeZone: string;
  csrfToken: () => string;
  /** The service navigation for who is signed in. */
  navigation: NavigationItem[];
}

export interface Formatters {
  date(value: Date | string): string;
  dateTime(value: Date): string;
  money(amount: number, currency: string): string;
  number(value: number): string;
  bytes(size: number): string;
}

const formattersByLocale = new Map<string, Formatters>();

/**
 * Dates, numbers and money formatted for the reader's language, in the organisation's time zone. Intl
 * formatters are costly to build (a third of a page's time when built per request), so there is one set
 * per locale and time zone.
 */
export function formatters(ctx: Pick<PageContext, 'locale' | 'timeZone'>): Formatters {
  const key = `${ctx.locale}|${ctx.timeZone}`;
  let cached = formattersByLocale.get(key);
  if (!cached) {
    cached = buildFormatters(ctx.locale, ctx.timeZone);
    formattersByLocale.set(key, cached);
  }
  return cached;
}

function buildFormatters(locale: string, timeZone: string): Formatters {
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
  const calendarDate = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const numberFormat = new Intl.NumberFormat(locale);
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const kilobytes = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 1,
  });
  const megabytes = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'megabyte',
    maximumFractionDigits: 1,
  });
  return {
    // A string is a calendar date (YYYY-MM-DD) with no time zone of its own.
    date: (value) =>
      typeof value === 'string'
        ? calendarDate.format(new Date(`${value}T00:00:00Z`))
        : dateFormat.format(value),
    dateTime: (value) => dateTimeFormat.format(value),
    money: (amount, currency) => {
      let format = moneyFormats.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency });
        moneyFormats.set(currency, format);
      }
      return format.format(amount);
    },
    number: (value) => numberFormat.format(value),
    bytes: (size) =>
      size >= 1024 * 1024
        ? megabytes.format(size / (1024 * 1024))
        : kilobytes.format(Math.max(0.1, size / 1024)),
  };
}
