/** Second factors (authenticator apps, passkeys, recovery codes) for staff, and passkeys for citizens. */
export type { SecondFactorsTables } from './second-factors.tables.js';
export {
  createSecondFactorsService,
  type FactorStatus,
  type RelyingParty,
  type SecondFactorsService,
  type StaffMfa,
} from './second-factors.service.js';
export {
  citizenPasskeySignIn,
  registerSecondFactorPages,
  secondFactorStep,
  SECOND_FACTOR_STEP,
} from './second-factors.pages.js';
export { secondFactorsCleanupJob } from './second-factors.jobs.js';
