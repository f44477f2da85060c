/**
 * Server-side sessions. The cookie holds a random identifier; the database holds its SHA-256 and the
 * session's data, so a copy of the sessions table signs nobody in. A session exists only once something
 * is put in it (a CSRF secret, a draft, a signed-in user): browsing leaves no rows behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Generated, JSONColumnType, Kysely } from 'kysely';
import type { Clock } from '../time/clock.js';

/** What a session may hold. Modules add their own keys by declaration merging. */
export interface SessionData {
  csrfSecret?: string;
}

export interface SessionsTable {
  id: string;
  user_id: string | null;
  data: JSONColumnType<SessionData>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
  /** Null: the server's default timeouts. */
  idle_timeout_ms: number | null;
  absolute_timeout_ms: number | null;
}

export interface SessionTables {
  sessions: SessionsTable;
}

export interface Session {
  /** The user signed in with this session, if any. */
  readonly userId: string | undefined;
  /**
   * Not tied to the cookie: nothing is read from it or written to it, because the request brings its own
   * credentials (a partner system's API key or access token) or its route takes no part in sessions.
   * Such a request cannot act on anyone's signed-in session, which is why only it may skip CSRF checks.
   */
  readonly detached: boolean;
  get<K extends keyof SessionData>(key: K): SessionData[K];
  set<K extends keyof SessionData>(key: K, value: SessionData[K]): void;
  /**
   * Signs `userId` in under a new session identifier (so a planted identifier is worthless), keeping `keep`;
   * `timeouts` replace the server's defaults for this session (staff sessions end sooner).
   */
  signIn(userId: string, keep?: (keyof SessionData)[], timeouts?: SessionTimeouts): void;
  /** Ends the session: its row is deleted and the cookie cleared. */
  destroy(): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: Session;
  }
  interface FastifyContextConfig {
    /** false: the route never reads or writes the cookie's session (an endpoint for programs). */
    session?: false;
  }
}

export interface SessionOptions {
  cookieName: string;
  secureCookie: boolean;
  /** A session unused for this long ends. */
  idleTimeoutMs: number;
  /** A session ends this long after it began, however active. */
  absoluteTimeoutMs: number;
}

/** The timeouts of one session, when they are not the server's defaults. */
export type SessionTimeouts = Pick<SessionOptions, 'idleTimeoutMs' | 'absoluteTimeoutMs'>;

const TOUCH_INTERVAL_MS = 60_000;

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

class RequestSession implements Session {
  data: SessionData = {};
  userId: string | undefined;
  /** The raw identifier from (or for) the cookie; undefined until the session is first written. */
  rawId: string | undefined;
  storedId: string | undefined;
  createdAt: Date | undefined;
  expiresAt: Date | undefined;
  /** Undefined: the server's defaults. */
  timeouts: SessionTimeouts | undefined;
  dirty = false;
  destroyed = false;
  detached = false;
  replacedIds: string[] = [];

  get<K extends keyof SessionData>(key: K): SessionData[K] {
    return this.data[key];
  }

  set<K extends keyof SessionData>(key: K, value: SessionData[K]): void {
    if (value === undefined) delete this.data[key];
    else this.data[key] = value;
    this.dirty = true;
  }

  signIn(userId: string, keep: (keyof SessionData)[] = [], timeouts?: SessionTimeouts): void {
    if (this.storedId) this.replacedIds.push(this.storedId);
    const kept: SessionData = {};
    for (const key of keep) if (this.data[key] !== undefined) Object.assign(kept, { [key]: this.data[key] });
    this.data = kept;
    this.userId = userId;
    this.timeouts = timeouts;
    this.rawId = undefined;
    this.storedId = undefined;
    this.createdAt = undefined;
    this.dirty = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.dirty = true;
  }
}

export function registerSessions(
  app: FastifyInstance,
  deps: {
    db: Kysely<SessionTables>;
    clock: Clock;
    options: SessionOptions;
    /** Whether a request brings credentials of its own, and so must not use the cookie's session. */
    bringsOwnCredentials: (request: FastifyRequest) => boolean;
  },
): void {
  const { db, clock, options } = deps;
  app.decorateRequest('session', null as unknown as Session);

  app.addHook('onRequest', async (request) => {
    const session = new RequestSession();
    request.session = session;
    if (request.routeOptions.config.session === false || deps.bringsOwnCredentials(request)) {
      session.detached = true;
      return;
    }
    const raw = request.cookies[options.cookieName];
    if (!raw || raw.length > 100) return;
    const id = hashSessionId(raw);
    const row = await db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'data', 'created_at', 'expires_at', 'idle_timeout_ms', 'absolute_timeout_ms'])
      .where('id', '=', id)
      .executeTakeFirst();
    const now = clock.now();
    if (!row) return;
    const absoluteTimeoutMs = row.absolute_timeout_ms ?? options.absoluteTimeoutMs;
    if (row.expires_at <= now || row.created_at.getTime() + absoluteTimeoutMs <= now.getTime()) {
      session.replacedIds.push(id);
      session.dirty = true;
      return;
    }
    session.rawId = raw;
    session.storedId = id;
    session.data = row.data;
    session.userId = row.user_id ?? undefined;
    session.createdAt = row.created_at;
    session.expiresAt = row.expires_at;
    if (row.idle_timeout_ms !== null && row.absolute_timeout_ms !== null)
      session.timeouts = { idleTimeoutMs: row.idle_timeout_ms, absoluteTimeoutMs: row.absolute_timeout_ms };
  });

  app.addHook('onSend', async (request, reply) => {
    const session = request.session as RequestSession | null;
    if (!session || session.detached) return;
    await persist(request, reply, session);
  });

  async function persist(
    request: FastifyRequest,
    reply: FastifyReply,
    session: RequestSession,
  ): Promise<void> {
    const now = clock.now();
    if (session.replacedIds.length > 0) {
      await db.deleteFrom('sessions').where('id', 'in', session.replacedIds).execute();
      session.replacedIds = [];
    }
    if (session.destroyed) {
      if (session.storedId) await db.deleteFrom('sessions').where('id', '=', session.storedId).execute();
      reply.clearCookie(options.cookieName, { path: '/' });
      return;
    }
    const expiresAt = new Date(now.getTime() + (session.timeouts ?? options).idleTimeoutMs);
    if (!session.storedId) {
      if (!session.dirty) return;
      session.rawId = randomBytes(32).toString('base64url');
      session.storedId = hashSessionId(session.rawId);
      await db
        .insertInto('sessions')
        .values({
          id: session.storedId,
          user_id: session.userId ?? null,
          data: JSON.stringify(session.data),
          created_at: now,
          updated_at: now,
          expires_at: expiresAt,
          user_agent: request.headers['user-agent']?.slice(0, 300) ?? null,
          ip: request.ip,
          idle_timeout_ms: session.timeouts?.idleTimeoutMs ?? null,
          absolute_timeout_ms: session.timeouts?.absoluteTimeoutMs ?? null,
        })
        .execute();
    } else if (
      session.dirty ||
      !session.expiresAt ||
      expiresAt.getTime() - session.expiresAt.getTime() > TOUCH_INTERVAL_MS
    ) {
      await db
        .updateTable('sessions')
        .set({
          data: JSON.stringify(session.data),
          user_id: session.userId ?? null,
          updated_at: now,
          expires_at: expiresAt,
        })
        .where('id', '=', session.storedId)
        .execute();
    } else {
      return;
    }
    reply.setCookie(options.cookieName, session.rawId as string, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      expires: expiresAt,
    });
  }
}

export async function deleteExpiredSessions(db: Kysely<SessionTables>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
