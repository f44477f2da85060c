/**
 * A real OpenID provider for tests (oidc-provider, through Plaza's own test provider) on a random local
 * port, and a browser for it: a cookie jar over fetch that goes through the provider's sign-in page the way
 * a person would and returns the address the provider sends them back to.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startDevIdentityProvider,
  type DevIdentityProvider,
  type DevIdentityProviderClient,
} from '../../src/modules/federation/index.js';
import type { Assurance } from '../../src/modules/identity/index.js';
import { repositoryRoot } from './pglite-template.js';

export interface TestPerson {
  subject: string;
  name?: string;
  email?: string;
  emailVerified?: boolean;
  level: Assurance;
}

export interface TestIdentityProvider extends DevIdentityProvider {
  /**
   * Follows `authorizeUrl` through the provider's sign-in page as `person` (or cancels, with `cancel`), and
   * returns where the provider sends the browser back to (Plaza's callback, with a code or an error).
   */
  signIn(authorizeUrl: string, person: TestPerson | 'cancel'): Promise<URL>;
}

export async function startTestIdentityProvider(options: {
  clients: DevIdentityProviderClient[];
  codeTtlSeconds?: number | (() => number);
}): Promise<TestIdentityProvider> {
  const running = await startDevIdentityProvider({ host: '127.0.0.1', port: 0, ...options });
  return {
    ...running,
    async signIn(authorizeUrl, person) {
      const jar = new Map<string, string>();
      const visit = async (url: URL, form?: URLSearchParams): Promise<Response> => {
        const response = await fetch(url, {
          method: form ? 'POST' : 'GET',
          redirect: 'manual',
          headers: {
            ...(jar.size ? { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {}),
            ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          body: form?.toString(),
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair = ''] = cookie.split(';');
          const [name = '', value = ''] = pair.split('=');
          if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name);
          else jar.set(name, value);
        }
        return response;
      };
      const issuer = new URL(running.issuer);
      let url = new URL(authorizeUrl);
      let response = await visit(url);
      for (let hops = 0; hops < 10; hops++) {
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          url = new URL(location, url);
          // Leaving the provider: this is the way back to Plaza.
          if (url.origin !== issuer.origin) return url;
          response = await visit(url);
          continue;
        }
        if (response.status !== 200 || !url.pathname.startsWith('/interaction/')) {
          throw new Error(
            `The provider answered ${response.status} at ${url.href}: ${await response.text()}`,
          );
        }
        await response.text();
        if (person === 'cancel') {
          response = await visit(new URL(`${url.pathname}/abort`, url));
          continue;
        }
        response = await visit(
          url,
          new URLSearchParams({
            subject: person.subject,
            name: person.name ?? '',
            email: person.email ?? '',
            ...(person.emailVerified === false ? {} : { email_verified: 'yes' }),
            level: person.level,
          }),
        );
      }
      throw new Error(`Too many redirects at the provider from ${authorizeUrl}`);
    },
  };
}

/**
 * A copy of the demo city's definitions whose identity-providers.yaml is `providersYaml`, with `services`
 * added (file name to content); removed by the returned function.
 */
export function definitionsWith(
  providersYaml: string,
  services: Record<string, string> = {},
): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-definitions-'));
  cpSync(join(repositoryRoot, 'definitions', 'demo-city'), dir, { recursive: true });
  writeFileSync(join(dir, 'identity-providers.yaml'), providersYaml);
  for (const [file, content] of Object.entries(services)) writeFileSync(join(dir, 'services', file), content);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
