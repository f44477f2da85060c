/**
 * The audit log's hash chain, checked on entries in memory: an intact chain passes, and each way of
 * tampering with it is reported at the entry where it happened.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalJson,
  describeBreak,
  entryHash,
  type AuditEntryContent,
  type ChainBreak,
  type StoredEntry,
} from './audit-chain.js';

function content(seq: number): AuditEntryContent {
  return {
    seq,
    occurredAt: new Date(Date.UTC(2026, 2, 2, 9, seq)),
    actorType: seq % 2 ? 'user' : 'system',
    actorId: seq % 2 ? `user-${seq}` : null,
    action: seq % 2 ? 'case.transition' : 'notification.sent',
    subjectType: 'case',
    subjectId: `case-${seq}`,
    details: { transition: 'approve', reason: `Reason ${seq}`, nested: { b: seq, a: [seq, 'x'] } },
  };
}

/** Links entries into a chain, each hash covering its content and the previous hash. */
function link(contents: AuditEntryContent[], prevHash = GENESIS_HASH): StoredEntry[] {
  const entries: StoredEntry[] = [];
  for (const entry of contents) {
    const hash = entryHash(entry, prevHash);
    entries.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(entries: StoredEntry[]): { broken: ChainBreak | undefined; checked: number; head: string } {
  const verifier = new ChainVerifier();
  for (const entry of entries) {
    const broken = verifier.check(entry);
    if (broken) return { broken, checked: verifier.checked, head: verifier.headHash };
  }
  return { broken: undefined, checked: verifier.checked, head: verifier.headHash };
}

const chain = link([1, 2, 3, 4, 5].map(content));

describe('ChainVerifier', () => {
  test('an intact chain has no break, and its head is the last hash', () => {
    expect(verify(chain)).toEqual({ broken: undefined, checked: 5, head: chain[4]!.hash });
  });

  test('an empty chain has the genesis head', () => {
    expect(verify([])).toEqual({ broken: undefined, checked: 0, head: GENESIS_HASH });
  });

  test.each([
    {
      what: 'the details',
      change: (entry: StoredEntry) => ({ ...entry, details: { ...entry.details, reason: 'x' } }),
    },
    {
      what: 'a nested detail',
      change: (entry: StoredEntry) => ({
        ...entry,
        details: { ...entry.details, nested: { b: 3, a: [3, 'y'] } },
      }),
    },
    { what: 'the action', change: (entry: StoredEntry) => ({ ...entry, action: 'case.reject' }) },
    { what: 'the actor', change: (entry: StoredEntry) => ({ ...entry, actorId: 'user-99' }) },
    {
      what: 'the time, by a millisecond',
      change: (entry: StoredEntry) => ({ ...entry, occurredAt: new Date(entry.occurredAt.getTime() + 1) }),
    },
    { what: 'the subject', change: (entry: StoredEntry) => ({ ...entry, subjectId: 'case-99' }) },
  ])('altering $what of an entry is reported at that entry', ({ change }) => {
    const tampered = chain.map((entry) => (entry.seq === 3 ? change(entry) : entry));
    expect(verify(tampered)).toMatchObject({ broken: { kind: 'altered', seq: 3 }, checked: 2 });
  });

  test('removing an entry from the middle names the missing entry', () => {
    expect(verify(chain.filter((entry) => entry.seq !== 3)).broken).toEqual({ kind: 'removed', seq: 3 });
  });

  test('rewriting an entry with a recomputed hash is reported at the entry after it', () => {
    const rewritten = { ...chain[2]!, details: { transition: 'reject', reason: 'Rewritten' } };
    rewritten.hash = entryHash(rewritten, rewritten.prevHash);
    const tampered = chain.map((entry) => (entry.seq === 3 ? rewritten : entry));
    expect(verify(tampered)).toMatchObject({ broken: { kind: 'relinked', seq: 4 }, checked: 3 });
  });

  test('an entry slipped in with a number already taken is reported as inserted', () => {
    const [extra] = link([content(2)], chain[1]!.hash);
    expect(verify([...chain.slice(0, 3), extra!, ...chain.slice(3)]).broken).toEqual({
      kind: 'inserted',
      seq: 2,
    });
  });

  test('a first entry that does not start from the genesis hash is reported as inserted', () => {
    expect(verify(link([1, 2].map(content), 'f'.repeat(64))).broken).toEqual({ kind: 'inserted', seq: 1 });
  });

  test('the hash is SHA-256 of the previous hash, a newline and the canonical content', () => {
    const entry = content(1);
    const expected = createHash('sha256')
      .update(`${GENESIS_HASH}\n${canonicalJson({ ...entry, occurredAt: entry.occurredAt.toISOString() })}`)
      .digest('hex');
    expect(entryHash(entry, GENESIS_HASH)).toBe(expected);
    expect(entryHash(entry, 'a'.repeat(64))).not.toBe(expected);
  });

  test('each break is described in words', () => {
    expect(describeBreak({ kind: 'removed', seq: 3 })).toBe('entry #3 was removed: the chain jumps past it');
    expect(describeBreak({ kind: 'relinked', seq: 4 })).toBe(
      'entry #4 does not follow entry #3: entry #3 was rewritten or #4 was inserted',
    );
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every level, whatever order they were written in', () => {
    const one = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } };
    const other = { a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(one)).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson(other)).toBe(canonicalJson(one));
  });

  test('keeps the order of arrays', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  test('leaves out undefined values, writes dates as ISO strings', () => {
    expect(canonicalJson({ b: undefined, a: new Date('2026-03-02T09:00:00Z') })).toBe(
      '{"a":"2026-03-02T09:00:00.000Z"}',
    );
  });

  test('the same details in another key order give the same entry hash', () => {
    const entry = content(1);
    const reordered = {
      ...entry,
      details: { nested: { a: [1, 'x'], b: 1 }, reason: 'Reason 1', transition: 'approve' },
    };
    expect(entryHash(reordered, GENESIS_HASH)).toBe(entryHash(entry, GENESIS_HASH));
  });
});
