/**
 * A citizen's own account: their details (name and phone as they like; a new email address only once they
 * prove it is theirs with a code sent to it), the places they are signed in, and signing out of one of them
 * or of all. Every change is audited (by ids and field names, never the values) and an email change is
 * told to the old address too, so a stolen session cannot quietly take the account over.
 */
import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../database.js';
import { invalid, notFound, rateLimited } from '../../platform/errors.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit } from '../audit/index.js';
import { emailAddressSchema, normaliseEmail, type UserData } from '../identity/index.js';

export const EMAIL_CHANGE_CODE_LIFETIME_MS = 15 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const MAX_CODES_PER_HOUR = 5;

export interface Messages {
  t: Translator['t'];
  language: string;
}

export interface AccountDetails {
  email: string;
  name: string | null;
  phone: string | null;
  createdAt: Date;
}

export interface SignedInSession {
  /** Names the session in forms without revealing its key (a hash of the key). */
  handle: string;
  userAgent: string | null;
  ip: string | null;
  signedInAt: Date;
  lastActiveAt: Date;
  current: boolean;
}

export interface EmailChangeMailer {
  /** Queues the email with the code, to the new address, in the same transaction as the code. */
  code(trx: Db, message: { email: string; code: string; language: string }): Promise<void>;
  /** Queues the notice to the old address that the email address changed. */
  changed(trx: Db, message: { oldEmail: string; newEmail: string; language: string }): Promise<void>;
}

export interface AccountsService {
  details(userId: string): Promise<AccountDetails>;
  updateDetails(userId: string, input: { name: string | null; phone: string | null }): Promise<void>;
  /** The address waiting for its code, while the code is valid. */
  pendingEmailChange(userId: string): Promise<{ email: string; expiresAt: Date } | undefined>;
  requestEmailChange(userId: string, email: string, messages: Messages): Promise<void>;
  confirmEmailChange(userId: string, code: string, messages: Messages): Promise<string>;
  sessions(userId: string, currentSessionId: string | undefined): Promise<SignedInSession[]>;
  /** Ends one of the person's sessions (never the current one: that is signing out). */
  endSession(userId: string, handle: string, currentSessionId: string | undefined): Promise<boolean>;
  /** Ends every session of the person, this one included; returns how many. */
  endAllSessions(userId: string): Promise<number>;
}

/** Name and phone as a person types them into the details form. */
export function detailsSchema(t: Translator['t']) {
  // Either field may be left empty (it is then removed); what is typed is trimmed first.
  const optional = (check: (value: string) => boolean, message: string) =>
    z
      .string()
      .optional()
      .transform((value) => value?.trim() ?? '')
      .refine((value) => value === '' || check(value), message)
      .transform((value) => (value === '' ? null : value));
  return z.object({
    name: optional((name) => name.length <= 100, t('accounts:errors.nameTooLong')),
    phone: optional(
      (phone) =>
        phone.length <= 30 && /^\+?[0-9 ()\-.]+$/.test(phone) && phone.replace(/\D/g, '').length >= 6,
      t('accounts:errors.phoneFormat'),
    ),
  });
}

export function newEmailSchema(t: Translator['t']) {
  return z.object({ email: emailAddressSchema(t) });
}

export function sessionHandle(sessionId: string): string {
  return createHash('sha256').update(`session-handle:${sessionId}`).digest('base64url').slice(0, 22);
}

