/**
 * Second factors: staff prove a sign-in with an authenticator app (TOTP), a passkey or a one-time recovery
 * code after their password; citizens may sign in with a passkey alone. A staff sign-in waiting for its
 * second factor is a challenge row that counts every attempt atomically (guesses sent in parallel all
 * count) and ends after five wrong ones; an account with fifteen wrong ones in an hour, over however many
 * sign-ins, waits (knowing the password buys no more guesses). Enrolment, every
 * use, every failure and every recovery code used is in the audit log, in the transaction of the change,
 * with ids only.
 */
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { Secret, TOTP } from 'otpauth';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../database.js';
import { isUuid } from '../../platform/errors.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, type Actor } from '../audit/index.js';
import {
  deriveKey,
  newRecoveryCodes,
  normaliseRecoveryCode,
  open,
  recoveryCodeHash,
  seal,
} from './factor-secrets.js';

/** Wrong codes a pending sign-in may take before the person must start again from their password. */
export const MAX_ATTEMPTS = 5;
/** Wrong codes an account may take in an hour, over all its sign-ins, before it waits. */
export const MAX_FAILURES_PER_HOUR = 3 * MAX_ATTEMPTS;
// Serialises attempts at one account's second factor (with the user id's hash as the second key).
const ATTEMPT_LOCK_KEY = 7_072_003;
/** How long a pending sign-in waits for its second factor (time enough to install an authenticator app). */
export const CHALLENGE_LIFETIME_MS = 30 * 60_000;
/** How long the browser may take over a passkey ceremony. */
export const WEBAUTHN_TIMEOUT_MS = 5 * 60_000;
const TOTP_PERIOD_SECONDS = 30;
const PENDING_TOTP_LIFETIME_MS = 24 * 3_600_000;
// EdDSA, ES256, RS256: what authenticators in use offer (post-quantum algorithms are left out until they do).
const SUPPORTED_ALGORITHMS = [-8, -7, -257];

export type StaffMfa = 'required' | 'optional';
export type SecondFactor = 'totp' | 'passkey' | 'recovery_code';

export interface RelyingParty {
  /** The site's host name (a passkey belongs to it). */
  id: string;
  /** Shown by the authenticator. */
  name: string;
  /** Where the browser says the ceremony took place: scheme, host and port. */
  origin: string;
}

export interface PasskeySummary {
  id: string;
  name: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  /** Synced to the person's other devices by their password manager or platform. */
  synced: boolean;
}

export interface FactorStatus {
  totp: boolean;
  passkeys: PasskeySummary[];
  recoveryCodesLeft: number;
  /** Any factor that proves a sign-in (a recovery code alone does not count). */
  hasFactor: boolean;
}

export type ChallengeState = 'open' | 'verified' | 'exhausted' | 'expired' | 'missing';

/** What came of one attempt at a pending sign-in's second factor. */
export type Attempt =
  | { ok: true; remainingRecoveryCodes?: number }
  /** Try again: the code was not right, already used, or not shaped like a code (not counted). */
  | { ok: false; reason: 'wrong' | 'reused' | 'format' }
  /** Start again from the password (`locked`: after waiting an hour). */
  | { ok: false; reason: 'exhausted' | 'expired' | 'locked' };

export type Enrolment =
  | {
      ok: true;
      /** Shown once: the person's first factor comes with recovery codes. */ recoveryCodes?: string[];
    }
  | { ok: false; reason: 'wrong' | 'format' | 'not_started' | 'already_enrolled' | 'expired' | 'duplicate' };

export interface SecondFactorsService {
  /** Whether a person who just proved their password must also prove a second factor. */
  required(identity: { userId: string; kind: 'citizen' | 'staff' }): Promise<boolean>;
  status(userId: string): Promise<FactorStatus>;

  /** A new pending sign-in, or `locked` when the account ran out of attempts too often this hour. */
  startChallenge(userId: string): Promise<{ id: string } | { locked: true }>;
  challengeState(challengeId: string, userId: string): Promise<ChallengeState>;
  /** Marks a verified challenge used; true once, for the request that may grant the session. */
  completeChallenge(challengeId: string, userId: string): Promise<boolean>;

