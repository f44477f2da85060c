/**
 * Who may open a draft: the citizen it belongs to, or, for a draft begun without signing in, the browser
 * session that began it (or that followed its emailed resume link); a draft a staff member began for a
 * citizen (assisted digital), only that staff member while they may assist in its department. Anyone else
 * is told it does not exist.
 */
import type { Principal } from '../../platform/auth/principal.js';
import { canContinueAssisted } from '../assisted-digital/index.js';

export function canUseDraft(
  principal: Principal | undefined,
  sessionDraftIds: readonly string[],
  draft: { id: string; userId: string | null; assistedBy?: string | null; departmentId: string },
): boolean {
  if (draft.assistedBy)
    return canContinueAssisted(principal, { assistedBy: draft.assistedBy, departmentId: draft.departmentId });
  if (draft.userId) return principal?.kind === 'citizen' && principal.id === draft.userId;
  return sessionDraftIds.includes(draft.id);
}
