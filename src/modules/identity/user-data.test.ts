/** Accounts' personal data: encrypted per column and per account, indexed whatever the case, across keys. */
import { describe, expect, test } from 'vitest';
import { KeyRing } from '../../platform/crypto/key-ring.js';
import { createUserData } from './user-data.js';

const k1 = KeyRing.fromKeys([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
const k2 = KeyRing.fromKeys([
  { id: 'k2', key: Buffer.alloc(32, 2) },
  { id: 'k1', key: Buffer.alloc(32, 1) },
]);
const ana = '5b1a7c52-0d7e-4c4e-9a55-0d8f0f6b3f10';
const ben = '9c3e2b11-6a1f-4f7d-8e21-3b5d7a9c1e42';

describe('account data', () => {
  test('reads back; a value moved to another account or column does not decrypt', () => {
    const users = createUserData(k1);
    const { email, email_index } = users.sealEmail(ana, 'ana@example.org');
    expect(email).toMatch(/^pz1:k1:/);
    expect(users.openEmail(ana, email)).toBe('ana@example.org');
    expect(() => users.openEmail(ben, email)).toThrow(/could not be decrypted/);
    const name = users.seal('name', ana, 'Ana Example') as string;
    expect(users.open('name', ana, name)).toBe('Ana Example');
    expect(() => users.open('phone', ana, name)).toThrow(/could not be decrypted/);
    expect(users.seal('phone', ana, null)).toBeNull();
    expect(email_index).toBe(users.emailIndex(' ANA@Example.org'));
  });

  test('values stored before encryption read as they are and need resealing', () => {
    const users = createUserData(k1);
    expect(users.openEmail(ana, 'Ana@Example.org')).toBe('Ana@Example.org');
    expect(users.needsResealing('Ana@Example.org')).toBe(true);
    expect(users.needsResealing(users.sealEmail(ana, 'ana@example.org').email)).toBe(false);
  });

  test('a rotated ring reads the old key and still finds its index; new values use the new key', () => {
    const before = createUserData(k1).sealEmail(ana, 'ana@example.org');
    const users = createUserData(k2);
    expect(users.openEmail(ana, before.email)).toBe('ana@example.org');
    expect(users.needsResealing(before.email)).toBe(true);
    expect(users.emailIndexes('Ana@example.org')).toContain(before.email_index);
    expect(users.emailIndex('ana@example.org')).not.toBe(before.email_index);
    expect(users.sealEmail(ana, 'ana@example.org').email).toMatch(/^pz1:k2:/);
  });

  test('an address waiting for its code is bound to the account', () => {
    const users = createUserData(k1);
    const sealed = users.sealNewEmail(ana, 'new@example.org');
    expect(users.openNewEmail(ana, sealed)).toBe('new@example.org');
    expect(() => users.openNewEmail(ben, sealed)).toThrow(/could not be decrypted/);
  });
});
