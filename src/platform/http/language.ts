/**
 * Which language each request is served in: the one the reader chose with the language switcher (kept in a
 * cookie), else the first of their browser's preferences that Plaza speaks, else the default. The rest of the
 * request runs in that language, so services answer in it too (platform/i18n's `inLanguage`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { defaultLanguage, inLanguage, isLanguage, type Language } from '../i18n/i18n.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language this request is served in. */
    language: Language;
  }
}

export const LANGUAGE_COOKIE = 'plaza_language';
/** The query parameter the language switcher's links carry. */
export const LANGUAGE_PARAMETER = 'lang';
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The best supported language for an Accept-Language header, by its quality values, or undefined. */
export function languageFromAcceptLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const quality = parameters
        .map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1])
        .find((value) => value !== undefined);
      return { tag: tag.trim().toLowerCase(), quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter((range) => range.tag && Number.isFinite(range.quality) && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) {
    const primary = range.tag.split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

/** The address of the current page in another language: its path and query, with the switcher's parameter. */
export function addressInLanguage(url: string, language: Language): string {
  const parsed = new URL(url, 'http://plaza.invalid');
  parsed.searchParams.set(LANGUAGE_PARAMETER, language);
  return `${parsed.pathname}${parsed.search}`;
}

export function registerLanguage(app: FastifyInstance, options: { secureCookie: boolean }): void {
  app.decorateRequest('language', defaultLanguage);

  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const chosen = (request.query as Record<string, unknown> | undefined)?.[LANGUAGE_PARAMETER];
    const remembered = request.cookies[LANGUAGE_COOKIE];
    if (isLanguage(chosen)) {
      request.language = chosen;
      reply.setCookie(LANGUAGE_COOKIE, chosen, {
        path: '/',
        maxAge: ONE_YEAR_SECONDS,
        sameSite: 'lax',
        httpOnly: true,
        secure: options.secureCookie,
      });
      // A page asked for in a language is shown at its own address, so the address stays the page's.
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        const parsed = new URL(request.url, 'http://plaza.invalid');
        parsed.searchParams.delete(LANGUAGE_PARAMETER);
        void reply.redirect(`${parsed.pathname}${parsed.search}`, 303);
        return;
      }
    } else if (isLanguage(remembered)) {
      request.language = remembered;
    } else {
      request.language = languageFromAcceptLanguage(request.headers['accept-language']) ?? defaultLanguage;
    }
    inLanguage(request.language, done);
  });
  // Reading a request's body leaves the asynchronous context it began in; the handler runs in its language again.
  app.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    inLanguage(request.language, done);
  });
}
