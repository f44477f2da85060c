/**
 * Text Plaza cannot keep exactly is refused where it arrives: a NUL character (PostgreSQL's text and jsonb
 * cannot hold one) and half of a UTF-16 surrogate pair (no character at all; it would be stored as U+FFFD,
 * that is, changed). Browsers never send either, so a request carrying one comes from a program, and is
 * told which field is wrong rather than having its text altered or failing deep inside a query.
 */
import type { FastifyInstance } from 'fastify';
import { PlazaError } from '../errors.js';

const notText = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or object key) in `value` that is not text, if any. */
export function firstNotText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return notText.test(value) ? path || 'value' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${key}` : key;
    if (notText.test(key)) return at;
    const found = firstNotText(item, at);
    if (found) return found;
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
