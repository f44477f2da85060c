/**
 * Who may do what with a case. Every permission decision about cases is made here, from the principal's
 * role grants and the case's department; pages, API routes and services ask, never check roles themselves.
 */
import type { Principal } from '../../platform/auth/principal.js';
import { forbidden } from '../../platform/errors.js';
import { departmentsWith, hasCapability, type StaffRole } from '../identity/index.js';

export { rolesIn } from '../identity/index.js';

export type CaseAction = 'view' | 'work' | 'assign';

/** The roles that work cases (and so can be given one). */
export const workingRoles: readonly StaffRole[] = ['caseworker', 'manager'];

/** Departments whose queues a staff member sees. */
export function visibleDepartments(principal: Principal, allDepartments: string[]): string[] {
  return departmentsWith(principal, 'cases.view', allDepartments);
}

export function can(
  principal: Principal | undefined,
  action: CaseAction,
  target: { departmentId: string },
): boolean {
  switch (action) {
    case 'view':
      return hasCapability(principal, 'cases.view', target.departmentId);
    case 'work':
    case 'assign':
      return hasCapability(principal, 'cases.work', target.departmentId);
  }
}

export function authorize(
  principal: Principal | undefined,
  action: CaseAction,
  target: { departmentId: string },
  message: string,
): void {
  if (!can(principal, action, target)) throw forbidden(`case.${action}_forbidden`, message);
}

/** Whether someone may be given a case: they must be able to work it. */
export function canBeAssigned(assignee: Principal, target: { departmentId: string }): boolean {
  return can(assignee, 'work', target);
}

/** A citizen sees their own cases: made while signed in, or sent with the email address they signed in with. */
export function citizenOwns(
  principal: Principal | undefined,
  target: { citizenUserId: string | null; contactEmail: string | null },
): boolean {
  if (principal?.kind !== 'citizen') return false;
  if (target.citizenUserId) return target.citizenUserId === principal.id;
  return !!target.contactEmail && target.contactEmail.toLowerCase() === principal.email.toLowerCase();
}
