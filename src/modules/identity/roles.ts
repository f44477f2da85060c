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
  /**
   * Apply or report for a citizen who phoned, came to a counter, wrote or emailed (assisted digital), for the
   * department's services, through the citizen's own question pages.
   */
  'cases.assist',
  /** See which service definitions are published and what is wrong with the others. */
  'definitions.view',
  /** Create staff accounts, grant and remove roles, disable accounts. */
  'staff.manage',
  /** Read the audit log and check its chain. */
  'audit.view',
  /** Find a citizen by email and download everything Plaza holds about them (subject access). */
  'privacy.export',
] as const;
export type Capability = (typeof capabilities)[number];

export const roleCapabilities: Record<StaffRole, readonly Capability[]> = {
  caseworker: ['cases.view', 'cases.work', 'cases.assist'],
  manager: ['cases.view', 'cases.work', 'cases.assist', 'definitions.view'],
  designer: ['definitions.view'],
  admin: ['staff.manage', 'definitions.view', 'audit.view', 'privacy.export'],
  // Read-only by design: everything to check, nothing to change.
  auditor: ['cases.view', 'definitions.view', 'audit.view'],
};

/**
 * What a partner system's client can be given. A scope opens the API routes whose access names it, and
 * brings capabilities in the departments the client acts for (and nowhere else). A client that may write
 * fires the workflow transitions a caseworker may, never the decisions a workflow keeps for managers.
 * Other APIs (Open311) add their scopes here.
 */
export const apiScopes = ['cases:read', 'cases:write', 'open311:write'] as const;
export type ApiScope = (typeof apiScopes)[number];

export const scopeCapabilities: Record<ApiScope, readonly Capability[]> = {
  'cases:read': ['cases.view'],
  'cases:write': ['cases.work'],
  // Files reports through Open311 (POST requests), whatever department each report type belongs to.
  'open311:write': [],
};

const scopeRoles: Record<ApiScope, readonly StaffRole[]> = {
  'cases:read': [],
  'cases:write': ['caseworker'],
  'open311:write': [],
};

export function isApiScope(scope: string): scope is ApiScope {
  return (apiScopes as readonly string[]).includes(scope);
}

function clientScopesIn(principal: Principal, departmentId: string | undefined): ApiScope[] {
  const grant = principal.client;
  if (principal.kind !== 'client' || !grant) return [];
  if (departmentId !== undefined && !grant.departmentIds.includes(departmentId)) return [];
  return grant.scopes.filter(isApiScope);
}

export function isStaffRole(role: string): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}

/** The roles a staff member holds in a department (a grant without a department holds everywhere). */
export function rolesIn(principal: Principal | undefined, departmentId: string): StaffRole[] {
  if (principal?.kind === 'client')
    return [...new Set(clientScopesIn(principal, departmentId).flatMap((scope) => scopeRoles[scope]))];
  if (principal?.kind !== 'staff') return [];
  return principal.roles
    .filter((grant) => grant.departmentId === null || grant.departmentId === departmentId)
    .map((grant) => grant.role)
    .filter(isStaffRole);
}

/** Whether a staff member (or a client) has a capability: in a given department, or (without one) anywhere. */
export function hasCapability(
  principal: Principal | undefined,
  capability: Capability,
  departmentId?: string,
): boolean {
  if (principal?.kind === 'client')
    return clientScopesIn(principal, departmentId).some((scope) =>
      scopeCapabilities[scope].includes(capability),
    );
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
  if (principal.kind === 'client')
    return allDepartments.filter((department) => hasCapability(principal, capability, department));
  const grants = principal.roles.filter(
    (grant) => isStaffRole(grant.role) && roleCapabilities[grant.role].includes(capability),
  );
  if (grants.some((grant) => grant.departmentId === null)) return allDepartments;
  return allDepartments.filter((department) => grants.some((grant) => grant.departmentId === department));
}
