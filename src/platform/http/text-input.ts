/**
 * Text Plaza cannot keep exactly is refused where it arrives: a NUL character (PostgreSQL's text and jsonb
 * cannot hold one) and half of a UTF-16 surrogate pair (no character at all; it would be stored as U+FFFD,
 * that is, changed). Browsers never send either, so a request carrying one comes from a program, and is
 * told which field is wrong rather than having its text altered or failing deep inside a query.
 */
import type { FastifyInstance } from 'fastify';
import { PlazaError } from '../errors.js';

const notText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The path of the first string (or object key) in `value` that is not text, if any. Walked with a stack of
 * its own rather than by recursion: a body nested thousands of levels deep is valid JSON and must be
 * answered, not overflow the call stack.
 */
export function firstNotText(value: unknown, path = ''): string | undefined {
  const pending: { value: unknown; path: string; key?: string }[] = [{ value, path }];
  while (pending.length > 0) {
    const next = pending.pop() as { value: unknown; path: string; key?: string };
    if (next.key !== undefined && notText.test(next.key)) return next.path;
    if (typeof next.value === 'string') {
      if (notText.test(next.value)) return next.path || 'value';
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    const entries = Object.entries(next.value as Record<string, unknown>);
    // Reversed onto the stack, so the first field is looked at first, as a person reads the form.
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, item] = entries[index] as [string, unknown];
      pending.push({ value: item, path: next.path ? `${next.path}.${key}` : key, key });
    }
  }
  return undefined;
}

export function notTextError(field: string): PlazaError {
  const message = `${field} contains a character that is not text (a null character or half of one): remove it and send again.`;
  return new PlazaError('invalid', 'request.not_text', message, { fieldErrors: [{ field, message }] });
}

/** Refuses, before any route sees it, a body, query or address holding something that is not text. */
export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field =
      firstNotText(request.params) ?? firstNotText(request.query) ?? firstNotText(request.body ?? undefined);
    if (field) throw notTextError(field);
  });
}
