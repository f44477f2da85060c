/** Applying online: drafts, the question-by-question journey, sending, and the citizen's account pages. */
export type { ApplicationsTables } from './applications.tables.js';
export {
  createApplicationsService,
  draftExpiryJob,
  type ApplicationsService,
} from './applications.service.js';
export { registerApplicationPages } from './applications.pages.js';
