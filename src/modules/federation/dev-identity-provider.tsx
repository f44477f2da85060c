/**
 * A test OpenID provider for development and tests, built on oidc-provider (a development dependency,
 * loaded only when this starts, so a production installation never needs it). Its sign-in page lets a
 * developer be anyone: a subject, a name, an email address (verified or not) and the eIDAS level of
 * assurance the ID token's `acr` claim asserts. It asks every time (no single sign-on), so one browser can
 * sign in as several people, and never asks for consent (Plaza is its only client).
 *
 * Not for production: people and keys live in memory and vanish when it stops.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type ProviderType from 'oidc-provider';
import type * as OidcProviderModule from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { assuranceLevels, type Assurance } from '../identity/index.js';

/** The eIDAS levels of assurance as `acr` values (the URIs eIDAS nodes use). */
export const EIDAS_LEVELS: Record<Assurance, string> = {
  low: 'http://eidas.europa.eu/LoA/low',
  substantial: 'http://eidas.europa.eu/LoA/substantial',
  high: 'http://eidas.europa.eu/LoA/high',
};

export interface DevIdentityProviderClient {
  clientId: string;
  /** Without a secret the client is public and proves itself with PKCE alone. */
  clientSecret?: string;
  redirectUris: string[];
}

export interface DevIdentityProvider {
  /** Its issuer identifier, e.g. http://localhost:3001 */
  issuer: string;
  /** The oidc-provider instance (tests add middleware to it). */
  provider: ProviderType;
  close(): Promise<void>;
}

export class MissingDevDependencyError extends Error {
  constructor() {
    super(
      'The test identity provider needs oidc-provider, a development dependency of Plaza that is not ' +
        'installed here. Run `npm install` (without --omit=dev) in a development checkout of Plaza. ' +
        'In production, configure a real identity provider in identity-providers.yaml instead.',
    );
  }
}

async function loadOidcProvider(): Promise<typeof OidcProviderModule> {
  try {
    return await import('oidc-provider');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') throw new MissingDevDependencyError();
    throw error;
  }
}

interface Person {
  name: string;
  email: string;
  emailVerified: boolean;
}

function readBody(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024) request.destroy(new Error('form too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:",
  });
  response.end(html);
}

