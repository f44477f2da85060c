/**
 * Who may apply or report for a citizen (assisted digital): a staff member with `cases.assist` in the
 * service's department, and, to continue a draft begun that way, only the staff member who began it.
 * Pages and services ask here; they never compare roles.
 */
import type { Principal } from '../../platform/auth/principal.js';
import { forbidden } from '../../platform/errors.js';
import { hasCapability } from '../identity/index.js';

export function canAssist(principal: Principal | undefined, target: { departmentId: string }): boolean {
  return principal?.kind === 'staff' && hasCapability(principal, 'cases.assist', target.departmentId);
}

export function authorizeAssist(
  principal: Principal | undefined,
  target: { departmentId: string },
  message: string,
): void {
  if (!canAssist(principal, target)) throw forbidden('assisted.forbidden', message);
}

/** A draft a staff member began for a citizen: theirs to continue while they may still assist there. */
export function canContinueAssisted(
  principal: Principal | undefined,
  draft: { assistedBy: string; departmentId: string },
): boolean {
  return principal?.id === draft.assistedBy && canAssist(principal, draft);
}
