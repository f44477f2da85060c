/**
 * Personal data: encryption at rest, masking for staff until they give a reason, the citizen's copy of
 * everything Plaza holds about them, erasure on request, and anonymisation when retention ends.
 */
export {
  createPersonalData,
  isErasedAnswer,
  isSealedAnswer,
  personalQuestionIds,
  textContexts,
  type ErasedAnswer,
  type PersonalData,
  type PersonalDataDefinition,
  type SealedAnswer,
  type StoredAnswer,
  type StoredAnswers,
} from './personal-data.js';
export {
  isRevealReason,
  REVEAL_MINUTES,
  REVEAL_MS,
  REVEAL_REASON_MAX,
  revealedUntil,
  revealInput,
  revealResponse,
  withReveal,
  type Reveals,
} from './reveal.js';
export { PersonalDataPanel } from './views/personal-data-panel.js';
export { createPrivacyService, type PrivacyDeps, type PrivacyService } from './privacy.service.js';
export { registerPrivacyPages } from './privacy.pages.js';
export { erasedEmail, retentionJob, type AnonymisationReason, type ErasureSummary } from './erasure.js';
export { rotateKeys, type RotationProgress, type RotationReport } from './key-rotation.js';
export type { DataSubject } from './data-subjects.js';
export type { SubjectExport, SubjectFound } from './subject-access.js';
export { registerKeyCommands, type KeyCommandContext } from './privacy.cli.js';
