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

/** Dates, numbers and money formatted for the reader's language, in the organisation's time zone. */
export function formatters(ctx: Pick<PageContext, 'locale' | 'timeZone'>): Formatters {
  const dateFormat = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: ctx.timeZone });
  const calendarDate = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: ctx.timeZone,
  });
  const numberFormat = new Intl.NumberFormat(ctx.locale);
  return {
    // A string is a calendar date (YYYY-MM-DD) with no time zone of its own.
    date: (value) =>
      typeof value === 'string'
        ? calendarDate.format(new Date(`${value}T00:00:00Z`))
        : dateFormat.format(value),
    dateTime: (value) => dateTimeFormat.format(value),
    money: (amount, currency) =>
      new Intl.NumberFormat(ctx.locale, { style: 'currency', currency }).format(amount),
    number: (value) => numberFormat.format(value),
    bytes: (size) =>
      new Intl.NumberFormat(ctx.locale, {
        style: 'unit',
        unit: size >= 1024 * 1024 ? 'megabyte' : 'kilobyte',
        maximumFractionDigits: 1,
      }).format(size >= 1024 * 1024 ? size / (1024 * 1024) : Math.max(0.1, size / 1024)),
  };
}
