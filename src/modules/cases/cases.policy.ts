/**
 * Who may do what with a case. Every permission decision about cases is made here, from the principal's
 * role grants and the case's department; pages, API routes and services ask, never check roles themselves.
 */
import type { Principal } from '../../platform/auth/principal.js';
import { forbidden } from '../../platform/errors.js';
import type { StaffRole } from '../workflow/index.js';

export type CaseAction = 'view' | 'work' | 'assign';

/** The roles that work cases (and so can be given one). */
export const workingRoles: readonly StaffRole[] = ['caseworker', 'manager'];

/** The roles a staff member holds in a department (a grant without a department holds everywhere). */
export function rolesIn(principal: Principal | undefined, departmentId: string): StaffRole[] {
  if (principal?.kind !== 'staff') return [];
  return principal.roles
    .filter((grant) => grant.departmentId === null || grant.departmentId === departmentId)
    .map((grant) => grant.role as StaffRole);
}

/** Departments whose queues a staff member sees. */
export function visibleDepartments(principal: Principal, allDepartments: string[]): string[] {
  if (principal.roles.some((grant) => grant.departmentId === null)) return allDepartments;
  return [
    ...new Set(principal.roles.map((grant) => grant.departmentId).filter((id): id is string => id !== null)),
  ];
}

export function can(
  principal: Principal | undefined,
  action: CaseAction,
  target: { departmentId: string },
): boolean {
  const roles = rolesIn(principal, target.departmentId);
  switch (action) {
    case 'view':
      return roles.length > 0;
    case 'work':
    case 'assign':
      return roles.some((role) => workingRoles.includes(role));
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
