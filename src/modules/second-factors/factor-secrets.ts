/**
 * The secrets behind second factors. A TOTP secret must be read back to check codes, so it is encrypted
 * (AES-256-GCM, the owner's id as authenticated data) rather than hashed; recovery codes are only ever
 * compared, so only their HMAC is kept. Both keys are derived from the deployment secret with HKDF, one per
 * purpose, so neither can stand in for the other or for the sign-in code key.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';

const SEALED_PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function deriveKey(deploymentSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', deploymentSecret, 'plaza', `plaza:${purpose}`, 32));
}

/** Encrypts `plaintext`, bound to `owner`: the result opens only with the same key and owner. */
export function seal(key: Buffer, plaintext: string, owner: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** The plaintext, or undefined when the value was altered, sealed for someone else or under another key. */
export function open(key: Buffer, sealed: string, owner: string): string | undefined {
  if (!sealed.startsWith(SEALED_PREFIX)) return undefined;
  const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(owner, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

// Crockford's base32 alphabet: no i, l, o or u, so a code read aloud or copied by hand is not mistaken.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes of 50 random bits each, written as two groups of five ("k7m2p-x9q4d"). */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = '';
    for (let index = 0; index < CODE_LENGTH; index++) code += ALPHABET[randomInt(0, ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** A code as typed (any case, spaces, dashes, O for 0, I or L for 1), or undefined if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | undefined {
  const code = input.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  if (code.length !== CODE_LENGTH || [...code].some((character) => !ALPHABET.includes(character)))
    return undefined;
  return code;
}

export function recoveryCodeHash(key: Buffer, normalisedCode: string): string {
  return createHmac('sha256', key).update(normalisedCode).digest('hex');
}
