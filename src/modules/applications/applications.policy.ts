/**
 * Who may open a draft: the citizen it belongs to, or, for a draft begun without signing in, the browser
 * session that began it (or that followed its emailed resume link). Anyone else is told it does not exist.
 */
import type { Principal } from '../../platform/auth/principal.js';

export function canUseDraft(
  principal: Principal | undefined,
  sessionDraftIds: readonly string[],
  draft: { id: string; userId: string | null },
): boolean {
  if (draft.userId) return principal?.kind === 'citizen' && principal.id === draft.userId;
  return sessionDraftIds.includes(draft.id);
}
