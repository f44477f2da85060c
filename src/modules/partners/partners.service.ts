/**
 * Partner systems' API clients: created by an administrator (on the staff page or the command line) for
 * one or more departments with a set of scopes, revoked when no longer wanted. A client authenticates each
 * request with an API key, or (an OAuth 2 client) exchanges its client secret for an access token that
 * lives an hour. Keys, secrets and tokens are 256 random bits, so a plain SHA-256 is enough to keep them
 * (a guessable password needs a slow hash; these cannot be guessed); the database holds only the hash and,
 * for a person to recognise it by, the first few characters. Every creation, revocation and token is in
 * the audit log; what a client then does is recorded by the modules it calls, with the client as actor.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { AuthenticatedClient } from '../../platform/auth/client-credentials.js';
import { invalid, isUuid, notFound, type FieldError } from '../../platform/errors.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, type Actor } from '../audit/index.js';
import { isApiScope } from '../identity/index.js';
import {
  newClientSchema,
  type ClientKind,
  type NewClient,
  type NewClientInput,
  type OAuthErrorCode,
} from './partners.schemas.js';

export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** Use is recorded at most this often, so a busy client does not cost a write per request. */
const LAST_USED_PRECISION_MS = 60_000;

/** What a credential starts with: readable in logs and found by secret scanners. */
export const credentialPrefixes = {
  apiKey: 'plz_',
  clientId: 'plzc_',
  clientSecret: 'plzs_',
  accessToken: 'plzat_',
} as const;
/** Random characters kept readable after the prefix. */
const VISIBLE_CHARACTERS = 8;

