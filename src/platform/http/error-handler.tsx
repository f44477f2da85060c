/**
 * The one place where errors become responses. A domain error's kind decides the status; API requests get
 * application/problem+json (RFC 9457), people get a page that says what happened and what to do. Nothing
 * internal (stack traces, SQL) ever reaches a response; unexpected errors are logged with the request id,
 * which the page shows so support can find the log line.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isPlazaError, type ErrorKind, type FieldError } from '../errors.js';
import { ErrorPage, NotFoundHelp } from '../views/error-page.js';

const statusByKind: Record<ErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
};

export function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

export interface ErrorHandlerOptions {
  /** Where to send a person who must sign in, by the code of the error that said so. */
  signInPathFor(code: string): string | undefined;
}

export function registerErrorHandling(app: FastifyInstance, options: ErrorHandlerOptions): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const { t, has } = request.pageContext();
    if (isPlazaError(error)) {
      const status = statusByKind[error.kind];
      // Errors raised where no translator was at hand carry English; the catalog has the reader's wording.
      const key = `errorCodes.${error.code}`;
      const message = has(key) ? t(key) : error.message;
      if (error.kind === 'unauthenticated' && !wantsJson(request)) {
        const signIn = options.signInPathFor(error.code);
        if (signIn) {
          const returnTo = request.method === 'GET' ? request.url : '/';
          return reply.redirect(`${signIn}?returnTo=${encodeURIComponent(returnTo)}`, 303);
        }
      }
      if (status >= 500) request.log.error({ err: error }, error.message);
      else request.log.info({ code: error.code }, error.message);
      if (wantsJson(request)) {
        const { fieldErrors, ...extensions } = error.details;
        return sendProblem(reply, {
          type: `https://plaza.example/problems/${error.code}`,
          title: t(`errors.status.${status}.title`),
          status,
          detail: message,
          code: error.code,
          requestId: request.id,
          ...(fieldErrors?.length ? { errors: fieldErrors } : {}),
          ...extensions,
        });
      }
      return reply
        .code(status)
        .type('text/html')
        .send(
          <ErrorPage
            ctx={request.pageContext()}
            status={status}
            title={t(`errors.status.${status}.title`)}
            message={message}
          />,
        );
    }

    if (hasZodFastifySchemaValidationErrors(error)) {
      const fieldErrors: FieldError[] = error.validation.map((issue) => ({
        field: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || issue.schemaPath || 'request',
        message: issue.message ?? 'is not valid',
      }));
      return sendProblem(reply, {
        type: 'https://plaza.example/problems/request.invalid',
        title: t('errors.status.400.title'),
        status: 400,
        detail: t('errors.invalidRequest'),
        code: 'request.invalid',
        requestId: request.id,
        errors: fieldErrors,
      });
    }

    // Errors Fastify raises for malformed requests (bad JSON, body too large, unsupported type) carry a 4xx status.
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'unexpected error');
    else request.log.info({ err: { code: error.code, message: error.message } }, 'request refused');
    const known = status in titledStatuses ? status : status >= 500 ? 500 : 400;
    const title = t(`errors.status.${known}.title`);
    const message = known === 500 ? t('errors.unexpected') : t(`errors.client.${known}`);
    if (wantsJson(request)) {
      return sendProblem(reply, {
        type: 'about:blank',
        title,
        status,
        detail: message,
        code: status === 500 ? 'internal' : (error.code ?? 'request.refused'),
        requestId: request.id,
      });
    }
    return reply
      .code(status)
      .type('text/html')
      .send(<ErrorPage ctx={request.pageContext()} status={status} title={title} message={message} />);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const ctx = request.pageContext();
    if (wantsJson(request)) {
      return sendProblem(reply, {
        type: 'about:blank',
        title: ctx.t('errors.status.404.title'),
        status: 404,
        detail: ctx.t('errors.notFound.api'),
        code: 'route.not_found',
        requestId: request.id,
      });
    }
    return reply
      .code(404)
      .type('text/html')
      .send(
        <ErrorPage
          ctx={ctx}
          status={404}
          title={ctx.t('errors.status.404.title')}
          message={ctx.t('errors.notFound.message')}
          help={<NotFoundHelp ctx={ctx} />}
        />,
      );
  });
}

const titledStatuses: Record<number, true> = {
  400: true,
  401: true,
  403: true,
  404: true,
  405: true,
  409: true,
  413: true,
  415: true,
  422: true,
  429: true,
};
