/**
 * Assisted digital: staff apply or report for a citizen who phoned, came to a counter, wrote or emailed,
 * through the citizen's own question pages; the case records how it came in and who entered it.
 */
export { authorizeAssist, canAssist, canContinueAssisted } from './assisted.policy.js';
export {
  assistedDraftColumns,
  openAssistedDraft,
  type AssistedCitizenDetails,
  type AssistedStart,
} from './assisted-drafts.js';
export { citizenAccountOf } from './citizen-account.js';
export { registerAssistedPages, type AssistedPagesDeps } from './assisted.pages.js';
