export type { OrganisationTables } from './organisation.tables.js';
export type { Department, OpeningPeriod } from './organisation.schema.js';
export {
  loadOrganisationDefinitions,
  departmentTextKeys,
  localiseDepartments,
  syncDepartments,
  type OrganisationDefinitions,
} from './organisation.service.js';
export { openingHoursLines } from './opening-hours.js';
export { ServiceHelp } from './views/service-help.js';