export interface ApiClient {
  id: string;
  kind: ClientKind;
  name: string;
  /** OAuth clients: the public client_id. */
  clientId: string | null;
  /** The beginning of the key or secret, to recognise it by; the rest is not kept. */
  secretPrefix: string;
  scopes: string[];
  departmentIds: string[];
  requestsPerMinute: number;
  createdAt: Date;
  createdBy: { id: string; name: string | null } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedClient {
  client: ApiClient;
  /** The API key, or the OAuth client's secret: shown once, never stored. */
  secret: string;
}

export type TokenOutcome =
  | { ok: true; accessToken: string; expiresIn: number; scopes: string[] }
  | { ok: false; error: OAuthErrorCode };

export interface PartnersService {
  /** `allowedDepartments`: those the actor may give (all, without it). */
  create(actor: Actor, input: NewClientInput, allowedDepartments?: readonly string[]): Promise<CreatedClient>;
  list(): Promise<ApiClient[]>;
  get(id: string): Promise<ApiClient>;
  /** Revokes a client and its tokens at once; revoking a revoked client changes nothing. */
  revoke(actor: Actor, id: string): Promise<{ client: ApiClient; changed: boolean }>;
  authenticate(credential: string): Promise<AuthenticatedClient | undefined>;
  /** RFC 6749 §4.4: a client's id and secret, and the scopes it wants (all of its own without any). */
  issueToken(input: {
    clientId: string;
    clientSecret: string;
    scope: string | undefined;
  }): Promise<TokenOutcome>;
  deleteExpiredTokens(): Promise<number>;
}

export const hashCredential = (credential: string): string =>
  createHash('sha256').update(credential).digest('hex');

const randomPart = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** The departments a client acts for, read with the client. */
const departmentIds = sql<string[]>`array(
  select department_id from api_client_departments
  where client_id = api_clients.id order by department_id
)`;

export function createPartnersService(deps: {
  db: Db;
  clock: Clock;
  t: () => Translator['t'];
  /**
   * How a staff member's name is read as stored (encrypted: identity's user-data.ts). Without it (the
   * command line, which shows no names) a client's creator has no name.
   */
  openName?: (userId: string, stored: string | null) => string | null;
}): PartnersService {
  const { db, clock } = deps;

  const clients = () =>
    db
      .selectFrom('api_clients')
      .leftJoin('users', 'users.id', 'api_clients.created_by')
      .select([
        'api_clients.id',
        'api_clients.kind',
        'api_clients.name',
        'api_clients.client_id',
        'api_clients.secret_prefix',
        'api_clients.scopes',
        'api_clients.requests_per_minute',
        'api_clients.created_at',
        'api_clients.created_by',
        'users.name as created_by_name',
        'api_clients.last_used_at',
        'api_clients.revoked_at',
        departmentIds.as('department_ids'),
      ]);

  type Row = Awaited<ReturnType<ReturnType<typeof clients>['executeTakeFirstOrThrow']>>;
  const toClient = (row: Row): ApiClient => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    clientId: row.client_id,
    secretPrefix: row.secret_prefix,
    scopes: row.scopes,
    departmentIds: row.department_ids,
    requestsPerMinute: row.requests_per_minute,
    createdAt: row.created_at,
    createdBy: row.created_by
      ? { id: row.created_by, name: deps.openName?.(row.created_by, row.created_by_name) ?? null }
      : null,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  });

  async function get(id: string): Promise<ApiClient> {
    const row = isUuid(id) ? await clients().where('api_clients.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('api_client.not_found', deps.t()('partners:errors.notFound'));
    return toClient(row);
  }

  async function validated(
    input: NewClientInput,
    allowed: readonly string[] | undefined,
  ): Promise<NewClient> {
    const existing = (await db.selectFrom('departments').select('id').execute()).map((row) => row.id);
    const result = newClientSchema(
      deps.t(),
      existing.filter((id) => !allowed || allowed.includes(id)),
    ).safeParse(input);
    if (result.success) return result.data;
    const fieldErrors: FieldError[] = [];
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      if (!fieldErrors.some((error) => error.field === field))
        fieldErrors.push({ field, href: `#${field}`, message: issue.message });
    }
    throw invalid('api_client.invalid', fieldErrors.map((error) => error.message).join(' '), fieldErrors);
  }

  async function touch(id: string, lastUsedAt: Date | null): Promise<void> {
    const now = clock.now();
    if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < LAST_USED_PRECISION_MS) return;
    await db
      .updateTable('api_clients')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', new Date(now.getTime() - LAST_USED_PRECISION_MS)),
        ]),
      )
      .execute();
  }

  return {
    async create(actor, input, allowedDepartments) {
      const data = await validated(input, allowedDepartments);
      const id = randomUUID();
      const oauth = data.kind === 'oauth';
      const secret = oauth
        ? `${credentialPrefixes.clientSecret}${randomPart(32)}`
        : `${credentialPrefixes.apiKey}${randomPart(32)}`;
      const prefixLength = (oauth ? credentialPrefixes.clientSecret : credentialPrefixes.apiKey).length;
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('api_clients')
          .values({
            id,
            kind: data.kind,
            name: data.name,
            client_id: oauth ? `${credentialPrefixes.clientId}${randomPart(12)}` : null,
            secret_prefix: secret.slice(0, prefixLength + VISIBLE_CHARACTERS),
            secret_hash: hashCredential(secret),
            scopes: data.scopes,
            requests_per_minute: data.requestsPerMinute,
            created_at: clock.now(),
            created_by: actor.type === 'user' ? actor.id : null,
            last_used_at: null,
            revoked_at: null,
            revoked_by: null,
          })
          .execute();
        // An Open311 client files reports for any department and reads no cases: it may have none.
        if (data.departments.length > 0)
          await trx
            .insertInto('api_client_departments')
            .values(data.departments.map((department) => ({ client_id: id, department_id: department })))
            .execute();
        await appendAudit(trx, clock, {
          actor,
          action: 'api_client.created',
          subject: { type: 'api_client', id },
          details: {
            kind: data.kind,
            scopes: data.scopes,
            departments: data.departments,
            requestsPerMinute: data.requestsPerMinute,
          },
        });
      });
      return { client: await get(id), secret };
    },

    async list() {
      const rows = await clients()
        .orderBy(sql`api_clients.revoked_at is not null`)
        .orderBy('api_clients.name')
        .orderBy('api_clients.created_at')
        .execute();
      return rows.map(toClient);
    },

    get,

    async revoke(actor, id) {
      const client = await get(id);
      if (client.revokedAt) return { client, changed: false };
      // Two administrators revoking at once: only one of them revokes it.
      const changed = await db.transaction().execute(async (trx) => {
        const revoked = await trx
          .updateTable('api_clients')
          .set({ revoked_at: clock.now(), revoked_by: actor.type === 'user' ? actor.id : null })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!revoked) return false;
        await trx.deleteFrom('oauth_access_tokens').where('client_id', '=', id).execute();
        await appendAudit(trx, clock, {
          actor,
          action: 'api_client.revoked',
          subject: { type: 'api_client', id },
        });
        return true;
      });
      return { client: await get(id), changed };
    },

    async authenticate(credential) {
      const hash = hashCredential(credential);
      const now = clock.now();
      let found: { client: Row; scopes: string[] } | undefined;
      if (credential.startsWith(credentialPrefixes.apiKey)) {
        const row = await clients()
          .where('api_clients.secret_hash', '=', hash)
          .where('api_clients.kind', '=', 'api_key')
          .where('api_clients.revoked_at', 'is', null)
          .executeTakeFirst();
        if (row) found = { client: row, scopes: row.scopes };
      } else if (credential.startsWith(credentialPrefixes.accessToken)) {
        const token = await db
          .selectFrom('oauth_access_tokens')
          .select(['client_id', 'scopes'])
          .where('token_hash', '=', hash)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        const row = token
          ? await clients()
              .where('api_clients.id', '=', token.client_id)
              .where('api_clients.revoked_at', 'is', null)
              .executeTakeFirst()
          : undefined;
        if (token && row)
          found = { client: row, scopes: token.scopes.filter((scope) => row.scopes.includes(scope)) };
      }
      if (!found) return undefined;
      const { client, scopes } = found;
      await touch(client.id, client.last_used_at);
      return {
        principal: {
          id: client.id,
          kind: 'client',
          email: '',
          name: client.name,
          roles: [],
          client: { scopes, departmentIds: client.department_ids },
        },
        requestsPerMinute: client.requests_per_minute,
      };
    },

    async issueToken(input) {
      const row = await db
        .selectFrom('api_clients')
        .select(['id', 'secret_hash', 'scopes', 'revoked_at', 'last_used_at'])
        .where('client_id', '=', input.clientId)
        .where('kind', '=', 'oauth')
        .executeTakeFirst();
      const given = Buffer.from(hashCredential(input.clientSecret), 'hex');
      // Compared in constant time, and against a hash of nothing when the client is unknown, so that the
      // time taken says nothing about which client ids exist.
      const expected = Buffer.from(row?.secret_hash ?? hashCredential(''), 'hex');
      if (!timingSafeEqual(given, expected) || !row || row.revoked_at)
        return { ok: false, error: 'invalid_client' };
      const wanted = input.scope?.split(' ').filter((scope) => scope !== '');
      const scopes = wanted?.length ? [...new Set(wanted)].sort() : row.scopes;
      if (!scopes.every((scope) => isApiScope(scope) && row.scopes.includes(scope)))
        return { ok: false, error: 'invalid_scope' };
      const accessToken = `${credentialPrefixes.accessToken}${randomPart(32)}`;
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('oauth_access_tokens')
          .values({
            token_hash: hashCredential(accessToken),
            client_id: row.id,
            scopes,
            issued_at: now,
            expires_at: expiresAt,
          })
          .execute();
        await appendAudit(trx, clock, {
          actor: { type: 'client', id: row.id },
          action: 'api_client.token_issued',
          subject: { type: 'api_client', id: row.id },
          details: { scopes, expiresAt: expiresAt.toISOString() },
        });
      });
      await touch(row.id, row.last_used_at);
      return { ok: true, accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_SECONDS, scopes };
    },

    async deleteExpiredTokens() {
      const result = await db
        .deleteFrom('oauth_access_tokens')
        .where('expires_at', '<=', clock.now())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
