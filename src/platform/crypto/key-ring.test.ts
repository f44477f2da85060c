/** The key ring: what is encrypted reads back, names its key, resists tampering, and survives a new key. */
import { describe, expect, test } from 'vitest';
import { DecryptionError, generateKeyEntry, KeyRing, parseKeyList, UnknownKeyError } from './key-ring.js';

const key = (byte: number) => Buffer.alloc(32, byte);
const old = KeyRing.fromKeys([{ id: 'k1', key: key(1) }]);
const rotated = KeyRing.fromKeys([
  { id: 'k2', key: key(2) },
  { id: 'k1', key: key(1) },
]);

describe('text', () => {
  test('reads back, carries its key id, and is never the same twice', () => {
    const first = old.encryptText('ana@example.org', 'contact_email');
    const second = old.encryptText('ana@example.org', 'contact_email');
    expect(first).toMatch(/^pz1:k1:[A-Za-z0-9_-]+$/);
    expect(first).not.toContain('ana');
    expect(first).not.toBe(second);
    expect(KeyRing.textKeyId(first)).toBe('k1');
    expect(old.decryptText(first, 'contact_email')).toBe('ana@example.org');
  });

  test('a ring with a new key first encrypts with it and still reads the old one', () => {
    const before = old.encryptText('12 Orchard Row', 'answer:address');
    expect(rotated.decryptText(before, 'answer:address')).toBe('12 Orchard Row');
    expect(KeyRing.textKeyId(rotated.encryptText('x', 'c'))).toBe('k2');
  });

  test('a value from another column, an altered value, or an unknown key is refused', () => {
    const sealed = old.encryptText('secret', 'contact_email');
    expect(() => old.decryptText(sealed, 'information_response')).toThrow(DecryptionError);
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => old.decryptText(altered, 'contact_email')).toThrow(DecryptionError);
    const newer = rotated.encryptText('secret', 'contact_email');
    expect(() => old.decryptText(newer, 'contact_email')).toThrow(UnknownKeyError);
    expect(() => old.decryptText(newer, 'contact_email')).toThrow(/"k2", which is not in the key ring/);
  });

  test('text stored before encryption reads as it is', () => {
    expect(old.decryptText('ana@example.org', 'contact_email')).toBe('ana@example.org');
    expect(KeyRing.isEncryptedText('ana@example.org')).toBe(false);
  });
});

describe('bytes', () => {
  test('a file reads back and names its key', () => {
    const content = Buffer.from('%PDF-1.4 a file');
    const sealed = rotated.encryptBytes(content, 'file:1');
    expect(sealed.includes(Buffer.from('%PDF'))).toBe(false);
    expect(KeyRing.bytesKeyId(sealed)).toBe('k2');
    expect(rotated.decryptBytes(sealed, 'file:1')).toEqual(content);
    expect(() => rotated.decryptBytes(sealed, 'file:2')).toThrow(DecryptionError);
  });
});

describe('blind indexes', () => {
  test('equal values match under the same key; every key of the ring is offered for lookups', () => {
    expect(old.blindIndex('ana@example.org')).toBe(old.blindIndex('ana@example.org'));
    expect(old.blindIndex('ana@example.org')).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.blindIndexes('ana@example.org')).toEqual([
      rotated.blindIndex('ana@example.org'),
      old.blindIndex('ana@example.org'),
    ]);
  });

  test('a key derived from the secret differs from the secret-derived key of another deployment', () => {
    const a = KeyRing.derivedFrom('one deployment secret that is long enough');
    const b = KeyRing.derivedFrom('another deployment secret, also long enough');
    expect(a.currentKeyId).toBe('secret');
    expect(a.blindIndex('x')).not.toBe(b.blindIndex('x'));
    expect(() => b.decryptText(a.encryptText('x', 'c'), 'c')).toThrow(DecryptionError);
  });
});

describe('configuration', () => {
  test('a generated key is accepted as configuration', () => {
    const entry = generateKeyEntry('k20260302');
    const parsed = parseKeyList(`${entry},k1:${key(1).toString('base64')}`);
    expect('keys' in parsed && parsed.keys.map((k) => k.id)).toEqual(['k20260302', 'k1']);
  });

  test('configured keys encrypt; what the secret-derived key encrypted (before keys were set) still reads', () => {
    const secret = 'a deployment that began without keys, long enough';
    const before = KeyRing.fromConfig(undefined, secret).encryptText('ana@example.org', 'contact_email');
    const configured = KeyRing.fromConfig([{ id: 'k1', key: key(1) }], secret);
    expect(configured.currentKeyId).toBe('k1');
    expect(configured.decryptText(before, 'contact_email')).toBe('ana@example.org');
    expect(parseKeyList(`secret:${key(1).toString('base64')}`)).toEqual({
      problems: ['the key id "secret" is kept for the key derived from PLAZA_SECRET'],
    });
  });

  test('an empty list is refused', () => {
    expect(parseKeyList(' , ')).toEqual({ problems: ['must list at least one key, as id:base64'] });
  });
});
