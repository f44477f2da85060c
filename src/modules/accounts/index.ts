/** Accounts: a citizen's own account page, their details, and where they are signed in. */
export type { AccountsTables } from './accounts.tables.js';
export {
  createAccountsService,
  describeUserAgent,
  sessionHandle,
  type AccountDetails,
  type AccountsService,
  type EmailChangeMailer,
  type SignedInSession,
} from './accounts.service.js';
export { registerAccountPages } from './accounts.pages.js';
