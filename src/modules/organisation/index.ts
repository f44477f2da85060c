export type { OrganisationTables } from './organisation.tables.js';
export type { Department } from './organisation.schema.js';
export {
  loadOrganisationDefinitions,
  syncDepartments,
  type OrganisationDefinitions,
} from './organisation.service.js';
