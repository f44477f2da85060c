/**
 * identity-providers.yaml: what a deployment writes, what Plaza refuses (naming file, line and problem), and
 * how a provider's asserted level maps to Plaza's levels of assurance.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatProblem } from '../../platform/definitions/yaml-files.js';
import { neededAssurance, sessionMeets } from '../identity/index.js';
import { acrValuesFor, assuranceFromClaims, loadIdentityProviders } from './identity-providers.js';

const folders: string[] = [];
function folderWith(yaml: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'plaza-idp-'));
  folders.push(dir);
  if (yaml !== undefined) writeFileSync(join(dir, 'identity-providers.yaml'), yaml);
  return dir;
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const eid = `providers:
  - id: national-eid
    name: National eID
    issuer: https://eid.example.gov
    clientId: plaza
    clientSecretEnv: EID_SECRET
    assurance:
      values:
        urn:eid:loa:2: substantial
        urn:eid:loa:3: high
`;

describe('identity-providers.yaml', () => {
  test('no file: no providers and no problems', () => {
    expect(loadIdentityProviders(folderWith(undefined), {})).toEqual({ providers: [], problems: [] });
  });

  test('a provider with its secret from the environment, defaults filled in', () => {
    const { providers, problems } = loadIdentityProviders(folderWith(eid), { EID_SECRET: 's3cret' });
    expect(problems).toEqual([]);
    expect(providers).toEqual([
      expect.objectContaining({
        id: 'national-eid',
        clientSecret: 's3cret',
        misconfigured: false,
        scopes: ['openid', 'profile', 'email'],
        clientAuthentication: 'client_secret_basic',
        maxAssurance: 'high',
        assurance: {
          claim: 'acr',
          default: 'low',
          values: { 'urn:eid:loa:2': 'substantial', 'urn:eid:loa:3': 'high' },
        },
      }),
    ]);
  });

  test('a missing secret is reported and the provider kept, unusable', () => {
    const { providers, problems } = loadIdentityProviders(folderWith(eid), {});
    expect(providers[0]?.misconfigured).toBe(true);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /identity-providers\.yaml:6 providers\[0\]\.clientSecretEnv: the environment variable EID_SECRET is not set/,
      ),
    ]);
  });

  test('secrets, plain http and unknown fields are refused with their place in the file', () => {
    const dir = folderWith(`providers:
  - id: Bad Id
    name: Somewhere
    issuer: http://eid.example.gov
    clientId: plaza
    clientSecret: written-in-the-file
    scopes: [profile]
    assurance:
      values:
        x: medium
  - id: national-eid
    name: One
    issuer: https://a.example
    clientId: a
  - id: national-eid
    name: Two
    issuer: https://b.example
    clientId: b
`);
    const { providers, problems } = loadIdentityProviders(dir, {});
    expect(providers).toEqual([]);
    const messages = problems.map(formatProblem).join('\n');
    expect(messages).toContain('providers[0].id: must be lower case letters');
    expect(messages).toContain('providers[0].issuer: must be an https:// address');
    expect(messages).toContain('unknown field(s): clientSecret');
    expect(messages).toContain('providers[0].scopes: must include openid');
    expect(messages).toContain('providers[0].assurance.values.x');
    expect(messages).toMatch(/identity-providers\.yaml:4 providers\[0\]\.issuer/);

    const duplicate = loadIdentityProviders(
      folderWith(`providers:
  - { id: one, name: One, issuer: https://a.example, clientId: a }
  - { id: one, name: Two, issuer: https://b.example, clientId: b }
`),
      {},
    );
    expect(duplicate.providers.map((provider) => provider.name)).toEqual(['One']);
    expect(duplicate.problems.map(formatProblem)).toEqual([
      expect.stringContaining('duplicate provider id one'),
    ]);
  });

  test('http is allowed only for a provider on this machine', () => {
    const { problems } = loadIdentityProviders(
      folderWith(`providers:
  - { id: local, name: Local, issuer: 'http://localhost:3001', clientId: a }
  - { id: loopback, name: Loopback, issuer: 'http://127.0.0.1:3002', clientId: a }
`),
      {},
    );
    expect(problems).toEqual([]);
  });
});

describe('levels of assurance', () => {
  const { providers } = loadIdentityProviders(folderWith(eid), { EID_SECRET: 'x' });
  const provider = providers[0];

  test('the claim maps to a level; missing or unknown values give the default', () => {
    if (!provider) throw new Error('no provider');
    expect(assuranceFromClaims(provider, { acr: 'urn:eid:loa:3' })).toBe('high');
    expect(assuranceFromClaims(provider, { acr: 'urn:eid:loa:2' })).toBe('substantial');
    expect(assuranceFromClaims(provider, { acr: 'urn:eid:loa:9' })).toBe('low');
    expect(assuranceFromClaims(provider, {})).toBe('low');
    // A value inherited from Object.prototype is not a mapping.
    expect(assuranceFromClaims(provider, { acr: 'constructor' })).toBe('low');
  });

  test('a step-up asks for the values that give at least the level, most modest first', () => {
    if (!provider) throw new Error('no provider');
    expect(acrValuesFor(provider, 'substantial')).toEqual(['urn:eid:loa:2', 'urn:eid:loa:3']);
    expect(acrValuesFor(provider, 'high')).toEqual(['urn:eid:loa:3']);
    expect(acrValuesFor({ ...provider, assurance: { ...provider.assurance, claim: 'loa' } }, 'high')).toEqual(
      [],
    );
  });

  test('what a service definition asks for, and which sessions meet it', () => {
    expect(neededAssurance('none')).toBeUndefined();
    expect(neededAssurance('account')).toBe('low');
    expect(neededAssurance('high')).toBe('high');
    expect(sessionMeets(undefined, 'account')).toBe(true);
    expect(sessionMeets('low', 'substantial')).toBe(false);
    expect(sessionMeets(undefined, 'substantial')).toBe(false);
    expect(sessionMeets('high', 'substantial')).toBe(true);
    expect(sessionMeets('substantial', 'high')).toBe(false);
  });
});
