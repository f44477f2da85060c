/**
 * The shape of Plaza's database, composed from the tables each module and platform part declares. Modules
 * query it through `Db`; platform parts that know only their own tables get a narrowed view with `scoped`.
 */
import type { Kysely } from 'kysely';
import type { SessionTables } from './platform/http/sessions.js';
import type { FileTables } from './platform/storage/file-store.js';
import type { AccountsTables } from './modules/accounts/accounts.tables.js';
import type { ApplicationsTables } from './modules/applications/applications.tables.js';
import type { AuditTables } from './modules/audit/audit.tables.js';
import type { CasesTables } from './modules/cases/cases.tables.js';
import type { CatalogueTables } from './modules/catalogue/catalogue.tables.js';
import type { FederationTables } from './modules/federation/federation.tables.js';
import type { IdentityTables } from './modules/identity/identity.tables.js';
import type { NotificationsTables } from './modules/notifications/notifications.tables.js';
import type { OrganisationTables } from './modules/organisation/organisation.tables.js';
import type { PartnersTables } from './modules/partners/partners.tables.js';
import type { ReportsTables } from './modules/reports/reports.tables.js';
import type { TriageTables } from './modules/triage/triage.tables.js';
import type { SecondFactorsTables } from './modules/second-factors/second-factors.tables.js';

export interface Database
  extends
    OrganisationTables,
    IdentityTables,
    FederationTables,
    AccountsTables,
    SecondFactorsTables,
    SessionTables,
    CatalogueTables,
    ApplicationsTables,
    CasesTables,
    FileTables,
    NotificationsTables,
    AuditTables,
    PartnersTables,
    ReportsTables,
    TriageTables {}

export type Db = Kysely<Database>;

/** A view of the database limited to the tables `Tables` names (which must all exist in Database). */
export function scoped<Tables>(db: Db): Database extends Tables ? Kysely<Tables> : never {
  return db as never;
}
