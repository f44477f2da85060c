/**
 * Signing people in. Citizens prove they own an email address with a one-time code; staff use a password
 * (argon2id). Both paths are built to be extended (passkeys, national eID, a second factor for staff)
 * without changing what a signed-in principal looks like.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../database.js';
import type { Principal, RoleGrant } from '../../platform/auth/principal.js';
import { invalid, rateLimited } from '../../platform/errors.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, type Actor } from '../audit/index.js';
import type { StaffRole } from './roles.js';
import type { UserData } from './user-data.js';

export const SIGN_IN_CODE_LIFETIME_MS = 15 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const MAX_CODES_PER_HOUR = 5;
const MAX_PASSWORD_FAILURES = 5;
const LOCKOUT_MS = 15 * 60_000;

export interface SignInCodeMailer {
  /** Queues the email carrying the code, in the same transaction as the code. */
  (trx: Db, message: { email: string; code: string; language: string }): Promise<void>;
}

/** The reader's language and messages, for what these methods say back. */
export interface Messages {
  t: Translator['t'];
  language: string;
}

export interface IdentityService {
  requestSignInCode(email: string, messages: Messages): Promise<void>;
  /** Returns the citizen's id when the code is right; throws an `invalid` error otherwise. */
  verifySignInCode(email: string, code: string, messages: Messages): Promise<string>;
  /** Returns the staff member's id when the password is right; throws an `invalid` error otherwise. */
  verifyStaffPassword(email: string, password: string, messages: Messages): Promise<string>;
  loadPrincipal: (userId: string) => Promise<Principal | undefined>;
  createStaffMember(input: {
    email: string;
    name: string;
    password: string;
    /** Who created the account (an administrator); the system when seeded. */
    actor?: Actor;
    roles: { role: StaffRole; departmentId: string | null }[];
  }): Promise<string>;
  setStaffPassword(email: string, password: string): Promise<boolean>;
  /** How accounts' personal data is stored: encrypted, the email found by its blind index. */
  users: UserData;
}

