/** Importing another 311 system's history into `reports`: `plaza import requests`. */
export { registerImportCommands, type ImportCommandContext } from './import.cli.js';
export { importRequests, type ImportSummary, type ImportProgress } from './import-requests.js';
export { resolveMapping, defaultColumns, type ImportMapping } from './mapping.js';
export { pgliteLoader, postgresLoader, type StagingLoader } from './staging.js';
