/** Case management: queues, workflow transitions, decisions, and the citizen's view of their case. */
export type { CasesTables } from './cases.tables.js';
export {
  assistedChannels,
  eventsForEveryone,
  type AssistedChannel,
  type CaseChannel,
} from './cases.tables.js';
export {
  createCasesService,
  type CasesService,
  type AssistedCitizen,
  type CaseChange,
  type CaseDetail,
  type CaseMove,
  type CaseTimelineEntry,
  type StaffCaseView,
} from './cases.service.js';
export {
  registerCasePages,
  sendFile,
  type CaseChangeOutcome,
  type CasePageActions,
  type StaffCasePanel,
} from './cases.pages.js';
export { registerCasesApi } from './cases.api.js';
export {
  authorize as authorizeCase,
  can as canOnCase,
  citizenOwns,
  type CaseAction,
} from './cases.policy.js';
export { AnswersSummary, DocumentList, Timeline, displayContext } from './views/case-parts.js';
export { normaliseReference } from './reference-number.js';