export function createAccountsService(deps: {
  db: Db;
  clock: Clock;
  codeSecret: string;
  mailer: EmailChangeMailer;
  /** How accounts' personal data is stored (identity's user-data.ts). */
  users: UserData;
}): AccountsService {
  const { db, clock, mailer, users } = deps;
  const codeHash = (userId: string, email: string, code: string): string =>
    createHmac('sha256', deps.codeSecret)
      .update(`${userId}:${normaliseEmail(email)}:${code}`)
      .digest('hex');

  async function citizen(userId: string) {
    const user = await db
      .selectFrom('users')
      .select(['email', 'name', 'phone', 'created_at'])
      .where('id', '=', userId)
      .where('kind', '=', 'citizen')
      .executeTakeFirst();
    if (!user) throw notFound('account.not_found', 'There is no such account.');
    return {
      email: users.openEmail(userId, user.email),
      name: users.open('name', userId, user.name),
      phone: users.open('phone', userId, user.phone),
      created_at: user.created_at,
    };
  }

  async function latestCode(userId: string) {
    const row = await db
      .selectFrom('email_changes')
      .select(['id', 'new_email', 'code_hash', 'expires_at'])
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && { ...row, new_email: users.openNewEmail(userId, row.new_email) };
  }

  return {
    async details(userId) {
      const user = await citizen(userId);
      return { email: user.email, name: user.name, phone: user.phone, createdAt: user.created_at };
    },

    async updateDetails(userId, input) {
      const before = await citizen(userId);
      const changed = (['name', 'phone'] as const).filter(
        (field) => (before[field] ?? null) !== input[field],
      );
      if (changed.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            name: users.seal('name', userId, input.name),
            phone: users.seal('phone', userId, input.phone),
          })
          .where('id', '=', userId)
          .execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: userId },
          action: 'account.details_changed',
          subject: { type: 'user', id: userId },
          details: { fields: changed },
        });
      });
    },

    async pendingEmailChange(userId) {
      const pending = await latestCode(userId);
      if (!pending || pending.expires_at <= clock.now()) return undefined;
      return { email: pending.new_email, expiresAt: pending.expires_at };
    },

    async requestEmailChange(userId, rawEmail, messages) {
      const email = normaliseEmail(rawEmail);
      const user = await citizen(userId);
      if (normaliseEmail(user.email) === email) {
        const message = messages.t('accounts:errors.emailSame');
        throw invalid('account.email_same', message, [{ field: 'email', href: '#email', message }]);
      }
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        // Serialises requests of one person, so the hourly count cannot be raced.
        await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().execute();
        const { count } = await trx
          .selectFrom('email_changes')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('user_id', '=', userId)
          .where('created_at', '>', new Date(now.getTime() - 3_600_000))
          .executeTakeFirstOrThrow();
        if (Number(count) >= MAX_CODES_PER_HOUR) {
          throw rateLimited('account.too_many_codes', messages.t('accounts:errors.tooManyCodes'));
        }
        // A new code replaces any earlier one.
        await trx
          .updateTable('email_changes')
          .set({ used_at: now })
          .where('user_id', '=', userId)
          .where('used_at', 'is', null)
          .execute();
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        await trx
          .insertInto('email_changes')
          .values({
            id: randomUUID(),
            user_id: userId,
            new_email: users.sealNewEmail(userId, email),
            code_hash: codeHash(userId, email, code),
            created_at: now,
            expires_at: new Date(now.getTime() + EMAIL_CHANGE_CODE_LIFETIME_MS),
          })
          .execute();
        await mailer.code(trx, { email, code, language: messages.language });
      });
    },

    async confirmEmailChange(userId, rawCode, messages) {
      const code = rawCode.replace(/\s/g, '');
      const now = clock.now();
      const wrong = (key: string): never => {
        const message = messages.t(key);
        throw invalid('account.code_wrong', message, [{ field: 'code', href: '#code', message }]);
      };
      if (!/^\d{6}$/.test(code)) return wrong('accounts:errors.codeFormat');
      const pending = await latestCode(userId);
      if (!pending || pending.expires_at <= now) return wrong('accounts:errors.codeExpired');
      // Counted before comparing, atomically: guesses sent in parallel all count.
      const counted = await db
        .updateTable('email_changes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', pending.id)
        .where('attempts', '<', MAX_CODE_ATTEMPTS)
        .returning('attempts')
        .executeTakeFirst();
      if (!counted) return wrong('accounts:errors.codeTooManyAttempts');
      const expected = Buffer.from(pending.code_hash, 'hex');
      const given = Buffer.from(codeHash(userId, pending.new_email, code), 'hex');
      if (!timingSafeEqual(expected, given)) return wrong('accounts:errors.codeWrong');
      try {
        return await db.transaction().execute(async (trx) => {
          const used = await trx
            .updateTable('email_changes')
            .set({ used_at: now })
            .where('id', '=', pending.id)
            .where('used_at', 'is', null)
            .returning('id')
            .executeTakeFirst();
          if (!used) return wrong('accounts:errors.codeExpired');
          const before = await trx
            .selectFrom('users')
            .select('email')
            .where('id', '=', userId)
            .executeTakeFirstOrThrow();
          const oldEmail = users.openEmail(userId, before.email);
          // Known only now that the person proved the address is theirs: whether another account uses it.
          const taken = await trx
            .selectFrom('users')
            .select('id')
            .where('kind', '=', 'citizen')
            .where('id', '!=', userId)
            .where(users.hasEmail(pending.new_email))
            .executeTakeFirst();
          if (taken) return wrong('accounts:errors.emailTaken');
          await trx
            .updateTable('users')
            .set(users.sealEmail(userId, pending.new_email))
            .where('id', '=', userId)
            .execute();
          await mailer.changed(trx, {
            oldEmail,
            newEmail: pending.new_email,
            language: messages.language,
          });
          await appendAudit(trx, clock, {
            actor: { type: 'user', id: userId },
            action: 'account.email_changed',
            subject: { type: 'user', id: userId },
          });
          return pending.new_email;
        });
      } catch (error) {
        // Another account took the address between the check and the change.
        if ((error as { code?: unknown }).code === '23505') return wrong('accounts:errors.emailTaken');
        throw error;
      }
    },

    async sessions(userId, currentSessionId) {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'user_agent', 'ip', 'created_at', 'updated_at'])
        .where('user_id', '=', userId)
        .where('expires_at', '>', clock.now())
        .orderBy('updated_at', 'desc')
        .execute();
      return rows
        .map((row) => ({
          handle: sessionHandle(row.id),
          userAgent: row.user_agent,
          ip: row.ip,
          signedInAt: row.created_at,
          lastActiveAt: row.updated_at,
          current: row.id === currentSessionId,
        }))
        .sort((a, b) => Number(b.current) - Number(a.current));
    },

    async endSession(userId, handle, currentSessionId) {
      const rows = await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
      const target = rows.find((row) => sessionHandle(row.id) === handle && row.id !== currentSessionId);
      if (!target) return false;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('id', '=', target.id).where('user_id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: userId },
          action: 'auth.session_ended',
          subject: { type: 'user', id: userId },
        });
      });
      return true;
    },

    async endAllSessions(userId) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
        const ended = Number(result.numDeletedRows);
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: userId },
          action: 'auth.signed_out_everywhere',
          subject: { type: 'user', id: userId },
          details: { sessions: ended },
        });
        return ended;
      });
    },
  };
}

/** A short description of the browser and system a user agent string names, for people. */
export function describeUserAgent(userAgent: string | null): { browser?: string; system?: string } {
  if (!userAgent) return {};
  const browsers: [RegExp, string][] = [
    [/Edg(e|A|iOS)?\//, 'Microsoft Edge'],
    [/OPR\/|Opera/, 'Opera'],
    [/SamsungBrowser\//, 'Samsung Internet'],
    [/Firefox\/|FxiOS\//, 'Firefox'],
    [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
    [/Version\/[\d.]+.*Safari\//, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Android/, 'Android'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  return {
    browser: browsers.find(([pattern]) => pattern.test(userAgent))?.[1],
    system: systems.find(([pattern]) => pattern.test(userAgent))?.[1],
  };
}