  /** The authenticator app being set up (the same secret until it is confirmed or a day has passed). */
  totpEnrolment(userId: string, label: string): Promise<{ secret: string; uri: string }>;
  /** Confirms the app being set up with a code from it; during sign-in `challengeId` is verified with it. */
  confirmTotp(userId: string, code: string, challengeId?: string): Promise<Enrolment>;
  verifyTotp(challengeId: string, userId: string, code: string): Promise<Attempt>;
  useRecoveryCode(challengeId: string, userId: string, code: string): Promise<Attempt>;
  /** Ten new codes replace every old one. */
  regenerateRecoveryCodes(userId: string): Promise<string[]>;

  registrationOptions(
    user: { id: string; email: string; name: string | null },
    kind: 'citizen' | 'staff',
  ): Promise<PublicKeyCredentialCreationOptionsJSON>;
  registerPasskey(input: {
    userId: string;
    response: unknown;
    expectedChallenge: string;
    name: string | null;
    challengeId?: string;
  }): Promise<Enrolment & { passkeyId?: string }>;
  /** For one person's passkeys, or (no user) any passkey the browser holds for this site. */
  authenticationOptions(userId?: string): Promise<PublicKeyCredentialRequestOptionsJSON>;
  verifyPasskey(input: {
    challengeId: string;
    userId: string;
    response: unknown;
    expectedChallenge: string;
  }): Promise<Attempt>;
  /** A citizen's passkey sign-in: their id when the assertion is theirs and valid. */
  signInWithPasskey(response: unknown, expectedChallenge: string): Promise<string | undefined>;
  removePasskey(userId: string, passkeyId: string): Promise<'removed' | 'not_found' | 'last_factor'>;
  /** Removes every factor (an administrator's help for someone who lost them); they enrol at next sign-in. */
  resetFactors(userId: string, actor: Actor): Promise<void>;
  /** Deletes pending sign-ins and unconfirmed apps older than a day. */
  deleteStale(): Promise<number>;
}

// The browser's JSON, checked for shape before the library reads it; the library checks the rest.
const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const credentialBase = {
  id: base64url.min(1).max(1_366),
  rawId: base64url.min(1).max(1_366),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
};
const registrationSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});
const authenticationSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

/** The WebAuthn user handle: the person's id as 16 bytes, never their email. */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

