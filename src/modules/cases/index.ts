/** Case management: queues, workflow transitions, decisions, and the citizen's view of their case. */
export type { CasesTables } from './cases.tables.js';
export { createCasesService, type CasesService, type CaseDetail } from './cases.service.js';
export { registerCasePages, sendFile } from './cases.pages.js';
export { registerCasesApi } from './cases.api.js';
export { citizenOwns } from './cases.policy.js';
export { AnswersSummary, DocumentList, Timeline, displayContext } from './views/case-parts.js';
export { normaliseReference } from './reference-number.js';
