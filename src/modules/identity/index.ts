/** Identity: citizens and staff, how they sign in, and the principal a request acts as. */
export type { IdentityTables } from './identity.tables.js';
export {
  createIdentityService,
  emailAddressSchema,
  normaliseEmail,
  type IdentityService,
} from './identity.service.js';
export { registerIdentityPages } from './identity.pages.js';
export { createUserData, newEmailContext, userContext, type UserColumn, type UserData } from './user-data.js';
export {
  assuranceLevels,
  createSignInFlow,
  meetsAssurance,
  type Assurance,
  type ProvenIdentity,
  type SignInFlow,
  type SignInMethod,
  type SignInStep,
} from './sign-in-flow.js';
export {
  assuranceAskedBy,
  assuranceRequired,
  neededAssurance,
  sessionMeets,
  type SignInRequirement,
} from './assurance.js';
export {
  apiScopes,
  capabilities,
  departmentsWith,
  isApiScope,
  scopeCapabilities,
  hasCapability,
  isStaffRole,
  roleCapabilities,
  rolesIn,
  staffRoles,
  type ApiScope,
  type Capability,
  type StaffRole,
} from './roles.js';
