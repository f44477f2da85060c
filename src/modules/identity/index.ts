/** Identity: citizens and staff, how they sign in, and the principal a request acts as. */
export type { IdentityTables } from './identity.tables.js';
export {
  createIdentityService,
  emailAddressSchema,
  normaliseEmail,
  type IdentityService,
} from './identity.service.js';
export { registerIdentityPages } from './identity.pages.js';
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
  capabilities,
  departmentsWith,
  hasCapability,
  isStaffRole,
  roleCapabilities,
  rolesIn,
  staffRoles,
  type Capability,
  type StaffRole,
} from './roles.js';
