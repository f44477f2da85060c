/**
 * Gives every request the context its pages render with, and replies with a rendered page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  languageDirection,
  languageNames,
  supportedLanguages,
  type I18n,
  type Language,
} from '../i18n/i18n.js';
import { addressInLanguage } from './language.js';
import type { Principal } from '../auth/principal.js';
import type { Translator } from '../i18n/i18n.js';
import type {
  AssetPaths,
  Branding,
  LanguageChoice,
  NavigationItem,
  PageContext,
} from '../views/page-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    pageContext(): PageContext;
  }
  interface FastifyReply {
    /** Sends a rendered page as HTML. */
    page(html: JSX.Element): FastifyReply;
  }
}

export interface PageRenderingOptions {
  i18n: I18n;
  branding: Branding;
  assets: AssetPaths;
  timeZone: string;
  isDevelopment: boolean;
  navigationFor: (principal: Principal | undefined, path: string, t: Translator['t']) => NavigationItem[];
}

const contextKey = Symbol('pageContext');

function languageChoices(url: string, current: Language): LanguageChoice[] {
  return supportedLanguages.map((language) => ({
    language,
    name: languageNames[language],
    direction: languageDirection(language),
    href: addressInLanguage(url, language),
    current: language === current,
  }));
}

export function registerPageRendering(app: FastifyInstance, options: PageRenderingOptions): void {
  app.decorateRequest('pageContext', function (this: FastifyRequest & { [contextKey]?: PageContext }) {
    if (this[contextKey]) return this[contextKey];
    const translator = options.i18n.translator(this.language);
    const principal = this.principal;
    const context: PageContext = {
      t: translator.t,
      has: translator.has,
      language: translator.language,
      locale: translator.locale,
      direction: translator.direction,
      branding: options.branding,
      assets: options.assets,
      // A partner system's client is nobody signed in, as far as a page is concerned.
      user:
        principal && principal.kind !== 'client'
          ? { id: principal.id, kind: principal.kind, name: principal.name, email: principal.email }
          : undefined,
      path: this.url,
      languages: languageChoices(this.url, translator.language),
      requestId: this.id,
      isDevelopment: options.isDevelopment,
      timeZone: options.timeZone,
      csrfToken: () => this.csrfToken(),
      navigation: options.navigationFor(principal, this.url, translator.t),
    };
    this[contextKey] = context;
    return context;
  });
  app.decorateReply('page', function (this: FastifyReply, html: JSX.Element) {
    this.type('text/html; charset=utf-8');
    if (typeof html === 'string') return this.send(html);
    void html.then(
      (rendered) => this.send(rendered),
      (error: unknown) => this.send(error),
    );
    return this;
  });
}
