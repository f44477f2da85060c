/**
 * Encryption at rest: AES-256-GCM under a ring of keys. The first key encrypts; every key decrypts, so a new
 * key is put first, deployed everywhere, and the data re-encrypted at leisure (`plaza keys rotate`) while
 * Plaza keeps running; the old key is removed once nothing uses it. Every ciphertext names the key that
 * made it. Each key is only a root: the cipher key and the blind-index key are derived from it with HKDF,
 * so the two uses never share key material.
 *
 * Formats (both carry a version, the key's id, a random 96-bit nonce and GCM's 128-bit tag):
 * - text: `pz1:<key id>:<base64url(nonce | tag | ciphertext)>`
 * - bytes: `PZE1` | key id length (1 byte) | key id | nonce | tag | ciphertext
 * A context string (what the value is, e.g. "contact_email") is authenticated with each value, so a
 * ciphertext copied into another column does not decrypt there.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  /** 32 random bytes. */
  key: Buffer;
}

const TEXT_PREFIX = 'pz1:';
const BYTES_MAGIC = Buffer.from('PZE1', 'ascii');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/** The id of the key derived from the deployment secret, when no keys are configured (development, tests). */
export const DERIVED_KEY_ID = 'secret';

export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `A value was encrypted with the key "${keyId}", which is not in the key ring: add it back to PLAZA_ENCRYPTION_KEYS (after the current key) until \`plaza keys rotate\` has re-encrypted everything`,
    );
  }
}

export class DecryptionError extends Error {
  constructor(context: string) {
    super(`A ${context} value could not be decrypted: it was altered, or encrypted with a different key`);
  }
}

interface DerivedKey {
  id: string;
  cipher: Buffer;
  index: Buffer;
}

function derive(root: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), `plaza ${purpose}`, KEY_BYTES));
}

function derivedKey(secret: string): EncryptionKey {
  return { id: DERIVED_KEY_ID, key: derive(Buffer.from(secret, 'utf8'), 'deployment secret key') };
}

export class KeyRing {
  private readonly byId: Map<string, DerivedKey>;
  private readonly current: DerivedKey;

