/**
 * Administrators manage staff accounts: create them, grant and remove roles by department, disable and
 * re-enable them, reset passwords. Every change is in the audit log with the administrator as its actor.
 * An administrator cannot lock themselves (or everyone) out: the last administrator keeps the role.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hash as argon2Hash } from '@node-rs/argon2';
import type { Db } from '../../database.js';
import type { Principal } from '../../platform/auth/principal.js';
import { conflict, invalid, notFound, isUuid } from '../../platform/errors.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit } from '../audit/index.js';
import { normaliseEmail, type IdentityService, type StaffRole } from '../identity/index.js';

export interface StaffMember {
  id: string;
  name: string | null;
  email: string;
  disabled: boolean;
  lastSignedInAt: Date | null;
  roles: { id: string; role: StaffRole; departmentId: string | null }[];
}

/** A password an administrator reads out or sends once; the staff member changes it with their factor set. */
function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

export function createStaffAdminService(deps: {
  db: Db;
  clock: Clock;
  identity: IdentityService;
  t: () => Translator['t'];
  /** Removes a staff member's second factors and signs them out (the second-factors module). */
  resetSecondFactors: (userId: string, actor: { type: 'user'; id: string }) => Promise<void>;
}) {
  const { db, clock } = deps;
  const users = deps.identity.users;

  async function member(id: string): Promise<StaffMember> {
    const user = isUuid(id)
      ? await db
          .selectFrom('users')
          .select(['id', 'name', 'email', 'disabled_at', 'last_signed_in_at'])
          .where('id', '=', id)
          .where('kind', '=', 'staff')
          .executeTakeFirst()
      : undefined;
    if (!user) throw notFound('staff.not_found', deps.t()('staffAdmin:errors.notFound'));
    const roles = await db
      .selectFrom('staff_roles')
      .select(['id', 'role', 'department_id'])
      .where('user_id', '=', id)
      .orderBy('created_at')
      .execute();
    return {
      id: user.id,
      name: users.open('name', user.id, user.name),
      email: users.openEmail(user.id, user.email),
      disabled: user.disabled_at !== null,
      lastSignedInAt: user.last_signed_in_at,
      roles: roles.map((row) => ({ id: row.id, role: row.role, departmentId: row.department_id })),
    };
  }

  /** Administrators still able to administer if `except` were taken away. */
  async function otherActiveAdmins(trx: Db, except: { userId?: string; grantId?: string }): Promise<number> {
    const { count } = await trx
      .selectFrom('staff_roles')
      .innerJoin('users', 'users.id', 'staff_roles.user_id')
      .select((eb) => eb.fn.count<number>('users.id').distinct().as('count'))
      .where('staff_roles.role', '=', 'admin')
      .where('users.disabled_at', 'is', null)
      .$if(!!except.userId, (query) => query.where('users.id', '!=', except.userId as string))
      .$if(!!except.grantId, (query) => query.where('staff_roles.id', '!=', except.grantId as string))
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  return {
    member,

    async list(): Promise<StaffMember[]> {
      const staff = await db
        .selectFrom('users')
        .select(['id', 'name', 'email', 'disabled_at', 'last_signed_in_at'])
        .where('kind', '=', 'staff')
        .execute();
      const roles = await db
        .selectFrom('staff_roles')
        .select(['id', 'user_id', 'role', 'department_id'])
        .orderBy('created_at')
        .execute();
      // Names are encrypted, so the list is sorted once they are read (no name last).
      return staff
        .map((user) => ({
          id: user.id,
          name: users.open('name', user.id, user.name),
          email: users.openEmail(user.id, user.email),
          disabled: user.disabled_at !== null,
          lastSignedInAt: user.last_signed_in_at,
          roles: roles
            .filter((role) => role.user_id === user.id)
            .map((row) => ({ id: row.id, role: row.role, departmentId: row.department_id })),
        }))
        .sort((a, b) =>
          a.name === null || b.name === null
            ? Number(a.name === null) - Number(b.name === null)
            : a.name.localeCompare(b.name),
        );
    },

    /** Creates an account and returns it with a temporary password to hand over once. */
    async create(
      admin: Principal,
      input: { name: string; email: string; role: StaffRole; departmentId: string | null },
    ) {
      const email = normaliseEmail(input.email);
      const existing = await db
        .selectFrom('users')
        .select('id')
        .where('kind', '=', 'staff')
        .where(users.hasEmail(email))
        .executeTakeFirst();
      if (existing) {
        const message = deps.t()('staffAdmin:errors.emailTaken');
        throw invalid('staff.email_taken', message, [{ field: 'email', href: '#email', message }]);
      }
      const password = temporaryPassword();
      const id = await deps.identity.createStaffMember({
        email,
        name: input.name,
        password,
        roles: [{ role: input.role, departmentId: input.departmentId }],
        actor: { type: 'user', id: admin.id },
      });
      return { id, password };
    },

    async grant(
      admin: Principal,
      userId: string,
      role: StaffRole,
      departmentId: string | null,
    ): Promise<void> {
      await member(userId);
      await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('staff_roles')
          .values({ id: randomUUID(), user_id: userId, role, department_id: departmentId })
          .onConflict((conflicting) => conflicting.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw invalid('staff.role_held', deps.t()('staffAdmin:errors.roleHeld'));
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: admin.id },
          action: 'staff.role_granted',
          subject: { type: 'user', id: userId },
          details: { role, departmentId },
        });
      });
    },

    async removeGrant(admin: Principal, userId: string, grantId: string): Promise<void> {
      const target = await member(userId);
      const grant = target.roles.find((role) => role.id === grantId);
      if (!grant) throw notFound('staff.role_not_found', deps.t()('staffAdmin:errors.roleNotFound'));
      await db.transaction().execute(async (trx) => {
        if (grant.role === 'admin' && (await otherActiveAdmins(trx, { grantId })) === 0) {
          throw conflict('staff.last_admin', deps.t()('staffAdmin:errors.lastAdmin'));
        }
        await trx.deleteFrom('staff_roles').where('id', '=', grantId).where('user_id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: admin.id },
          action: 'staff.role_removed',
          subject: { type: 'user', id: userId },
          details: { role: grant.role, departmentId: grant.departmentId },
        });
      });
    },

    /** Disabling ends every session of the account at once. */
    async setDisabled(admin: Principal, userId: string, disabled: boolean): Promise<void> {
      if (disabled && userId === admin.id)
        throw conflict('staff.self_disable', deps.t()('staffAdmin:errors.selfDisable'));
      await member(userId);
      await db.transaction().execute(async (trx) => {
        if (disabled && (await otherActiveAdmins(trx, { userId })) === 0) {
          throw conflict('staff.last_admin', deps.t()('staffAdmin:errors.lastAdmin'));
        }
        await trx
          .updateTable('users')
          .set({ disabled_at: disabled ? clock.now() : null })
          .where('id', '=', userId)
          .execute();
        if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: admin.id },
          action: disabled ? 'staff.disabled' : 'staff.enabled',
          subject: { type: 'user', id: userId },
        });
      });
    },

    /** For a staff member who lost their phone or key: they set up a new factor at their next sign-in. */
    async resetSecondFactors(admin: Principal, userId: string): Promise<void> {
      await member(userId);
      await deps.resetSecondFactors(userId, { type: 'user', id: admin.id });
    },

    async resetPassword(admin: Principal, userId: string): Promise<string> {
      await member(userId);
      const password = temporaryPassword();
      const hashed = await argon2Hash(password);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: hashed, failed_sign_ins: 0, locked_until: null })
          .where('id', '=', userId)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await appendAudit(trx, clock, {
          actor: { type: 'user', id: admin.id },
          action: 'staff.password_reset',
          subject: { type: 'user', id: userId },
        });
      });
      return password;
    },
  };
}

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;
