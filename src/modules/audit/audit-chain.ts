/**
 * The audit log is a hash chain: each entry's hash covers its own content and the previous entry's hash,
 * so altering, removing or inserting an entry anywhere breaks every link after it. Entries are numbered
 * without gaps (seq) under a lock, so a removed entry is named precisely.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryContent {
  seq: number;
  occurredAt: Date;
  actorType: 'user' | 'anonymous' | 'system' | 'cli' | 'client';
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export function entryHash(entry: AuditEntryContent, prevHash: string): string {
  const content = canonicalJson({
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export type ChainBreak =
  | { kind: 'altered'; seq: number }
  | { kind: 'removed'; seq: number }
  | { kind: 'inserted'; seq: number }
  | { kind: 'relinked'; seq: number };

export interface StoredEntry extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

/** Walks entries in seq order and reports the first break, or undefined if the chain is intact. */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  checked = 0;

  check(entry: StoredEntry): ChainBreak | undefined {
    if (entry.seq > this.expectedSeq) return { kind: 'removed', seq: this.expectedSeq };
    if (entry.seq < this.expectedSeq) return { kind: 'inserted', seq: entry.seq };
    if (entryHash(entry, entry.prevHash) !== entry.hash) return { kind: 'altered', seq: entry.seq };
    if (entry.prevHash !== this.previousHash) {
      // The entry is self-consistent but does not follow its predecessor: something before it was
      // rewritten (with its hash recomputed), or this entry was put in with a number that was taken.
      return { kind: entry.seq === 1 ? 'inserted' : 'relinked', seq: entry.seq };
    }
    this.expectedSeq++;
    this.previousHash = entry.hash;
    this.checked++;
    return undefined;
  }

  get headHash(): string {
    return this.previousHash;
  }
}

export function describeBreak(broken: ChainBreak): string {
  switch (broken.kind) {
    case 'altered':
      return `entry #${broken.seq} was altered: its content no longer matches its hash`;
    case 'removed':
      return `entry #${broken.seq} was removed: the chain jumps past it`;
    case 'inserted':
      return `entry #${broken.seq} was inserted: it does not follow the entry before it`;
    case 'relinked':
      return `entry #${broken.seq} does not follow entry #${broken.seq - 1}: entry #${broken.seq - 1} was rewritten or #${broken.seq} was inserted`;
  }
}
