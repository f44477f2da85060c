/**
 * A person's account at rest. `users.email`, `name` and `phone` are personal data, encrypted under the key
 * ring (AES-256-GCM) with a context naming the column and the account's id, so a value copied to another
 * column or to someone else's row does not decrypt. The email also has a blind index (`email_index`,
 * HMAC-SHA256 of the lower-cased address, as contact emails have), the only way Plaza finds an account by
 * email: lookups try the index under every key in the ring, so accounts not yet rotated are found, and
 * accounts stored before encryption (no index yet) by their address in the clear. `plaza keys rotate`
 * encrypts those and re-indexes every account under the current key.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../database.js';
import { indexedEmail, KeyRing } from '../../platform/crypto/key-ring.js';

/** The personal columns of `users`. */
export type UserColumn = 'email' | 'name' | 'phone';

/** What each encrypted account value is, and whose: authenticated with the value. */
export function userContext(column: UserColumn, userId: string): string {
  return `users.${column}:${userId}`;
}

export function newEmailContext(userId: string): string {
  return `email_changes.new_email:${userId}`;
}

export function createUserData(keyRing: KeyRing) {
  const open = (column: UserColumn, userId: string, stored: string): string =>
    keyRing.decryptText(stored, userContext(column, userId));

  return {
    keyRing,

    /** An email as stored, with its index: what a new account or a changed address writes. */
    sealEmail(userId: string, email: string): { email: string; email_index: string } {
      return {
        email: keyRing.encryptText(email, userContext('email', userId)),
        email_index: keyRing.blindIndex(indexedEmail(email)),
      };
    },

    /** A name or phone number as stored (a blank stays null). */
    seal(column: 'name' | 'phone', userId: string, value: string | null): string | null {
      return value === null ? null : keyRing.encryptText(value, userContext(column, userId));
    },

    openEmail(userId: string, stored: string): string {
      return open('email', userId, stored);
    },

    /** A name or phone number as people read it; values stored before encryption come back as they are. */
    open(column: 'name' | 'phone', userId: string, stored: string | null): string | null {
      return stored === null ? null : open(column, userId, stored);
    },

    /** An address waiting to be proven (email_changes.new_email), as stored: encrypted, bound to the account. */
    sealNewEmail(userId: string, email: string): string {
      return keyRing.encryptText(email, newEmailContext(userId));
    },

    openNewEmail(userId: string, stored: string): string {
      return keyRing.decryptText(stored, newEmailContext(userId));
    },

    /** Whether a stored value needs (re-)encrypting under the current key (for key rotation). */
    needsResealing(stored: string): boolean {
      return KeyRing.textKeyId(stored) !== keyRing.currentKeyId;
    },

    emailIndex(email: string): string {
      return keyRing.blindIndex(indexedEmail(email));
    },

    /** The email's index under every key in the ring, current first. */
    emailIndexes(email: string): string[] {
      return keyRing.blindIndexes(indexedEmail(email));
    },

    /** The condition "this sign-in code was sent to `email`" (codes stored before 0010 hold the address). */
    codeSentTo(email: string) {
      const indexes = keyRing.blindIndexes(indexedEmail(email));
      return (eb: ExpressionBuilder<Database, 'sign_in_codes'>): Expression<SqlBool> =>
        eb.or([
          eb('sign_in_codes.email_index', 'in', indexes),
          eb.and([
            eb('sign_in_codes.email_index', 'is', null),
            eb(sql<string>`lower(sign_in_codes.email)`, '=', indexedEmail(email)),
          ]),
        ]);
    },

    /**
     * The condition "this account's email is `email`", whatever its case: by the blind index under any key
     * in the ring, or, for an account stored before encryption, by its address in the clear.
     */
    hasEmail(email: string) {
      const indexes = keyRing.blindIndexes(indexedEmail(email));
      return (eb: ExpressionBuilder<Database, 'users'>): Expression<SqlBool> =>
        eb.or([
          eb('users.email_index', 'in', indexes),
          eb.and([
            eb('users.email_index', 'is', null),
            eb(sql<string>`lower(users.email)`, '=', indexedEmail(email)),
          ]),
        ]);
    },
  };
}

export type UserData = ReturnType<typeof createUserData>;