function SignInPage(props: {
  uid: string;
  clientId: string;
  level: Assurance;
  values?: { subject?: string; name?: string; email?: string; emailVerified?: boolean };
  error?: string;
}): JSX.Element {
  const values = props.values ?? {};
  return (
    <>
      {'<!DOCTYPE html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Test identity provider</title>
          <style>
            {
              'body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}label{display:block;margin-top:1rem;font-weight:600}input[type=text],input[type=email]{width:100%;padding:.4rem;font-size:1rem}fieldset{margin-top:1rem}fieldset label{font-weight:400;margin-top:.25rem}.warning{background:#fff7bf;padding:.5rem 1rem;border-left:5px solid #b58840}.error{color:#a00;font-weight:600}button{margin-top:1.5rem;font-size:1rem;padding:.5rem 1rem}'
            }
          </style>
        </head>
        <body>
          <h1>Test identity provider</h1>
          <p class="warning">
            For development and tests only. Anyone can be anyone here: nothing is checked.
          </p>
          <p>
            Signing in to <strong safe>{props.clientId}</strong>.
          </p>
          {props.error ? (
            <p class="error" role="alert" safe>
              {props.error}
            </p>
          ) : (
            ''
          )}
          <form method="post" action={`/interaction/${props.uid}`}>
            <label for="subject">Subject identifier (who you are to this provider)</label>
            <input id="subject" name="subject" type="text" required value={values.subject ?? ''} />
            <label for="name">Name</label>
            <input id="name" name="name" type="text" value={values.name ?? ''} />
            <label for="email">Email address (optional)</label>
            <input id="email" name="email" type="email" value={values.email ?? ''} />
            <label>
              <input
                type="checkbox"
                name="email_verified"
                value="yes"
                checked={values.emailVerified ?? true}
              />{' '}
              The provider has verified this email address
            </label>
            <fieldset>
              <legend>Level of assurance (the acr claim)</legend>
              {assuranceLevels.map((level) => (
                <label>
                  <input type="radio" name="level" value={level} checked={level === props.level} />{' '}
                  <span safe>{`${level} (${EIDAS_LEVELS[level]})`}</span>
                </label>
              ))}
            </fieldset>
            <button type="submit">Sign in</button>
          </form>
          <p>
            <a href={`/interaction/${props.uid}/abort`}>Cancel and go back</a>
          </p>
        </body>
      </html>
    </>
  );
}

/** Starts the provider; `port` 0 picks a free one. The issuer is http://<host>:<port>. */
export async function startDevIdentityProvider(options: {
  host?: string;
  port?: number;
  clients: DevIdentityProviderClient[];
  /** Seconds an authorization code may wait to be exchanged (default 60). */
  codeTtlSeconds?: number | (() => number);
}): Promise<DevIdentityProvider> {
  const { default: Provider, interactionPolicy } = await loadOidcProvider();
  const host = options.host ?? '127.0.0.1';
  const people = new Map<string, Person>();
  // The issuer names the port, so the server listens before the provider exists; requests wait for it.
  const routes: { handle?: (request: IncomingMessage, response: ServerResponse) => void } = {};
  const server = createServer((request, response) => {
    if (routes.handle) routes.handle(request, response);
    else sendHtml(response, 503, 'Starting');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  // Asks every time: the login prompt is requested unless this very authorization just signed someone in.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('every_time', 'the test provider asks every time', (ctx) =>
        ctx.oidc.result?.login
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
  };
  const codeTtl = options.codeTtlSeconds ?? 60;
  const configuration: Configuration = {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      ...(client.clientSecret ? { client_secret: client.clientSecret } : {}),
      redirect_uris: client.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: client.clientSecret ? 'client_secret_basic' : 'none',
    })),
    pkce: { required: () => true },
    acrValues: Object.values(EIDAS_LEVELS),
    // The level goes in every ID token, as eIDAS nodes do, whether or not the client asked for it.
    claims: {
      sid: null,
      iss: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(_ctx, subject) {
      const person = people.get(subject);
      if (!person) return undefined;
      return {
        accountId: subject,
        claims: () => ({
          sub: subject,
          ...(person.name ? { name: person.name } : {}),
          ...(person.email ? { email: person.email, email_verified: person.emailVerified } : {}),
        }),
      };
    },
    // Plaza is the only client: what it asks for is granted without a consent page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client?.clientId;
      const accountId = ctx.oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey] },
    ttl: {
      AuthorizationCode: typeof codeTtl === 'function' ? () => codeTtl() : codeTtl,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>Test identity provider: error</h1><pre>${Object.entries(
        out,
      )
        .map(([key, value]) => `${escapeText(key)}: ${escapeText(String(value))}`)
        .join('\n')}</pre></body></html>`;
    },
  };
  const provider = new Provider(issuer, configuration);

  async function interaction(
    request: IncomingMessage,
    response: ServerResponse,
    path: string,
  ): Promise<void> {
    const [, , uid, action] = path.split('/');
    const details = await provider.interactionDetails(request, response);
    if (details.uid !== uid) return sendHtml(response, 400, 'This sign-in does not belong to this browser.');
    if (action === 'abort') {
      return provider.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'The person cancelled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
    }
    const clientId = String(details.params.client_id);
    const acrValues = details.params.acr_values;
    const requested = typeof acrValues === 'string' ? acrValues.split(' ')[0] : undefined;
    const requestedLevel = assuranceLevels.find((level) => EIDAS_LEVELS[level] === requested);
    if (request.method === 'GET') {
      return sendHtml(
        response,
        200,
        await (<SignInPage uid={details.uid} clientId={clientId} level={requestedLevel ?? 'substantial'} />),
      );
    }
    const form = await readBody(request);
    const subject = (form.get('subject') ?? '').trim();
    const level = assuranceLevels.find((candidate) => candidate === form.get('level'));
    const person: Person = {
      name: (form.get('name') ?? '').trim(),
      email: (form.get('email') ?? '').trim(),
      emailVerified: form.get('email_verified') === 'yes',
    };
    if (!subject || subject.length > 255 || !level) {
      return sendHtml(
        response,
        422,
        await (
          <SignInPage
            uid={details.uid}
            clientId={clientId}
            level={level ?? requestedLevel ?? 'substantial'}
            values={{ subject, ...person }}
            error="Enter a subject identifier and choose a level."
          />
        ),
      );
    }
    people.set(subject, person);
    return provider.interactionFinished(
      request,
      response,
      { login: { accountId: subject, acr: EIDAS_LEVELS[level], amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  }

  routes.handle = (request, response) => {
    const path = new URL(request.url ?? '/', issuer).pathname;
    if (path.startsWith('/interaction/')) {
      interaction(request, response, path).catch((error: unknown) => {
        if (!response.headersSent)
          sendHtml(response, 400, escapeText(String((error as Error).message ?? error)));
      });
      return;
    }
    // Composed per request, so middleware added after start (tests) takes part.
    void provider.callback()(request, response);
  };

  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
