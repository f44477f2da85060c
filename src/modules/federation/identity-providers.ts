/**
 * The identity providers a deployment trusts, from identity-providers.yaml in its definitions folder: a
 * national or regional eID, or any OpenID Connect provider. The file names each provider's client secret by
 * the environment variable that holds it, never the secret itself, and says how the level the provider
 * asserts (usually its `acr` claim) maps to Plaza's levels of assurance.
 */
import { join } from 'node:path';
import { z } from 'zod';
import {
  parseWith,
  problemAt,
  readYamlFile,
  type DefinitionProblem,
} from '../../platform/definitions/yaml-files.js';
import { assuranceLevels, meetsAssurance, type Assurance } from '../identity/index.js';

export const IDENTITY_PROVIDERS_FILE = 'identity-providers.yaml';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether an address may be used without TLS: only on this machine (a test provider). */
export function isLoopback(url: URL): boolean {
  return loopbackHosts.has(url.hostname);
}

const levelSchema = z.enum(assuranceLevels);

const providerSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*$/,
        'must be lower case letters, digits and hyphens (it is part of addresses)',
      )
      .max(40),
    name: z.string().min(1).max(80).describe('What the button says, e.g. "National eID"'),
    description: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe('One sentence under the button, e.g. which card or app it needs'),
    issuer: z
      .url()
      .refine((value) => {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
      }, 'must be an https:// address (http:// only for a test provider on this machine)')
      .describe(
        "The provider's issuer identifier; its discovery document is at /.well-known/openid-configuration",
      ),
    clientId: z.string().min(1).max(200),
    clientSecretEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be the name of an environment variable, like PLAZA_EID_CLIENT_SECRET')
      .optional()
      .describe(
        'Name of the environment variable holding the client secret; without it Plaza is a public client (PKCE only)',
      ),
    clientAuthentication: z
      .enum(['client_secret_basic', 'client_secret_post'])
      .default('client_secret_basic')
      .describe('How the client secret is sent to the token endpoint'),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope name without spaces or quotes'))
      .default(['openid', 'profile', 'email'])
      .refine((scopes) => scopes.includes('openid'), 'must include openid')
      .describe('Scopes asked for; openid is required, profile and email give a name and an email address'),
    assurance: z
      .object({
        claim: z
          .string()
          .min(1)
          .default('acr')
          .describe('The ID token claim that says how the person was identified (usually acr)'),
        values: z
          .record(z.string().min(1), levelSchema)
          .default({})
          .describe("The claim's values and the level each gives"),
        default: levelSchema
          .default('low')
          .describe('The level when the claim is missing or has a value not listed'),
      })
      .strict()
      .default({ claim: 'acr', values: {}, default: 'low' })
      .describe('How the level the provider asserts maps to low, substantial and high'),
  })
  .strict();

export const identityProvidersFileSchema = z
  .object({
    $schema: z.string().optional(),
    providers: z.array(providerSchema).default([]),
  })
  .strict();

export type IdentityProviderDefinition = z.output<typeof providerSchema>;

/** The JSON Schema of identity-providers.yaml, as written by people (defaults not yet applied). */
export function identityProvidersJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(identityProvidersFileSchema, {
      target: 'draft-2020-12',
      io: 'input',
      unrepresentable: 'any',
    }),
    $id: 'https://plaza.example/schemas/identity-providers.json',
    title: 'Plaza identity providers',
  };
}

export interface IdentityProvider extends IdentityProviderDefinition {
  /** The secret read from `clientSecretEnv`; undefined for a public client or when the variable is unset. */
  clientSecret: string | undefined;
  /** Why the provider cannot be used (its secret's variable is not set), if it cannot. */
  misconfigured: boolean;
  /** The highest level a sign-in with this provider can give. */
  maxAssurance: Assurance;
}

export interface LoadedIdentityProviders {
  providers: IdentityProvider[];
  problems: DefinitionProblem[];
}

/** The highest level a provider's mapping can give. */
export function highestLevel(definition: IdentityProviderDefinition): Assurance {
  return [definition.assurance.default, ...Object.values(definition.assurance.values)].reduce(
    (highest, level) => (meetsAssurance(level, highest) ? level : highest),
    'low' as Assurance,
  );
}

/**
 * Reads identity-providers.yaml. No file: no providers. A provider whose secret's variable is not set is
 * kept (shown as unavailable) and reported, so a missing secret is noticed rather than silently hidden;
 * `checkSecrets: false` checks the file alone (`plaza services validate`, where secrets are not at hand).
 */
export function loadIdentityProviders(
  definitionsDir: string,
  environment: Readonly<Record<string, string | undefined>>,
  options: { checkSecrets: boolean } = { checkSecrets: true },
): LoadedIdentityProviders {
  const file = join(definitionsDir, IDENTITY_PROVIDERS_FILE);
  const read = readYamlFile(file);
  if ('problems' in read) {
    const absent = read.problems.every((problem) => problem.message.includes('ENOENT'));
    return { providers: [], problems: absent ? [] : read.problems };
  }
  const parsed = parseWith(read.yaml, read.value, identityProvidersFileSchema);
  if (!parsed.ok) return { providers: [], problems: parsed.problems };
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  const providers: IdentityProvider[] = [];
  parsed.data.providers.forEach((definition, index) => {
    if (seen.has(definition.id)) {
      problems.push(
        problemAt(read.yaml, ['providers', index, 'id'], `duplicate provider id ${definition.id}`),
      );
      return;
    }
    seen.add(definition.id);
    const secret = definition.clientSecretEnv ? environment[definition.clientSecretEnv] : undefined;
    const misconfigured = definition.clientSecretEnv !== undefined && !secret;
    if (misconfigured && options.checkSecrets) {
      problems.push(
        problemAt(
          read.yaml,
          ['providers', index, 'clientSecretEnv'],
          `the environment variable ${definition.clientSecretEnv} is not set: ${definition.name} cannot be used to sign in`,
        ),
      );
    }
    providers.push({
      ...definition,
      clientSecret: secret || undefined,
      misconfigured,
      maxAssurance: highestLevel(definition),
    });
  });
  return { providers, problems };
}

/** The level a provider's claims give, by the deployment's mapping. */
export function assuranceFromClaims(
  provider: IdentityProviderDefinition,
  claims: Record<string, unknown>,
): Assurance {
  const value = claims[provider.assurance.claim];
  if (typeof value === 'string' && Object.hasOwn(provider.assurance.values, value)) {
    return provider.assurance.values[value] as Assurance;
  }
  return provider.assurance.default;
}

/**
 * The claim values to ask for (`acr_values`) when a sign-in must give at least `level`, most modest first;
 * none when the provider's level is not an `acr` the request can ask for.
 */
export function acrValuesFor(provider: IdentityProviderDefinition, level: Assurance): string[] {
  if (provider.assurance.claim !== 'acr') return [];
  return Object.entries(provider.assurance.values)
    .filter(([, given]) => meetsAssurance(given, level))
    .sort(([, a], [, b]) => assuranceLevels.indexOf(a) - assuranceLevels.indexOf(b))
    .map(([value]) => value);
}
