/**
 * A whole Plaza for a test: the real app on a real database, a clock the test controls, and a browser-like
 * client that keeps cookies, sends the CSRF token of the page it last saw, and parses every HTML response
 * so tests can query it the way assistive technology reads it (by role and accessible name).
 */
import { join } from 'node:path';
import type { queries } from '@testing-library/dom';
import { within, type BoundFunctions } from '@testing-library/dom';
import { JSDOM } from 'jsdom';
import type { LightMyRequestResponse } from 'fastify';
import { createApp, type PlazaApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/database.js';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.js';
import { ManualClock } from '../../src/platform/time/clock.js';
import { messagesTo, type MailTransport } from '../../src/modules/notifications/index.js';
import type { StaffRole } from '../../src/modules/identity/index.js';
import { repositoryRoot } from './pglite-template.js';

export const STAFF_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  kind: 'citizen' | 'staff';
  email: string;
  name: string | null;
  phone: string | null;
}

export interface TestApp {
  app: PlazaApp;
  config: Config;
  clock: ManualClock;
  database: DatabaseHandle<Database>;
  /** A new browser; `address`: the network address its requests come from (default 127.0.0.1). */
  client(options?: { address?: string }): TestClient;
  /** Runs every background job that is due. */
  drain(): Promise<number>;
  /** Messages in the outbox for a recipient (whatever its case), newest first, decrypted. */
  outbox(recipient: string): Promise<{ subject: string; body: string; status: string }[]>;
  /**
   * The account of an email address (found by its blind index, as Plaza finds it, whatever the case), its
   * personal data decrypted; `kind` narrows it to citizens or staff. `user` throws when there is none.
   */
  findUser(email: string, kind?: 'citizen' | 'staff'): Promise<TestUser | undefined>;
  user(email: string, kind?: 'citizen' | 'staff'): Promise<TestUser>;
  createStaff(
    email: string,
    roles: { role: StaffRole; departmentId: string | null }[],
    name?: string,
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(options: {
  database: DatabaseHandle<Database>;
  env?: Record<string, string>;
  mailTransport?: MailTransport;
  clock?: ManualClock;
  /** Adds routes before the server starts (tests of the platform's error handling). */
  beforeReady?: (app: PlazaApp) => void;
}): Promise<TestApp> {
  const config = loadConfig({
    PLAZA_ENV: 'test',
    PLAZA_DATA_DIR: join(repositoryRoot, 'node_modules', '.cache', 'plaza-test', 'data'),
    PLAZA_DEFINITIONS_DIR: join(repositoryRoot, 'definitions', 'demo-city'),
    PLAZA_SECRET: 'a test secret that is long enough for plaza',
    PLAZA_BASE_URL: 'http://plaza.test',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const app = await createApp({
    config,
    database: options.database,
    clock,
    logger: false,
    secret: config.secret as string,
    mailTransport: options.mailTransport,
  });
  await app.jobs.start({ work: false });
  options.beforeReady?.(app);
  await app.server.ready();
  const db = options.database.db;
  const findUser = async (email: string, kind?: 'citizen' | 'staff'): Promise<TestUser | undefined> => {
    const users = app.identity.users;
    const row = await db
      .selectFrom('users')
      .select(['id', 'kind', 'email', 'name', 'phone'])
      .where(users.hasEmail(email))
      .$if(kind !== undefined, (query) => query.where('kind', '=', kind as 'citizen' | 'staff'))
      .orderBy('created_at')
      .executeTakeFirst();
    return (
      row && {
        id: row.id,
        kind: row.kind,
        email: users.openEmail(row.id, row.email),
        name: users.open('name', row.id, row.name),
        phone: users.open('phone', row.id, row.phone),
      }
    );
  };
  return {
    app,
    config,
    clock,
    database: options.database,
    client: (clientOptions) => new TestClient(app, clientOptions?.address),
    drain: () => app.jobs.drain(),
    async outbox(recipient) {
      return messagesTo(db, app.personalData.keyRing, recipient);
    },
    findUser,
    async user(email, kind) {
      const found = await findUser(email, kind);
      if (!found) throw new Error(`There is no account for ${email}`);
      return found;
    },
    createStaff: (email, roles, name) =>
      app.identity.createStaffMember({
        email,
        name: name ?? email.split('@')[0] ?? email,
        password: STAFF_PASSWORD,
        roles,
      }),
    close: () => app.close(),
  };
}

export interface Page {
  status: number;
  headers: LightMyRequestResponse['headers'];
  body: string;
  /** The final address, after redirects. */
  url: string;
  document: Document;
  screen: BoundFunctions<typeof queries>;
}

export interface UploadFile {
  field: string;
  name: string;
  type: string;
  content: Buffer;
}

/** A browser without JavaScript: follows redirects, keeps cookies, submits forms with their CSRF token. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(
    private readonly app: PlazaApp,
    private readonly address?: string,
  ) {}

  private cookieHeader(): string | undefined {
    return this.cookies.size
      ? [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
      : undefined;
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      expires?: Date;
      maxAge?: number;
    }[]) {
      // Cleared cookies come back empty or dated 1970; the server's own clock may be a test clock.
      if (
        cookie.value === '' ||
        (cookie.expires && cookie.expires.getTime() < 86_400_000) ||
        cookie.maxAge === 0
      ) {
        this.cookies.delete(cookie.name);
      } else this.cookies.set(cookie.name, cookie.value);
    }
  }

  async request(
    method: 'GET' | 'POST',
    url: string,
    payload?: { body: Buffer | string; contentType: string },
    headers: Record<string, string> = {},
  ): Promise<Page> {
    let current = url;
    let currentMethod = method;
    let currentPayload = payload;
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.app.server.inject({
        ...(this.address ? { remoteAddress: this.address } : {}),
        method: currentMethod,
        url: current,
        headers: {
          ...(this.cookieHeader() ? { cookie: this.cookieHeader() as string } : {}),
          ...(currentPayload ? { 'content-type': currentPayload.contentType } : {}),
          ...headers,
        },
        payload: currentPayload?.body,
      });
      this.remember(response);
      if (response.statusCode >= 300 && response.statusCode < 400 && response.headers.location) {
        const target = new URL(String(response.headers.location), `http://plaza.test${current}`);
        if (target.origin !== 'http://plaza.test') {
          // A browser leaves Plaza here (an identity provider): the page is the redirect, `url` where it goes.
          const document = new JSDOM('').window.document;
          return {
            status: response.statusCode,
            headers: response.headers,
            body: response.body,
            url: target.href,
            document,
            screen: within(document.body),
          };
        }
        current = target.pathname + target.search;
        currentMethod = 'GET';
        currentPayload = undefined;
        continue;
      }
      const document = new JSDOM(response.body).window.document;
      const token = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value;
      if (token) this.csrf = token;
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        url: current,
        document,
        screen: within(document.body),
      };
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  get(url: string, headers?: Record<string, string>): Promise<Page> {
    return this.request('GET', url, undefined, headers);
  }

  /** Posts a form as a browser would, adding the CSRF token from the last page. */
  post(url: string, fields: Record<string, string | string[]> = {}, files: UploadFile[] = []): Promise<Page> {
    const withToken = { _csrf: this.csrf ?? '', ...fields };
    if (files.length === 0) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(withToken))
        for (const item of [value].flat()) body.append(name, item);
      return this.request('POST', url, {
        body: body.toString(),
        contentType: 'application/x-www-form-urlencoded',
      });
    }
    return this.postMultipart(url, withToken, files);
  }

  private async postMultipart(
    url: string,
    fields: Record<string, string | string[]>,
    files: UploadFile[],
  ): Promise<Page> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields))
      for (const item of [value].flat()) form.append(name, item);
    for (const file of files)
      form.append(file.field, new Blob([new Uint8Array(file.content)], { type: file.type }), file.name);
    const encoded = new Request('http://plaza.test/', { method: 'POST', body: form });
    const body = Buffer.from(await encoded.arrayBuffer());
    return this.request('POST', url, { body, contentType: encoded.headers.get('content-type') as string });
  }

  /** A raw request with this client's cookies, without redirects or parsing (downloads). */
  async raw(
    url: string,
    method: 'GET' | 'POST' = 'GET',
    fields: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    // A POST carries this client's CSRF token (and any fields), as a form from the last page would.
    return this.app.server.inject({
      ...(this.address ? { remoteAddress: this.address } : {}),
      method,
      url,
      headers: {
        ...(this.cookieHeader() ? { cookie: this.cookieHeader() as string } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload:
        method === 'POST' ? new URLSearchParams({ _csrf: this.csrf ?? '', ...fields }).toString() : undefined,
    });
  }

  /** A JSON API call with this client's session (and CSRF token for changes), and any other headers. */
  async api(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: unknown; headers: LightMyRequestResponse['headers'] }> {
    const response = await this.app.server.inject({
      ...(this.address ? { remoteAddress: this.address } : {}),
      method,
      url,
      headers: {
        ...(this.cookieHeader() ? { cookie: this.cookieHeader() as string } : {}),
        ...(method === 'POST' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    this.remember(response);
    return {
      status: response.statusCode,
      json: response.body ? (JSON.parse(response.body) as unknown) : null,
      headers: response.headers,
    };
  }
}

/** Signs a citizen in the way a person does: asks for a code, reads it from the outbox, enters it. */
export async function signInCitizen(
  test: TestApp,
  client: TestClient,
  email: string,
  returnTo = '/account/applications',
): Promise<Page> {
  await client.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await client.post('/sign-in', { email, returnTo });
  const [message] = await test.outbox(email.toLowerCase());
  const code = message?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`No sign-in code was sent to ${email}`);
  return client.post('/sign-in/code', { code });
}

export async function signInStaff(
  client: TestClient,
  email: string,
  password = STAFF_PASSWORD,
): Promise<Page> {
  await client.get('/staff/sign-in');
  return client.post('/staff/sign-in', { email, password });
}

/** The smallest valid PDF, for upload tests. */
export const tinyPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** A 1x1 PNG. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
