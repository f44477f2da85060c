/** TOTP secrets at rest and recovery codes: what a copy of the database does and does not give away. */
import { describe, expect, test } from 'vitest';
import {
  deriveKey,
  newRecoveryCodes,
  normaliseRecoveryCode,
  open,
  recoveryCodeHash,
  seal,
} from './factor-secrets.js';

const key = deriveKey('a deployment secret that is long enough', 'totp-secrets');
const owner = '6f0c1a8e-4a55-4b2f-9d0e-1a2b3c4d5e6f';

describe('sealed TOTP secrets', () => {
  test('open only with the same key and owner, and never show the secret', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', owner);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, sealed, owner)).toBe('JBSWY3DPEHPK3PXP');
    // A new nonce each time: equal secrets do not look equal.
    expect(seal(key, 'JBSWY3DPEHPK3PXP', owner)).not.toBe(sealed);
    expect(open(key, sealed, 'another-user')).toBeUndefined();
    expect(
      open(deriveKey('another deployment secret, long enough', 'totp-secrets'), sealed, owner),
    ).toBeUndefined();
    expect(
      open(deriveKey('a deployment secret that is long enough', 'recovery-codes'), sealed, owner),
    ).toBeUndefined();
  });

  test('an altered value does not open', () => {
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', owner);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    expect(open(key, `v1.${bytes.toString('base64url')}`, owner)).toBeUndefined();
    expect(open(key, 'v1.', owner)).toBeUndefined();
    expect(open(key, 'not sealed at all', owner)).toBeUndefined();
  });
});

describe('recovery codes', () => {
  test('ten different codes of two groups of five, in an alphabet without look-alikes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
  });

  test('typed any way a person might, a code is the same code', () => {
    expect(normaliseRecoveryCode('k7m2p-x9q4d')).toBe('k7m2px9q4d');
    expect(normaliseRecoveryCode(' K7M2P X9Q4D ')).toBe('k7m2px9q4d');
    expect(normaliseRecoveryCode('abcde-fgh1O')).toBe('abcdefgh10');
    expect(normaliseRecoveryCode('abcde-fghIL')).toBe('abcdefgh11');
    expect(normaliseRecoveryCode('short')).toBeUndefined();
    expect(normaliseRecoveryCode('abcde-fghu0')).toBeUndefined();
  });

  test('are kept as keyed hashes', () => {
    const hashKey = deriveKey('a deployment secret that is long enough', 'recovery-codes');
    const hash = recoveryCodeHash(hashKey, 'k7m2px9q4d');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeHash(hashKey, 'k7m2px9q4d')).toBe(hash);
    expect(
      recoveryCodeHash(deriveKey('another deployment secret, long enough', 'recovery-codes'), 'k7m2px9q4d'),
    ).not.toBe(hash);
  });
});
