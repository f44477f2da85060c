/** The service catalogue: service definitions, their versions, search, and the citizen's way in. */
export type { CatalogueTables } from './catalogue.tables.js';
export {
  createCatalogueService,
  describeSync,
  type CatalogueService,
  type PublishedService,
  type SyncReport,
} from './catalogue.service.js';
export { loadServiceDefinitions, type LoadedDefinitions, type ResolvedService } from './definition-loader.js';
export {
  notificationEvents,
  reportSettingsOf,
  serviceDefinitionJsonSchema,
  serviceDefinitionSchema,
  type NotificationEvent,
  type ReportSettings,
  type ServiceDefinition,
} from './service-definition.schema.js';
export { registerCataloguePages } from './catalogue.pages.js';
export { registerCatalogueApi } from './catalogue.api.js';
export { validateDefinitions } from './catalogue.cli.js';
export { REPORTER_PAGE_ID, reporterPage, reporterQuestionIds } from './reporter-page.js';
export { UntranslatedNotice } from './views/untranslated-notice.js';
export { serviceTextKeys, untranslatedTextsOf } from './translations.js';
export { TranslationStatus } from './views/translation-status.js';