export function createSecondFactorsService(deps: {
  db: Db;
  clock: Clock;
  /** The deployment secret: the keys for TOTP secrets and recovery codes are derived from it. */
  secret: string;
  relyingParty: RelyingParty;
  staffMfa: StaffMfa;
}): SecondFactorsService {
  const { db, clock, relyingParty } = deps;
  const totpKey = deriveKey(deps.secret, 'totp-secrets');
  const recoveryKey = deriveKey(deps.secret, 'recovery-codes');
  const userActor = (userId: string): Actor => ({ type: 'user', id: userId });
  const subject = (userId: string) => ({ type: 'user', id: userId });

  const totp = (secret: string, label = '') =>
    new TOTP({
      issuer: relyingParty.name,
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: TOTP_PERIOD_SECONDS,
      secret: Secret.fromBase32(secret),
    });

  /** The time step a code belongs to, or undefined when it is not one of the app's (±30 seconds). */
  function totpStep(secret: string, code: string): number | undefined {
    const now = clock.now().getTime();
    const delta = totp(secret).validate({ token: code, timestamp: now, window: 1 });
    if (delta === null) return undefined;
    return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
  }

  async function hasFactor(trx: Db, userId: string): Promise<boolean> {
    const found = await trx
      .selectFrom('totp_factors')
      .select('id')
      .where('user_id', '=', userId)
      .where('confirmed_at', 'is not', null)
      .unionAll(trx.selectFrom('webauthn_credentials').select('id').where('user_id', '=', userId))
      .limit(1)
      .executeTakeFirst();
    return found !== undefined;
  }

  async function unusedRecoveryCodes(trx: Db, userId: string): Promise<number> {
    const { count } = await trx
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  async function replaceRecoveryCodes(trx: Db, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await trx
      .insertInto('recovery_codes')
      .values(
        codes.map((code) => ({
          id: randomUUID(),
          user_id: userId,
          code_hash: recoveryCodeHash(recoveryKey, normaliseRecoveryCode(code) as string),
          created_at: clock.now(),
        })),
      )
      .execute();
    await appendAudit(trx, clock, {
      actor: userActor(userId),
      action: 'auth.recovery_codes_generated',
      subject: subject(userId),
      details: { count: codes.length },
    });
    return codes;
  }

  /** A staff member's first factor comes with recovery codes (and so does one who has used them all). */
  async function recoveryCodesForNewFactor(trx: Db, userId: string): Promise<string[] | undefined> {
    const user = await trx.selectFrom('users').select('kind').where('id', '=', userId).executeTakeFirst();
    if (user?.kind !== 'staff') return undefined;
    return (await unusedRecoveryCodes(trx, userId)) === 0 ? replaceRecoveryCodes(trx, userId) : undefined;
  }

  // A verified challenge's last counted attempt was the right one (and enrolment counts none).
  const wrongAttempts = sql<number>`greatest(attempts - (verified_at is not null)::int, 0)`;

  /** Wrong attempts at this account's second factor in the last hour, over all its sign-ins. */
  async function failuresThisHour(trx: Db, userId: string): Promise<number> {
    const { failures } = await trx
      .selectFrom('second_factor_challenges')
      .select(sql<number>`coalesce(sum(${wrongAttempts}), 0)`.as('failures'))
      .where('user_id', '=', userId)
      .where('created_at', '>', new Date(clock.now().getTime() - 3_600_000))
      .executeTakeFirstOrThrow();
    return Number(failures);
  }

  async function challengeStateIn(trx: Db, challengeId: string, userId: string): Promise<ChallengeState> {
    if (!isUuid(challengeId)) return 'missing';
    const row = await trx
      .selectFrom('second_factor_challenges')
      .select(['attempts', 'expires_at', 'verified_at', 'completed_at'])
      .where('id', '=', challengeId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return 'missing';
    if (row.completed_at) return 'expired';
    if (row.verified_at) return 'verified';
    if (row.expires_at <= clock.now()) return 'expired';
    return row.attempts >= MAX_ATTEMPTS ? 'exhausted' : 'open';
  }

  /**
   * Counts an attempt before the factor is checked, so that attempts sent in parallel all count; the
   * number of this attempt, or why none may be made.
   */
  async function countAttempt(
    trx: Db,
    challengeId: string,
    userId: string,
  ): Promise<{ attempt: number } | { ok: false; reason: 'exhausted' | 'expired' | 'locked' }> {
    if (!isUuid(challengeId)) return { ok: false, reason: 'expired' };
    // One account's attempts, in any number of sign-ins, are counted one at a time against its hourly budget.
    await sql`select pg_advisory_xact_lock(${ATTEMPT_LOCK_KEY}, hashtext(${userId}))`.execute(trx);
    if ((await failuresThisHour(trx, userId)) >= MAX_FAILURES_PER_HOUR)
      return { ok: false, reason: 'locked' };
    const counted = await trx
      .updateTable('second_factor_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', challengeId)
      .where('user_id', '=', userId)
      .where('verified_at', 'is', null)
      .where('completed_at', 'is', null)
      .where('expires_at', '>', clock.now())
      .where('attempts', '<', MAX_ATTEMPTS)
      .returning('attempts')
      .executeTakeFirst();
    if (counted) return { attempt: counted.attempts };
    const state = await challengeStateIn(trx, challengeId, userId);
    return { ok: false, reason: state === 'exhausted' ? 'exhausted' : 'expired' };
  }

  async function failed(
    trx: Db,
    userId: string,
    factor: SecondFactor,
    attempt: number,
    reason: 'wrong' | 'reused' = 'wrong',
  ): Promise<Attempt> {
    const exhausted = attempt >= MAX_ATTEMPTS;
    await appendAudit(trx, clock, {
      actor: userActor(userId),
      action: 'auth.second_factor_failed',
      subject: subject(userId),
      details: { factor, attempt, exhausted },
    });
    return { ok: false, reason: exhausted ? 'exhausted' : reason };
  }

  async function verified(trx: Db, challengeId: string, userId: string, factor: SecondFactor): Promise<void> {
    await trx
      .updateTable('second_factor_challenges')
      .set({ verified_at: clock.now() })
      .where('id', '=', challengeId)
      .execute();
    if (factor !== 'recovery_code') {
      await appendAudit(trx, clock, {
        actor: userActor(userId),
        action: 'auth.second_factor_used',
        subject: subject(userId),
        details: { factor },
      });
    }
  }

  /** During sign-in, enrolment is only for someone with no factor yet, in an open pending sign-in. */
  async function enrolmentRefused(
    trx: Db,
    userId: string,
    challengeId: string | undefined,
  ): Promise<Enrolment | undefined> {
    if (challengeId === undefined) return undefined;
    if ((await challengeStateIn(trx, challengeId, userId)) !== 'open')
      return { ok: false, reason: 'expired' };
    if (await hasFactor(trx, userId)) return { ok: false, reason: 'already_enrolled' };
    return undefined;
  }

  return {
    async required(identity) {
      if (identity.kind !== 'staff') return false;
      return deps.staffMfa === 'required' || hasFactor(db, identity.userId);
    },

    async status(userId) {
      const totpRow = await db
        .selectFrom('totp_factors')
        .select('id')
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .executeTakeFirst();
      const passkeys = await db
        .selectFrom('webauthn_credentials')
        .select(['id', 'name', 'created_at', 'last_used_at', 'backed_up'])
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .execute();
      return {
        totp: totpRow !== undefined,
        passkeys: passkeys.map((row) => ({
          id: row.id,
          name: row.name,
          createdAt: row.created_at,
          lastUsedAt: row.last_used_at,
          synced: row.backed_up,
        })),
        recoveryCodesLeft: await unusedRecoveryCodes(db, userId),
        hasFactor: totpRow !== undefined || passkeys.length > 0,
      };
    },

    async startChallenge(userId) {
      const now = clock.now();
      if ((await failuresThisHour(db, userId)) >= MAX_FAILURES_PER_HOUR) return { locked: true };
      const id = randomUUID();
      await db
        .insertInto('second_factor_challenges')
        .values({
          id,
          user_id: userId,
          created_at: now,
          expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
        })
        .execute();
      return { id };
    },

    challengeState: (challengeId, userId) => challengeStateIn(db, challengeId, userId),

    async completeChallenge(challengeId, userId) {
      if (!isUuid(challengeId)) return false;
      const done = await db
        .updateTable('second_factor_challenges')
        .set({ completed_at: clock.now() })
        .where('id', '=', challengeId)
        .where('user_id', '=', userId)
        .where('verified_at', 'is not', null)
        .where('completed_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      return done !== undefined;
    },

    async totpEnrolment(userId, label) {
      const now = clock.now();
      const pending = await db
        .selectFrom('totp_factors')
        .select(['id', 'secret_ciphertext', 'created_at'])
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      // Reloading the page keeps the secret the person may already have scanned.
      let secret =
        pending && pending.created_at.getTime() + PENDING_TOTP_LIFETIME_MS > now.getTime()
          ? open(totpKey, pending.secret_ciphertext, userId)
          : undefined;
      if (!secret) {
        secret = new Secret({ size: 20 }).base32;
        const sealed = seal(totpKey, secret, userId);
        await db.transaction().execute(async (trx) => {
          await trx
            .deleteFrom('totp_factors')
            .where('user_id', '=', userId)
            .where('confirmed_at', 'is', null)
            .execute();
          await trx
            .insertInto('totp_factors')
            .values({ id: randomUUID(), user_id: userId, secret_ciphertext: sealed, created_at: now })
            .execute();
        });
      }
      return { secret, uri: totp(secret, label).toString() };
    },

    async confirmTotp(userId, rawCode, challengeId) {
      const code = rawCode.replace(/\s/g, '');
      if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'format' };
      return db.transaction().execute(async (trx): Promise<Enrolment> => {
        const refused = await enrolmentRefused(trx, userId, challengeId);
        if (refused) return refused;
        const pending = await trx
          .selectFrom('totp_factors')
          .select(['id', 'secret_ciphertext'])
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is', null)
          .executeTakeFirst();
        const secret = pending && open(totpKey, pending.secret_ciphertext, userId);
        if (!pending || !secret) return { ok: false, reason: 'not_started' };
        const step = totpStep(secret, code);
        if (step === undefined) return { ok: false, reason: 'wrong' };
        const replaced = await trx
          .deleteFrom('totp_factors')
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is not', null)
          .executeTakeFirst();
        await trx
          .updateTable('totp_factors')
          .set({ confirmed_at: clock.now(), last_used_step: step })
          .where('id', '=', pending.id)
          .execute();
        await appendAudit(trx, clock, {
          actor: userActor(userId),
          action: 'auth.second_factor_enrolled',
          subject: subject(userId),
          details: { factor: 'totp', replaced: Number(replaced.numDeletedRows) > 0 },
        });
        const recoveryCodes = await recoveryCodesForNewFactor(trx, userId);
        if (challengeId !== undefined) await verified(trx, challengeId, userId, 'totp');
        return { ok: true, recoveryCodes };
      });
    },

    async verifyTotp(challengeId, userId, rawCode) {
      const code = rawCode.replace(/\s/g, '');
      if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'format' };
      return db.transaction().execute(async (trx): Promise<Attempt> => {
        const counted = await countAttempt(trx, challengeId, userId);
        if (!('attempt' in counted)) return counted;
        const factor = await trx
          .selectFrom('totp_factors')
          .select(['id', 'secret_ciphertext'])
          .where('user_id', '=', userId)
          .where('confirmed_at', 'is not', null)
          .executeTakeFirst();
        const secret = factor && open(totpKey, factor.secret_ciphertext, userId);
        const step = secret ? totpStep(secret, code) : undefined;
        if (!factor || step === undefined) return failed(trx, userId, 'totp', counted.attempt);
        // A code is accepted once: one seen over someone's shoulder, or replayed, is worthless.
        const fresh = await trx
          .updateTable('totp_factors')
          .set({ last_used_step: step })
          .where('id', '=', factor.id)
          .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
          .returning('id')
          .executeTakeFirst();
        if (!fresh) return failed(trx, userId, 'totp', counted.attempt, 'reused');
        await verified(trx, challengeId, userId, 'totp');
        return { ok: true };
      });
    },

    async useRecoveryCode(challengeId, userId, rawCode) {
      const code = normaliseRecoveryCode(rawCode);
      if (!code) return { ok: false, reason: 'format' };
      return db.transaction().execute(async (trx): Promise<Attempt> => {
        const counted = await countAttempt(trx, challengeId, userId);
        if (!('attempt' in counted)) return counted;
        const used = await trx
          .updateTable('recovery_codes')
          .set({ used_at: clock.now() })
          .where('user_id', '=', userId)
          .where('code_hash', '=', recoveryCodeHash(recoveryKey, code))
          .where('used_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!used) return failed(trx, userId, 'recovery_code', counted.attempt);
        const remaining = await unusedRecoveryCodes(trx, userId);
        await verified(trx, challengeId, userId, 'recovery_code');
        await appendAudit(trx, clock, {
          actor: userActor(userId),
          action: 'auth.recovery_code_used',
          subject: subject(userId),
          details: { recoveryCode: used.id, remaining },
        });
        return { ok: true, remainingRecoveryCodes: remaining };
      });
    },

    async regenerateRecoveryCodes(userId) {
      return db.transaction().execute((trx) => replaceRecoveryCodes(trx, userId));
    },

    async registrationOptions(user, kind) {
      const existing = await db
        .selectFrom('webauthn_credentials')
        .select(['credential_id', 'transports'])
        .where('user_id', '=', user.id)
        .execute();
      return generateRegistrationOptions({
        rpName: relyingParty.name,
        rpID: relyingParty.id,
        userName: user.email,
        userDisplayName: user.name ?? user.email,
        userID: userHandle(user.id),
        timeout: WEBAUTHN_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: existing.map((row) => ({ id: row.credential_id, transports: row.transports })),
        // A citizen signs in with the passkey alone, so the authenticator must remember who it is for.
        authenticatorSelection: {
          residentKey: kind === 'citizen' ? 'required' : 'preferred',
          userVerification: 'preferred',
        },
        supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
      });
    },

    async registerPasskey(input) {
      const parsed = registrationSchema.safeParse(input.response);
      if (!parsed.success) return { ok: false, reason: 'wrong' };
      let registration;
      try {
        registration = await verifyRegistrationResponse({
          response: parsed.data,
          expectedChallenge: input.expectedChallenge,
          expectedOrigin: relyingParty.origin,
          expectedRPID: relyingParty.id,
          requireUserVerification: false,
          supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
        });
      } catch {
        return { ok: false, reason: 'wrong' };
      }
      if (!registration.verified) return { ok: false, reason: 'wrong' };
      const info = registration.registrationInfo;
      const { userId } = input;
      return db.transaction().execute(async (trx): Promise<Enrolment & { passkeyId?: string }> => {
        const refused = await enrolmentRefused(trx, userId, input.challengeId);
        if (refused) return refused;
        const passkeyId = randomUUID();
        const inserted = await trx
          .insertInto('webauthn_credentials')
          .values({
            id: passkeyId,
            user_id: userId,
            credential_id: info.credential.id,
            public_key: Buffer.from(info.credential.publicKey),
            sign_count: info.credential.counter,
            transports: JSON.stringify(info.credential.transports ?? []),
            device_type: info.credentialDeviceType,
            backed_up: info.credentialBackedUp,
            name: input.name,
            created_at: clock.now(),
          })
          .onConflict((conflict) => conflict.column('credential_id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) return { ok: false, reason: 'duplicate' };
        const owner = await trx
          .selectFrom('users')
          .select('kind')
          .where('id', '=', userId)
          .executeTakeFirst();
        await appendAudit(trx, clock, {
          actor: userActor(userId),
          // For staff a passkey is a second factor; for citizens, a way to sign in.
          action: owner?.kind === 'staff' ? 'auth.second_factor_enrolled' : 'auth.passkey_added',
          subject: subject(userId),
          details: { factor: 'passkey', passkey: passkeyId },
        });
        const recoveryCodes = await recoveryCodesForNewFactor(trx, userId);
        if (input.challengeId !== undefined) await verified(trx, input.challengeId, userId, 'passkey');
        return { ok: true, passkeyId, recoveryCodes };
      });
    },

    async authenticationOptions(userId) {
      const credentials = userId
        ? await db
            .selectFrom('webauthn_credentials')
            .select(['credential_id', 'transports'])
            .where('user_id', '=', userId)
            .execute()
        : [];
      return generateAuthenticationOptions({
        rpID: relyingParty.id,
        timeout: WEBAUTHN_TIMEOUT_MS,
        userVerification: 'preferred',
        allowCredentials: credentials.map((row) => ({ id: row.credential_id, transports: row.transports })),
      });
    },

    async verifyPasskey(input) {
      const { challengeId, userId } = input;
      const parsed = authenticationSchema.safeParse(input.response);
      return db.transaction().execute(async (trx): Promise<Attempt> => {
        const counted = await countAttempt(trx, challengeId, userId);
        if (!('attempt' in counted)) return counted;
        const credential = parsed.success
          ? await trx
              .selectFrom('webauthn_credentials')
              .select(['id', 'credential_id', 'public_key', 'sign_count', 'transports'])
              .where('credential_id', '=', parsed.data.id)
              .where('user_id', '=', userId)
              .executeTakeFirst()
          : undefined;
        const newCount =
          parsed.success && credential
            ? await checkAssertion(parsed.data, credential, input.expectedChallenge)
            : undefined;
        if (!credential || newCount === undefined) return failed(trx, userId, 'passkey', counted.attempt);
        await trx
          .updateTable('webauthn_credentials')
          .set({ sign_count: newCount, last_used_at: clock.now() })
          .where('id', '=', credential.id)
          .execute();
        await verified(trx, challengeId, userId, 'passkey');
        return { ok: true };
      });
    },

    async signInWithPasskey(response, expectedChallenge) {
      const parsed = authenticationSchema.safeParse(response);
      if (!parsed.success) return undefined;
      const credential = await db
        .selectFrom('webauthn_credentials')
        .innerJoin('users', 'users.id', 'webauthn_credentials.user_id')
        .select([
          'webauthn_credentials.id',
          'webauthn_credentials.credential_id',
          'webauthn_credentials.public_key',
          'webauthn_credentials.sign_count',
          'webauthn_credentials.transports',
          'users.id as user_id',
          'users.disabled_at',
        ])
        .where('webauthn_credentials.credential_id', '=', parsed.data.id)
        .where('users.kind', '=', 'citizen')
        .executeTakeFirst();
      // A passkey this site does not know (removed, or another site's) signs nobody in.
      if (!credential) return undefined;
      const handle = parsed.data.response.userHandle;
      const handleMatches =
        handle === undefined || handle === Buffer.from(userHandle(credential.user_id)).toString('base64url');
      const newCount =
        handleMatches && !credential.disabled_at
          ? await checkAssertion(parsed.data, credential, expectedChallenge)
          : undefined;
      return db.transaction().execute(async (trx) => {
        const userId = credential.user_id;
        if (newCount === undefined) {
          await appendAudit(trx, clock, {
            actor: userActor(userId),
            action: 'auth.sign_in_failed',
            subject: subject(userId),
            details: { method: 'passkey', passkey: credential.id },
          });
          return undefined;
        }
        const now = clock.now();
        await trx
          .updateTable('webauthn_credentials')
          .set({ sign_count: newCount, last_used_at: now })
          .where('id', '=', credential.id)
          .execute();
        await trx.updateTable('users').set({ last_signed_in_at: now }).where('id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor: userActor(userId),
          action: 'auth.signed_in',
          subject: subject(userId),
          details: { method: 'passkey', passkey: credential.id },
        });
        return userId;
      });
    },

    async removePasskey(userId, passkeyId) {
      if (!isUuid(passkeyId)) return 'not_found';
      return db
        .transaction()
        .execute(async (trx) => {
          const passkey = await trx
            .selectFrom('webauthn_credentials')
            .innerJoin('users', 'users.id', 'webauthn_credentials.user_id')
            .select(['webauthn_credentials.id', 'users.kind'])
            .where('webauthn_credentials.id', '=', passkeyId)
            .where('webauthn_credentials.user_id', '=', userId)
            .executeTakeFirst();
          if (!passkey) return 'not_found';
          await trx.deleteFrom('webauthn_credentials').where('id', '=', passkeyId).execute();
          // Staff who must use a second factor keep at least one.
          if (passkey.kind === 'staff' && deps.staffMfa === 'required' && !(await hasFactor(trx, userId))) {
            throw new KeepLastFactor();
          }
          await appendAudit(trx, clock, {
            actor: userActor(userId),
            action: 'auth.passkey_removed',
            subject: subject(userId),
            details: { passkey: passkeyId },
          });
          return 'removed';
        })
        .catch((error: unknown) => {
          if (error instanceof KeepLastFactor) return 'last_factor';
          throw error;
        });
    },

    async resetFactors(userId, actor) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('totp_factors').where('user_id', '=', userId).execute();
        await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
        await trx.deleteFrom('webauthn_credentials').where('user_id', '=', userId).execute();
        // Whoever holds the lost phone or key may also hold a signed-in browser.
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor,
          action: 'auth.second_factors_reset',
          subject: subject(userId),
        });
      });
    },

    async deleteStale() {
      const dayAgo = new Date(clock.now().getTime() - 24 * 3_600_000);
      const challenges = await db
        .deleteFrom('second_factor_challenges')
        .where('created_at', '<', dayAgo)
        .executeTakeFirst();
      const apps = await db
        .deleteFrom('totp_factors')
        .where('confirmed_at', 'is', null)
        .where('created_at', '<', dayAgo)
        .executeTakeFirst();
      return Number(challenges.numDeletedRows) + Number(apps.numDeletedRows);
    },
  };

  /** The authenticator's new signature count when the assertion is valid; undefined otherwise. */
  async function checkAssertion(
    response: AuthenticationResponseJSON,
    credential: { credential_id: string; public_key: Uint8Array; sign_count: number; transports: string[] },
    expectedChallenge: string,
  ): Promise<number | undefined> {
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: relyingParty.origin,
        expectedRPID: relyingParty.id,
        credential: {
          id: credential.credential_id,
          publicKey: new Uint8Array(credential.public_key),
          counter: credential.sign_count,
          transports: credential.transports,
        },
        requireUserVerification: false,
      });
      return result.verified ? result.authenticationInfo.newCounter : undefined;
    } catch {
      // A bad signature, another site's origin, a replayed challenge or a counter gone backwards (a cloned
      // authenticator): all the same to the person, a failed attempt.
      return undefined;
    }
  }
}

/** Rolls back the removal of a staff member's last second factor. */
class KeepLastFactor extends Error {}
