/** Federation: signing citizens in with national or regional identity providers over OpenID Connect. */
export type { FederationTables } from './federation.tables.js';
export {
  acrValuesFor,
  assuranceFromClaims,
  identityProvidersFileSchema,
  identityProvidersJsonSchema,
  IDENTITY_PROVIDERS_FILE,
  loadIdentityProviders,
  type IdentityProvider,
  type IdentityProviderDefinition,
  type LoadedIdentityProviders,
} from './identity-providers.js';
export {
  createFederationService,
  type FederatedIdentity,
  type FederationService,
  type LinkedIdentity,
  type ProviderSummary,
} from './federation.service.js';
export { federatedSignInOptions, registerFederationPages } from './federation.pages.js';
export { registerFederationCommands, type FederationCommandDeps } from './federation.cli.js';
export {
  EIDAS_LEVELS,
  MissingDevDependencyError,
  startDevIdentityProvider,
  type DevIdentityProvider,
  type DevIdentityProviderClient,
} from './dev-identity-provider.js';
