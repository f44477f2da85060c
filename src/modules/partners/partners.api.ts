/**
 * The OAuth 2 token endpoint (RFC 6749 §4.4, client credentials): a partner system's OAuth client sends its
 * client_id and client_secret (in an Authorization: Basic header or the form) and gets a bearer access
 * token for the API. Its answers, refusals included, are OAuth's own JSON (§5.1, §5.2), not problem+json,
 * so that any OAuth client library understands them. It takes no part in sessions, so needs no CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { perAddress, type RateLimitRule } from '../../platform/http/rate-limits.js';
import type { PartnersService } from './partners.service.js';
import { tokenError, tokenRequest, tokenResponse, type OAuthErrorCode } from './partners.schemas.js';

export const TOKEN_PATH = '/api/oauth/token';

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** How they came: Basic is answered with a Basic challenge when refused (§5.2). */
  viaBasic: boolean;
}

/** RFC 6749 §2.3.1: the Basic header's user and password are form-urlencoded before base64. */
function basicCredentials(header: string | undefined): ClientCredentials | 'malformed' | undefined {
  if (!header || !/^basic(\s|$)/i.test(header)) return undefined;
  const encoded = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  if (!encoded) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
      viaBasic: true,
    };
  } catch {
    return 'malformed';
  }
}

function bodyField(request: FastifyRequest, name: string): unknown {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** The client a token request is for, to count its attempts (before the request is validated). */
function claimedClientId(request: FastifyRequest): string | undefined {
  const basic = basicCredentials(request.headers.authorization);
  if (basic && basic !== 'malformed') return basic.clientId.slice(0, 200);
  const clientId = bodyField(request, 'client_id');
  return typeof clientId === 'string' ? clientId.slice(0, 200) : undefined;
}

/** Guessing a client's secret is stopped per client and per address. */
export const tokenEndpointRateLimits: RateLimitRule = {
  method: 'POST',
  url: TOKEN_PATH,
  limits: [
    { name: 'token requests per address', key: perAddress, max: 60, windowMs: 60_000 },
    { name: 'token requests per client', key: claimedClientId, max: 20, windowMs: 60_000 },
  ],
};

const descriptions: Record<OAuthErrorCode, string> = {
  invalid_request: 'The request must be a form with grant_type, and the client credentials sent once.',
  invalid_client: 'The client is unknown, its secret is wrong, or it has been revoked.',
  unsupported_grant_type: 'Only the client_credentials grant is supported.',
  invalid_scope: 'The scope asked for is unknown or more than the client was given.',
};

export function registerPartnersApi(app: FastifyInstance, deps: { partners: PartnersService }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const refuse = (reply: FastifyReply, error: OAuthErrorCode, basic = false) => {
    if (error === 'invalid_client' && basic) reply.header('www-authenticate', 'Basic realm="plaza"');
    return reply
      .code(error === 'invalid_client' ? 401 : 400)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send({ error, error_description: descriptions[error] });
  };

  api.post(
    TOKEN_PATH,
    {
      config: { access: 'public', csrf: false, session: false },
      // Refusals are OAuth's error objects, so the handler answers a malformed request itself.
      attachValidation: true,
      schema: {
        tags: ['Authentication'],
        summary: 'Exchange an OAuth client’s credentials for an access token',
        description:
          'RFC 6749 §4.4 (client credentials). Send `grant_type=client_credentials` as a form, with the client_id and ' +
          'client_secret in an `Authorization: Basic` header or in the form, and optionally `scope`. The access ' +
          'token goes in `Authorization: Bearer` on API requests and lasts `expires_in` seconds. Errors follow §5.2.',
        consumes: ['application/x-www-form-urlencoded'],
        body: tokenRequest,
        response: { 200: tokenResponse, 400: tokenError, 401: tokenError },
      },
    },
    async (request, reply) => {
      const basic = basicCredentials(request.headers.authorization);
      if (request.validationError || basic === 'malformed') return refuse(reply, 'invalid_request');
      const body = request.body;
      if (!body.grant_type) return refuse(reply, 'invalid_request');
      if (body.grant_type !== 'client_credentials') return refuse(reply, 'unsupported_grant_type');
      // §2.3.1: a client uses one way of sending its credentials, not both.
      if (basic && (body.client_id !== undefined || body.client_secret !== undefined))
        return refuse(reply, 'invalid_request');
      const credentials: ClientCredentials | undefined =
        basic ??
        (body.client_id !== undefined && body.client_secret !== undefined
          ? { clientId: body.client_id, clientSecret: body.client_secret, viaBasic: false }
          : undefined);
      if (!credentials) return refuse(reply, 'invalid_client');
      const outcome = await deps.partners.issueToken({
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        scope: body.scope,
      });
      if (!outcome.ok) {
        request.log.info({ error: outcome.error }, 'token request refused');
        return refuse(reply, outcome.error, credentials.viaBasic);
      }
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send({
          access_token: outcome.accessToken,
          token_type: 'Bearer' as const,
          expires_in: outcome.expiresIn,
          scope: outcome.scopes.join(' '),
        });
    },
  );
}