  private constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('A key ring needs at least one key');
    this.byId = new Map();
    for (const { id, key } of keys) {
      if (!keyIdPattern.test(id)) throw new Error(`Bad key id "${id}"`);
      if (key.length !== KEY_BYTES) throw new Error(`The key "${id}" is not ${KEY_BYTES} bytes`);
      if (this.byId.has(id)) throw new Error(`The key id "${id}" is used twice`);
      this.byId.set(id, { id, cipher: derive(key, 'encryption'), index: derive(key, 'blind index') });
    }
    this.current = this.byId.get((keys[0] as EncryptionKey).id) as DerivedKey;
  }

  static fromKeys(keys: readonly EncryptionKey[]): KeyRing {
    return new KeyRing(keys);
  }

  /** One key derived from the deployment secret: for development and tests, where no keys are configured. */
  static derivedFrom(secret: string): KeyRing {
    return new KeyRing([derivedKey(secret)]);
  }

  /**
   * The configured keys, or one derived from the deployment secret. With configured keys the derived one
   * still decrypts (last, never encrypting), so a deployment that began without keys keeps reading its data
   * until `plaza keys rotate` has moved it to a configured key.
   */
  static fromConfig(keys: readonly EncryptionKey[] | undefined, secret: string): KeyRing {
    return keys && keys.length > 0
      ? KeyRing.fromKeys([...keys, derivedKey(secret)])
      : KeyRing.derivedFrom(secret);
  }

  /** The id of the key that encrypts. */
  get currentKeyId(): string {
    return this.current.id;
  }

  get keyIds(): string[] {
    return [...this.byId.keys()];
  }

  private key(id: string): DerivedKey {
    const found = this.byId.get(id);
    if (!found) throw new UnknownKeyError(id);
    return found;
  }

  private seal(key: DerivedKey, plaintext: Buffer, context: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.cipher, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }

  private open(key: DerivedKey, sealed: Buffer, context: string): Buffer {
    if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError(context);
    const decipher = createDecipheriv('aes-256-gcm', key.cipher, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionError(context);
    }
  }

  // ---- Text (columns of type text, values inside JSON).

  encryptText(plaintext: string, context: string): string {
    const sealed = this.seal(this.current, Buffer.from(plaintext, 'utf8'), context);
    return `${TEXT_PREFIX}${this.current.id}:${sealed.toString('base64url')}`;
  }

  /** Whether a stored text value is a ciphertext (anything else is plaintext stored before encryption). */
  static isEncryptedText(value: string): boolean {
    return value.startsWith(TEXT_PREFIX);
  }

  /** The id of the key a stored text was encrypted with; undefined for plaintext. */
  static textKeyId(value: string): string | undefined {
    if (!KeyRing.isEncryptedText(value)) return undefined;
    const end = value.indexOf(':', TEXT_PREFIX.length);
    return end < 0 ? undefined : value.slice(TEXT_PREFIX.length, end);
  }

  /** The plaintext of a stored value; plaintext stored before encryption comes back as it is. */
  decryptText(value: string, context: string): string {
    if (!KeyRing.isEncryptedText(value)) return value;
    const end = value.indexOf(':', TEXT_PREFIX.length);
    if (end < 0) throw new DecryptionError(context);
    const key = this.key(value.slice(TEXT_PREFIX.length, end));
    return this.open(key, Buffer.from(value.slice(end + 1), 'base64url'), context).toString('utf8');
  }

  // ---- Bytes (files).

  encryptBytes(plaintext: Buffer, context: string): Buffer {
    const id = Buffer.from(this.current.id, 'ascii');
    return Buffer.concat([
      BYTES_MAGIC,
      Buffer.from([id.length]),
      id,
      this.seal(this.current, plaintext, context),
    ]);
  }

  /** The id of the key stored bytes were encrypted with; undefined when they are not Plaza's envelope. */
  static bytesKeyId(stored: Buffer): string | undefined {
    if (stored.length < BYTES_MAGIC.length + 1 || !stored.subarray(0, BYTES_MAGIC.length).equals(BYTES_MAGIC))
      return undefined;
    const length = stored[BYTES_MAGIC.length] as number;
    return stored.subarray(BYTES_MAGIC.length + 1, BYTES_MAGIC.length + 1 + length).toString('ascii');
  }

  decryptBytes(stored: Buffer, context: string): Buffer {
    const id = KeyRing.bytesKeyId(stored);
    if (id === undefined) throw new DecryptionError(context);
    const start = BYTES_MAGIC.length + 1 + id.length;
    return this.open(this.key(id), stored.subarray(start), context);
  }

  // ---- Blind indexes: equality lookups on an encrypted column without decrypting it.

  /** HMAC-SHA256 of a value under the current key (hex): what a new row stores beside the ciphertext. */
  blindIndex(value: string): string {
    return createHmac('sha256', this.current.index).update(value, 'utf8').digest('hex');
  }

  /** The value's index under every key, current first: rows not yet rotated still match. */
  blindIndexes(value: string): string[] {
    return [...this.byId.values()].map((key) =>
      createHmac('sha256', key.index).update(value, 'utf8').digest('hex'),
    );
  }
}

/**
 * An email address as every blind index of one sees it (contact emails, accounts, the outbox): trimmed and
 * lower-cased, so a lookup finds it whatever case it was typed in.
 */
export function indexedEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Reads a key list written `id:base64,id:base64` (the first encrypts). Returns the keys, or the problems
 * found, named without ever quoting a key.
 */
export function parseKeyList(text: string): { keys: EncryptionKey[] } | { problems: string[] } {
  const problems: string[] = [];
  const keys: EncryptionKey[] = [];
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) problems.push('must list at least one key, as id:base64');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? '' : entry.slice(colon + 1);
    if (!keyIdPattern.test(id)) {
      problems.push(
        `key ${index + 1} must be written id:base64, the id made of letters, digits, - or _ (at most 32)`,
      );
      return;
    }
    if (id === DERIVED_KEY_ID) {
      problems.push(`the key id "${DERIVED_KEY_ID}" is kept for the key derived from PLAZA_SECRET`);
      return;
    }
    if (keys.some((key) => key.id === id)) {
      problems.push(`the key id "${id}" is used twice`);
      return;
    }
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES) {
      problems.push(`the key "${id}" must be ${KEY_BYTES} random bytes in base64 (44 characters)`);
      return;
    }
    keys.push({ id, key });
  });
  return problems.length > 0 ? { problems } : { keys };
}

/** A new random key, in the form PLAZA_ENCRYPTION_KEYS takes it. */
export function generateKeyEntry(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
