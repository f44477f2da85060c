/**
 * Builds Plaza's Fastify instance with everything that has no domain words: request ids and logging, body
 * parsing, security headers, static assets, sessions, CSRF protection, the signed-in principal, page
 * rendering, OpenAPI generation and the error handler. Modules then add their routes.
 */
import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { registerAccessGate, type AccessGateOptions } from '../auth/access.js';
import {
  bringsClientCredentials,
  registerClientAuthentication,
  type ClientAuthenticator,
} from '../auth/client-credentials.js';
import { registerPrincipal, type PrincipalLoader } from '../auth/principal.js';
import { PlazaError } from '../errors.js';
import type { I18n } from '../i18n/i18n.js';
import type { Clock } from '../time/clock.js';
import type { Translator } from '../i18n/i18n.js';
import type { Principal } from '../auth/principal.js';
import type { AssetPaths, Branding, NavigationItem } from '../views/page-context.js';
import { registerCsrf } from './csrf.js';
import { registerErrorHandling, type ErrorHandlerOptions } from './error-handler.js';
import { registerLanguage } from './language.js';
import { registerPageRendering } from './page-rendering.js';
import { registerRateLimits, type RateLimitRule } from './rate-limits.js';
import { registerTextInputCheck } from './text-input.js';
import { registerSessions, type SessionOptions, type SessionTables } from './sessions.js';

export interface HttpServerOptions {
  logger: FastifyServerOptions['loggerInstance'] | FastifyServerOptions['logger'];
  db: Kysely<SessionTables>;
  clock: Clock;
  i18n: I18n;
  branding: Branding;
  assets: AssetPaths & { dir: string };
  timeZone: string;
  isDevelopment: boolean;
  sessions: SessionOptions;
  uploadMaxBytes: number;
  /** Other sites pages may show images from (a map's tile server). */
  imageOrigins?: string[];
  loadPrincipal: PrincipalLoader;
  /** Partner systems' API keys and access tokens. */
  authenticateClient: ClientAuthenticator;
  hasCapability: AccessGateOptions['hasCapability'];
  rateLimits: { enabled: boolean; rules: readonly RateLimitRule[] };
  /** Which proxies' X-Forwarded-For gives a request's address (which rate limits count by). */
  trustProxy: boolean | number | string;
  errors: ErrorHandlerOptions;
  openApi: {
    title: string;
    version: string;
    description: string;
    /** The scopes a partner system's client can be given, each with what it allows. */
    clientScopes: Record<string, string>;
  };
  navigationFor: (principal: Principal | undefined, path: string, t: Translator['t']) => NavigationItem[];
  /**
   * Other sites a form may lead to: a sign-in form posts here and is redirected to an identity provider,
   * and browsers apply the page's form-action to where the redirect goes.
   */
  formActionOrigins?: () => readonly string[];
}

export type PlazaServer = FastifyInstance;

function logoOrigin(logoUrl: string | undefined): string[] {
  if (!logoUrl || !/^https?:\/\//.test(logoUrl)) return [];
  return [new URL(logoUrl).origin];
}

export async function createHttpServer(options: HttpServerOptions): Promise<PlazaServer> {
  const requestIdPrefix = `${randomBytes(3).toString('base64url')}-`;
  let requestCount = 0;
  const loggerOption =
    options.logger && typeof options.logger === 'object' && 'child' in options.logger
      ? { loggerInstance: options.logger as FastifyServerOptions['loggerInstance'] }
      : { logger: options.logger };
  const app = Fastify({
    ...loggerOption,
    // Unique per process start and request, short enough to read out to support; no random bytes per request.
    genReqId: () => `${requestIdPrefix}${(++requestCount).toString(36)}`,
    bodyLimit: 1024 * 1024,
    // A number is how many proxies stand in front: their hops are trusted, the one before them is the client.
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (options.trustProxy as number)
        : options.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.openApi.title,
        version: options.openApi.version,
        description: options.openApi.description,
      },
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: options.sessions.cookieName,
            description: 'A signed-in session',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'Required with a session on requests that change data',
          },
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              "A partner system's API key (plz_…), or an access token from /api/oauth/token. Needs no session and no CSRF token.",
          },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'x-api-key',
            description: "A partner system's API key, as an alternative to the Authorization header",
          },
          oauth2: {
            type: 'oauth2',
            description:
              'OAuth 2 client credentials (RFC 6749 §4.4): exchange a client_id and client_secret for a bearer access token',
            flows: {
              clientCredentials: { tokenUrl: '/api/oauth/token', scopes: options.openApi.clientScopes },
            },
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    hideUntagged: true,
  });

  // Pages and JSON are compressed as they are sent (Brotli at a quick level, or gzip); assets were compressed
  // at their best when they were built and are sent as they are. A CSRF token differs on every page, so
  // compression does not leak it (BREACH).
  await app.register(compress, { global: true, encodings: ['br', 'gzip'], threshold: 1024 });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: options.uploadMaxBytes, files: 10 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // A deployment's logo may live on its own site.
        imgSrc: ["'self'", 'data:', ...logoOrigin(options.branding.logoUrl), ...(options.imageOrigins ?? [])],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'", () => (options.formActionOrigins?.() ?? []).join(' ')],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Referrers would carry draft and case addresses to other sites.
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: !options.isDevelopment,
  });

  await app.register(fastifyStatic, {
    root: options.assets.dir,
    prefix: '/assets/',
    // File names carry a hash of their content, so they can be cached for good.
    maxAge: '365d',
    immutable: true,
    preCompressed: true,
    index: false,
    wildcard: true,
  });
  app.get('/assets/brand.css', { config: { access: 'public' } }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return reply
      .type('text/css')
      .send(
        `:root{--plaza-brand-colour:${options.branding.brandColour};--govuk-brand-colour:${options.branding.brandColour}}`,
      );
  });

  registerLanguage(app, { secureCookie: options.sessions.secureCookie });
  const rateLimiter = await registerRateLimits(app, options.rateLimits);
  app.decorate('rateLimiter', rateLimiter);
  registerSessions(app, {
    db: options.db,
    clock: options.clock,
    options: options.sessions,
    bringsOwnCredentials: bringsClientCredentials,
  });
  registerCsrf(app);
  registerPrincipal(app, options.loadPrincipal);
  registerClientAuthentication(app, { authenticate: options.authenticateClient, limiter: rateLimiter });
  registerAccessGate(app, { hasCapability: options.hasCapability, publicPrefixes: ['/assets/'] });
  registerTextInputCheck(app);
  registerPageRendering(app, {
    i18n: options.i18n,
    branding: options.branding,
    assets: options.assets,
    timeZone: options.timeZone,
    isDevelopment: options.isDevelopment,
    navigationFor: options.navigationFor,
  });
  registerErrorHandling(app, options.errors);

  // Pages take forms; JSON is for the API. A page handler never sees a body shaped like neither.
  const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data'];
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'POST' || request.url.startsWith('/api/')) return;
    const type = (request.headers['content-type'] ?? 'application/x-www-form-urlencoded').toLowerCase();
    if (!formTypes.some((form) => type.startsWith(form))) {
      throw new PlazaError('unsupported', 'form.content_type', 'This address takes forms only.');
    }
  });

  // Pages are personal and change with every action: browsers must not keep them.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/assets/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
  return app;
}
