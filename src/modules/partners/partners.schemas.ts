/**
 * The shapes partner systems and administrators send and get back: a new API client (from the staff page
 * and the command line alike), and the OAuth 2 token endpoint's request and responses (RFC 6749 §4.4, §5).
 */
import { z } from 'zod';
import type { Translator } from '../../platform/i18n/i18n.js';
import { apiScopes, type ApiScope } from '../identity/index.js';

/** What each scope lets a client do, for the OpenAPI document (pages say it from the message catalog). */
export const scopeDescriptions: Record<ApiScope, string> = {
  'cases:read': "Read the queues and cases of the client's departments",
  'cases:write': "Move, assign and annotate the cases of the client's departments, as a caseworker would",
  'open311:write': 'File service requests through Open311 GeoReport v2 (POST /open311/v2/requests)',
};

/** Scopes that reach no department's cases, so a client holding only these needs no department. */
export const scopesWithoutDepartments: readonly ApiScope[] = ['open311:write'];

export const clientKinds = ['api_key', 'oauth'] as const;
export type ClientKind = (typeof clientKinds)[number];

export const DEFAULT_REQUESTS_PER_MINUTE = 600;

/** One value or several, as checkboxes send them and as a command line's comma-separated list gives them. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    [value ?? []]
      .flat()
      .flatMap((item) => item.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** A new client, checked against the departments that exist and the scopes Plaza knows. */
export function newClientSchema(t: Translator['t'], departmentIds: readonly string[]) {
  return (
    z
      .object({
        kind: z.enum(clientKinds, { error: t('partners:errors.kind') }),
        name: z
          .string({ error: t('partners:errors.name') })
          .trim()
          .min(1, t('partners:errors.name'))
          .max(100, t('partners:errors.nameTooLong')),
        scopes: list.pipe(
          z
            .array(z.enum(apiScopes, { error: t('partners:errors.scopeUnknown') }))
            .min(1, t('partners:errors.scopes'))
            .transform((scopes) => [...new Set(scopes)].sort()),
        ),
        departments: list.pipe(
          z
            .array(
              z.string().refine((id) => departmentIds.includes(id), t('partners:errors.departmentUnknown')),
            )
            .transform((ids) => [...new Set(ids)].sort()),
        ),
        requestsPerMinute: z
          .union([z.string(), z.number()])
          .optional()
          .transform((value) =>
            value === undefined || value === '' ? DEFAULT_REQUESTS_PER_MINUTE : Number(value),
          )
          .pipe(
            z
              .number({ error: t('partners:errors.requestsPerMinute') })
              .int(t('partners:errors.requestsPerMinute'))
              .min(1, t('partners:errors.requestsPerMinute'))
              .max(100_000, t('partners:errors.requestsPerMinute')),
          ),
      })
      // Checked even when other fields are wrong, so a form lists every problem at once.
      .refine(
        (client) =>
          !Array.isArray(client.departments) ||
          client.departments.length > 0 ||
          (Array.isArray(client.scopes) &&
            client.scopes.length > 0 &&
            client.scopes.every((scope) => scopesWithoutDepartments.includes(scope))),
        {
          path: ['departments'],
          message: t('partners:errors.departments'),
          when: (payload) => payload.issues.every((issue) => issue.path?.[0] !== 'departments'),
        },
      )
  );
}

/** What a form or a command line gives, before it is checked. */
export interface NewClientInput {
  kind: string;
  name: string;
  scopes: string | string[];
  departments: string | string[];
  requestsPerMinute?: string | number;
}
export type NewClient = z.output<ReturnType<typeof newClientSchema>>;

/** RFC 6749 §4.4.2, with the client's credentials in the body (§2.3.1) or in an Authorization: Basic header. */
export const tokenRequest = z.object({
  grant_type: z.string().max(100).optional().describe('Must be client_credentials'),
  scope: z
    .string()
    .max(500)
    .optional()
    .describe('Space-separated scopes wanted; without it, every scope the client has'),
  client_id: z
    .string()
    .max(200)
    .optional()
    .describe('Unless sent with client_secret in an Authorization: Basic header'),
  client_secret: z.string().max(200).optional(),
});

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires'),
  scope: z.string().describe('The scopes the token carries, space-separated'),
});

export const oauthErrorCodes = [
  'invalid_request',
  'invalid_client',
  'unsupported_grant_type',
  'invalid_scope',
] as const;
export type OAuthErrorCode = (typeof oauthErrorCodes)[number];

export const tokenError = z.object({
  error: z.enum(oauthErrorCodes),
  error_description: z.string(),
});
