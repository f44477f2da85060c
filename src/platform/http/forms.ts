/**
 * Validating an HTML form with a zod schema: the result is either the parsed data or, per field, the first
 * message to show, in field order, ready for the error summary and the fields themselves. The same schema
 * types the data a handler works with, so a form and its JSON twin cannot disagree.
 */
import type { z } from 'zod';
import type { ErrorSummaryEntry } from '../views/layout.js';

export type FieldMessages = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T } | { ok: false; errors: FieldMessages; values: Record<string, string> };

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldMessages = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values: formValues(body) };
}

/** What was typed, to put back in the form. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' && key !== '_csrf') values[key] = value;
    }
  }
  return values;
}

/** Error summary entries linking to each field (its id is its name unless `ids` says otherwise). */
export function errorSummary(errors: FieldMessages, ids: Record<string, string> = {}): ErrorSummaryEntry[] {
  return Object.entries(errors).map(([field, text]) => ({ href: `#${ids[field] ?? field}`, text }));
}

/**
 * A safe place to go back to after signing in: a path on this site, never another site. Browsers ignore
 * tabs and newlines and read backslashes as slashes in addresses, so "/\t/evil.example" would leave the
 * site: the value is resolved as a browser would, and only a same-site path and query are kept.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 500 || !value.startsWith('/')) return fallback;

  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  const base = 'http://plaza.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return url.pathname + url.search;
}
