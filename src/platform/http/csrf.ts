/**
 * Cross-site request forgery protection: every state-changing request must carry a token derived from a
 * secret kept in the visitor's session (the synchronizer-token pattern, with @fastify/csrf's tokens).
 * Forms carry it in a hidden `_csrf` field, scripts in an `x-csrf-token` header. Multipart forms are
 * accepted only by routes that declare `config: { multipart: true }`, and checked by the multipart reader
 * once their fields are parsed.
 *
 * A route for programs declares `config: { csrf: false }`; the check is then skipped only for requests whose
 * session is detached (they carry an API key or access token, or the route never uses sessions), never for
 * a request that comes with the cookie: a browser's session is always checked, whatever the route says.
 */
import Tokens from '@fastify/csrf';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlazaError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: programs call this route with their own credentials, which need no token (see above). */
    csrf?: boolean;
    /** The route takes uploads; its handler reads the form with readRequestForm, which checks the token. */
    multipart?: boolean;
  }
  interface FastifyRequest {
    /** A token for the forms on the page being rendered (creates the session's secret on first use). */
    csrfToken(): string;
  }
}

const tokens = Tokens();
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const csrfFieldName = '_csrf';

export function csrfRejected(): PlazaError {
  return new PlazaError(
    'forbidden',
    'csrf.invalid',
    'This form has expired or did not come from this site. Go back, refresh the page and try again.',
  );
}

export function verifyCsrf(request: FastifyRequest, token: unknown): void {
  const secret = request.session.get('csrfSecret');
  if (!secret || typeof token !== 'string' || !tokens.verify(secret, token)) throw csrfRejected();
}

export function isMultipart(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function registerCsrf(app: FastifyInstance): void {
  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    let secret = this.session.get('csrfSecret');
    if (!secret) {
      secret = tokens.secretSync();
      this.session.set('csrfSecret', secret);
    }
    return tokens.create(secret);
  });

  app.addHook('preHandler', async (request) => {
    if (!unsafeMethods.has(request.method)) return;
    if (request.routeOptions.config.csrf === false && request.session.detached) return;
    if (isMultipart(request)) {
      // Only routes that take uploads read multipart bodies (and check their token as they read them);
      // anywhere else a multipart body would slip past this check, so it is refused.
      if (request.routeOptions.config.multipart === true) return;
      throw new PlazaError(
        'unsupported',
        'form.multipart_not_accepted',
        'This address does not accept uploads.',
      );
    }
    const body = request.body as Record<string, unknown> | undefined;
    const token =
      (body && typeof body === 'object' ? body[csrfFieldName] : undefined) ?? request.headers['x-csrf-token'];
    verifyCsrf(request, token);
  });
}
