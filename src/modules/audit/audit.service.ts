/**
 * Writing to and checking the audit log. Every state change, sign-in, staff view of a case and
 * configuration change is appended in the same transaction as the change itself, so the log never claims
 * something that did not happen nor misses something that did. Entries hold ids, never personal data:
 * erasing a person leaves the log intact and truthful.
 */
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { Clock } from '../../platform/time/clock.js';
import { ChainVerifier, entryHash, GENESIS_HASH, type ChainBreak } from './audit-chain.js';

export interface Actor {
  /** client: a partner system's API client, by its id. */
  type: 'user' | 'anonymous' | 'system' | 'cli' | 'client';
  id: string | null;
}

export const systemActor: Actor = { type: 'system', id: null };

export interface AuditEvent {
  actor: Actor;
  action: string;
  subject?: { type: string; id: string };
  details?: Record<string, unknown>;
}

/** Serialises appends across every Plaza process sharing the database, so seq numbers have no gaps. */
const AUDIT_LOCK_KEY = 7_072_002;

export async function appendAudit(trx: Db, clock: Clock, event: AuditEvent): Promise<number> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    occurredAt: clock.now(),
    actorType: event.actor.type,
    actorId: event.actor.id,
    action: event.action,
    subjectType: event.subject?.type ?? null,
    subjectId: event.subject?.id ?? null,
    // A round trip through JSON drops undefined values, as jsonb will, so the hash matches what is read back.
    details: JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      occurred_at: entry.occurredAt,
      actor_type: entry.actorType,
      actor_id: entry.actorId,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      details: JSON.stringify(entry.details),
      prev_hash: prevHash,
      hash: entryHash(entry, prevHash),
    })
    .execute();
  return entry.seq;
}

/** Appends an event on its own, for actions that change nothing else (a staff member viewing a case). */
export async function recordAudit(db: Db, clock: Clock, event: AuditEvent): Promise<number> {
  return db.transaction().execute((trx) => appendAudit(trx, clock, event));
}

export interface VerifyResult {
  intact: boolean;
  checked: number;
  headHash: string;
  broken?: ChainBreak;
}

export async function verifyAuditChain(
  db: Db,
  onProgress?: (checked: number, total: number) => void,
): Promise<VerifyResult> {
  const { count } = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const total = Number(count);
  const verifier = new ChainVerifier();
  const batch = 2000;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    for (const row of rows) {
      const broken = verifier.check({
        seq: Number(row.seq),
        occurredAt: row.occurred_at,
        actorType: row.actor_type,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: row.details,
        prevHash: row.prev_hash,
        hash: row.hash,
      });
      if (broken) return { intact: false, checked: verifier.checked, headHash: verifier.headHash, broken };
    }
    onProgress?.(verifier.checked, total);
    if (rows.length < batch) break;
    after = Number(rows[rows.length - 1]?.seq);
  }
  return { intact: true, checked: verifier.checked, headHash: verifier.headHash };
}

export interface AuditEntryView {
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export const AUDIT_PAGE_SIZE = 50;

/** How a person's name is read as stored (encrypted, bound to their id: identity's user-data.ts). */
export type NameReader = (userId: string, stored: string | null) => string | null;

/** The log newest first, for auditors: filtered by action prefix (e.g. "case." or "auth.signed_in"). */
export async function auditPage(
  db: Db,
  filters: { action?: string; page: number },
  openName: NameReader,
): Promise<{ entries: AuditEntryView[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', (join) => join.on(sql`users.id::text`, '=', sql.ref('audit_log.actor_id')))
    .select([
      'audit_log.seq',
      'audit_log.occurred_at',
      'audit_log.actor_type',
      'users.id as actor_user_id',
      'users.name as actor_name',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.details',
    ])
    .$if(!!filters.action, (query) =>
      query.where('audit_log.action', 'like', `${(filters.action as string).replace(/[%_\\]/g, '\\$&')}%`),
    )
    .orderBy('audit_log.seq', 'desc')
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((filters.page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  return {
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    entries: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
      seq: Number(row.seq),
      occurredAt: row.occurred_at,
      actorType: row.actor_type,
      actorName: row.actor_user_id ? openName(row.actor_user_id, row.actor_name) : null,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      details: row.details,
    })),
  };
}