/** An email address a person typed into a form, with the messages for each way it can be wrong. */
export function emailAddressSchema(t: Translator['t']) {
  return z
    .string({ error: t('identity:errors.emailRequired') })
    .trim()
    .min(1, t('identity:errors.emailRequired'))
    .max(254, t('identity:errors.emailFormat'))
    .pipe(z.email(t('identity:errors.emailFormat')));
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// A hash of a fixed password, checked when the email is unknown so that timing does not tell who has an account.
const decoyHash = argon2Hash('plaza-decoy-password');

export function createIdentityService(deps: {
  db: Db;
  clock: Clock;
  codeSecret: string;
  sendCode: SignInCodeMailer;
  users: UserData;
}): IdentityService {
  const { db, clock, codeSecret, sendCode, users } = deps;
  const codeHash = (email: string, code: string): string =>
    createHmac('sha256', codeSecret)
      .update(`${normaliseEmail(email)}:${code}`)
      .digest('hex');

  return {
    users,

    async requestSignInCode(rawEmail, translator) {
      const email = normaliseEmail(rawEmail);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const { count } = await trx
          .selectFrom('sign_in_codes')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where(users.codeSentTo(email))
          .where('created_at', '>', new Date(now.getTime() - 3_600_000))
          .executeTakeFirstOrThrow();
        if (Number(count) >= MAX_CODES_PER_HOUR) {
          throw rateLimited('auth.too_many_codes', translator.t('identity:errors.tooManyCodes'));
        }
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await trx
          .insertInto('sign_in_codes')
          .values({
            id: randomUUID(),
            // The address itself is not kept: the code is found by its blind index.
            email: null,
            email_index: users.emailIndex(email),
            code_hash: codeHash(email, code),
            created_at: now,
            expires_at: new Date(now.getTime() + SIGN_IN_CODE_LIFETIME_MS),
          })
          .execute();
        await sendCode(trx, { email, code, language: translator.language });
      });
    },

    async verifySignInCode(rawEmail, rawCode, translator) {
      const email = normaliseEmail(rawEmail);
      const code = rawCode.replace(/\s/g, '');
      const now = clock.now();
      const wrong = (message: string): never => {
        throw invalid('auth.code_wrong', message, [{ field: 'code', href: '#code', message }]);
      };
      if (!/^\d{6}$/.test(code)) wrong(translator.t('identity:errors.codeFormat'));
      const pending = await db
        .selectFrom('sign_in_codes')
        .select(['id', 'code_hash', 'expires_at'])
        .where(users.codeSentTo(email))
        .where('used_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!pending || pending.expires_at <= now) return wrong(translator.t('identity:errors.codeExpired'));
      // Every attempt is counted, atomically, before the code is compared: guessing in parallel does not help.
      const counted = await db
        .updateTable('sign_in_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', pending.id)
        .where('attempts', '<', MAX_CODE_ATTEMPTS)
        .returning('attempts')
        .executeTakeFirst();
      if (!counted) return wrong(translator.t('identity:errors.codeTooManyAttempts'));
      const expected = Buffer.from(pending.code_hash, 'hex');
      const given = Buffer.from(codeHash(email, code), 'hex');
      if (!timingSafeEqual(expected, given)) return wrong(translator.t('identity:errors.codeWrong'));
      return db.transaction().execute(async (trx) => {
        const used = await trx
          .updateTable('sign_in_codes')
          .set({ used_at: now })
          .where('id', '=', pending.id)
          .where('used_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!used) return wrong(translator.t('identity:errors.codeExpired'));
        const existing = await trx
          .selectFrom('users')
          .select(['id', 'disabled_at'])
          .where('kind', '=', 'citizen')
          .where(users.hasEmail(email))
          .executeTakeFirst();
        if (existing?.disabled_at) return wrong(translator.t('identity:errors.accountDisabled'));
        const userId = existing?.id ?? randomUUID();
        if (existing) {
          await trx.updateTable('users').set({ last_signed_in_at: now }).where('id', '=', userId).execute();
        } else {
          await trx
            .insertInto('users')
            .values({
              id: userId,
              kind: 'citizen',
              ...users.sealEmail(userId, email),
              created_at: now,
              last_signed_in_at: now,
            })
            .execute();
        }
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: userId },
          action: 'auth.signed_in',
          subject: { type: 'user', id: userId },
          details: { method: 'email_code', newAccount: !existing },
        });
        return userId;
      });
    },

    async verifyStaffPassword(rawEmail, password, translator) {
      const email = normaliseEmail(rawEmail);
      const now = clock.now();
      const refuse = (): never => {
        const message = translator.t('identity:errors.passwordWrong');
        throw invalid('auth.password_wrong', message, [{ field: 'email', href: '#email', message }]);
      };
      const user = await db
        .selectFrom('users')
        .select(['id', 'password_hash', 'failed_sign_ins', 'locked_until', 'disabled_at'])
        .where('kind', '=', 'staff')
        .where(users.hasEmail(email))
        .executeTakeFirst();
      if (!user?.password_hash) {
        await argon2Verify(await decoyHash, password).catch(() => false);
        return refuse();
      }
      // A locked account answers exactly as a wrong password does (same message, same work), so neither
      // the lock nor the account's existence can be told from outside.
      if (user.locked_until && user.locked_until > now) {
        await argon2Verify(user.password_hash, password).catch(() => false);
        return refuse();
      }
      const matches = await argon2Verify(user.password_hash, password).catch(() => false);
      if (!matches || user.disabled_at) {
        await db.transaction().execute(async (trx) => {
          // Counted in the database, not from the value read above: guesses sent in parallel all count.
          const counted = await trx
            .updateTable('users')
            .set({
              failed_sign_ins: sql<number>`case when failed_sign_ins + 1 >= ${MAX_PASSWORD_FAILURES} then 0 else failed_sign_ins + 1 end`,
              locked_until: sql<Date | null>`case when failed_sign_ins + 1 >= ${MAX_PASSWORD_FAILURES} then ${new Date(now.getTime() + LOCKOUT_MS)}::timestamptz else locked_until end`,
            })
            .where('id', '=', user.id)
            .returning('locked_until')
            .executeTakeFirst();
          await appendAudit(trx, clock, {
            actor: { type: 'user', id: user.id },
            action: 'auth.sign_in_failed',
            subject: { type: 'user', id: user.id },
            details: { method: 'password', lockedOut: !!counted?.locked_until && counted.locked_until > now },
          });
        });
        return refuse();
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ last_signed_in_at: now, failed_sign_ins: 0, locked_until: null })
          .where('id', '=', user.id)
          .execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: user.id },
          action: 'auth.signed_in',
          subject: { type: 'user', id: user.id },
          details: { method: 'password' },
        });
      });
      return user.id;
    },

    async loadPrincipal(userId) {
      const user = await db
        .selectFrom('users')
        .select(['id', 'kind', 'email', 'name', 'disabled_at'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user || user.disabled_at) return undefined;
      let roles: RoleGrant[] = [];
      if (user.kind === 'staff') {
        roles = (
          await db
            .selectFrom('staff_roles')
            .select(['role', 'department_id'])
            .where('user_id', '=', userId)
            .execute()
        ).map((row) => ({ role: row.role, departmentId: row.department_id }));
      }
      return {
        id: user.id,
        kind: user.kind,
        email: users.openEmail(user.id, user.email),
        name: users.open('name', user.id, user.name),
        roles,
      };
    },

    async createStaffMember(input) {
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id,
            kind: 'staff',
            ...users.sealEmail(id, normaliseEmail(input.email)),
            name: users.seal('name', id, input.name),
            password_hash: await argon2Hash(input.password),
          })
          .execute();
        for (const grant of input.roles) {
          await trx
            .insertInto('staff_roles')
            .values({ id: randomUUID(), user_id: id, role: grant.role, department_id: grant.departmentId })
            .execute();
        }
        await appendAudit(trx, clock, {
          actor: input.actor ?? { type: 'system', id: null },
          action: 'staff.created',
          subject: { type: 'user', id },
          details: { roles: input.roles },
        });
      });
      return id;
    },

    async setStaffPassword(email, password) {
      const result = await db
        .updateTable('users')
        .set({ password_hash: await argon2Hash(password), failed_sign_ins: 0, locked_until: null })
        .where('kind', '=', 'staff')
        .where(users.hasEmail(email))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
