/**
 * The staff role model. A role is granted in one department, or in every department (no department), and
 * brings capabilities; every permission decision starts from here (the route gate asks for a capability,
 * module policies ask for it in a case's department). A new capability is a line here, not a check
 * scattered across routes.
 */
import type { Principal } from '../../platform/auth/principal.js';

export const staffRoles = ['caseworker', 'manager', 'designer', 'admin', 'auditor'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const capabilities = [
  /** See a department's queue and cases. */
  'cases.view',
  /** Assign, note and move a department's cases through their workflow. */
  'cases.work',
  /** See which service definitions are published and what is wrong with the others. */
  'definitions.view',
  /** Create staff accounts, grant and remove roles, disable accounts. */
  'staff.manage',
  /** Read the audit log and check its chain. */
  'audit.view',
] as const;
export type Capability = (typeof capabilities)[number];

export const roleCapabilities: Record<StaffRole, readonly Capability[]> = {
  caseworker: ['cases.view', 'cases.work'],
  manager: ['cases.view', 'cases.work', 'definitions.view'],
  designer: ['definitions.view'],
  admin: ['staff.manage', 'definitions.view', 'audit.view'],
  // Read-only by design: everything to check, nothing to change.
  auditor: ['cases.view', 'definitions.view', 'audit.view'],
};

export function isStaffRole(role: string): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}

/** The roles a staff member holds in a department (a grant without a department holds everywhere). */
export function rolesIn(principal: Principal | undefined, departmentId: string): StaffRole[] {
  if (principal?.kind !== 'staff') return [];
  return principal.roles
    .filter((grant) => grant.departmentId === null || grant.departmentId === departmentId)
    .map((grant) => grant.role)
    .filter(isStaffRole);
}

/** Whether a staff member has a capability: in a given department, or (without one) anywhere. */
export function hasCapability(
  principal: Principal | undefined,
  capability: Capability,
  departmentId?: string,
): boolean {
  if (principal?.kind !== 'staff') return false;
  const grants =
    departmentId === undefined
      ? principal.roles
      : principal.roles.filter((grant) => grant.departmentId === null || grant.departmentId === departmentId);
  return grants.some((grant) => isStaffRole(grant.role) && roleCapabilities[grant.role].includes(capability));
}

/** The departments in which a staff member has a capability. */
export function departmentsWith(
  principal: Principal,
  capability: Capability,
  allDepartments: string[],
): string[] {
  const grants = principal.roles.filter(
    (grant) => isStaffRole(grant.role) && roleCapabilities[grant.role].includes(capability),
  );
  if (grants.some((grant) => grant.departmentId === null)) return allDepartments;
  return allDepartments.filter((department) => grants.some((grant) => grant.departmentId === department));
}
