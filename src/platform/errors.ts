/**
 * Errors that services raise when a request cannot be honoured. They say what went wrong in domain terms
 * (a kind, a stable code, a message key for people) and never mention HTTP; the one error handler in
 * platform/http maps a kind to a status code, a page or an application/problem+json body.
 */

export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'unavailable';

export interface FieldError {
  /** The form field (or JSON pointer-ish path for the API) the message is about. */
  field: string;
  /** The id of the element the error summary links to. */
  href?: string;
  message: string;
}

export class PlazaError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable identifier, e.g. `case.transition_not_allowed`; part of the API contract. */
    readonly code: string,
    /** Text for people, already in their language where the service knew it. */
    message: string,
    readonly details: { fieldErrors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'PlazaError';
  }
}

export const invalid = (code: string, message: string, fieldErrors: FieldError[] = []): PlazaError =>
  new PlazaError('invalid', code, message, { fieldErrors });
export const notFound = (code: string, message: string): PlazaError =>
  new PlazaError('not_found', code, message);
export const forbidden = (code: string, message: string): PlazaError =>
  new PlazaError('forbidden', code, message);
export const unauthenticated = (code: string, message: string): PlazaError =>
  new PlazaError('unauthenticated', code, message);
export const conflict = (code: string, message: string, details: Record<string, unknown> = {}): PlazaError =>
  new PlazaError('conflict', code, message, details);
export const rateLimited = (code: string, message: string): PlazaError =>
  new PlazaError('rate_limited', code, message);

export function isPlazaError(error: unknown): error is PlazaError {
  return error instanceof PlazaError;
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from an address or a form can be an id: anything else is simply not found. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidShape.test(value);
}
