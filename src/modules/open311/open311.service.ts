/**
 * Open311 GeoReport v2's use cases over Plaza's own data: the catalogue's published report types are the
 * services; the `reports` table (Plaza's own reports and imported records alike) is the service requests;
 * the public events of a report's case are its updates. Filing a request goes through the reports module's
 * `fileReport`, the same path as the web form, so a report filed by a partner system is validated, stored
 * and audited exactly as a citizen's.
 */
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db } from '../../database.js';
import type { Clock } from '../../platform/time/clock.js';
import type { Actor } from '../audit/index.js';
import type { CatalogueService, PublishedService } from '../catalogue/index.js';
import { eventsForEveryone } from '../cases/index.js';
import type { Answers, Page } from '../forms/index.js';
import type { PlacesService } from '../places/index.js';
import type { ReportsService } from '../reports/index.js';
import type { ReportsTable } from '../reports/reports.tables.js';

/** What filing needs of the reports module (its `fileReport`, the web form's own path). */
export type ReportFiler = Pick<ReportsService, 'fileReport'>;
/** What finding a place needs of the places module (the gazetteer). */
export type PlaceLookup = Pick<PlacesService, 'searchPlaces' | 'place'>;

/** A published report type, as a service. */
export interface ReportService {
  code: string;
  name: string;
  description: string;
  keywords: string[];
  group: string;
  pages: Page[];
  departmentId: string;
}

/** A service request as GeoReport v2 writes it (`json`), with what its extensions are made from. */
export type RecordRow = Pick<
  Selectable<ReportsTable>,
  'id' | 'service_code' | 'duplicate_of' | 'followers_count' | 'photo_count' | 'channel'
> & { json: string };

export interface RequestFilter {
  /** Overrides every other filter (GeoReport v2). */
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  statuses?: ('open' | 'closed')[];
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

export interface PublicEvent {
  id: number;
  caseId: string;
  reportId: string;
  serviceRequestId: string;
  occurredAt: Date;
  type: string;
  toState: string | null;
  body: string | null;
  /** Whether the report was closed by then. */
  closed: boolean;
  serviceCode: string;
}

export interface UpdateFilter {
  serviceRequestIds?: string[];
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

export interface NewRequest {
  serviceCode: string;
  answers: Answers;
  description: string;
  location: { lat: number; long: number; address?: string };
  photos: { name: string; mediaType: string; content: Buffer }[];
  contact: { email?: string; firstName?: string; lastName?: string; phone?: string };
  actor: Actor;
}

export function createOpen311Service(deps: {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  reports: ReportFiler;
  places: PlaceLookup;
}) {
  const { db, catalogue } = deps;

  const asService = (published: PublishedService): ReportService => ({
    code: published.slug,
    name: published.definition.title,
    description: published.definition.summary,
    keywords: published.definition.keywords,
    group: published.definition.topic,
    pages: published.definition.pages,
    departmentId: published.definition.department,
  });

  function services(): ReportService[] {
    return catalogue
      .list()
      .filter((published) => published.definition.kind === 'report')
      .map(asService);
  }

  function service(code: string): ReportService | undefined {
    const published = catalogue.current(code);
    return published?.definition.kind === 'report' ? asService(published) : undefined;
  }

  /** When the list of report types last changed: discovery's changeset. */
  async function changeset(): Promise<Date> {
    const row = await db
      .selectFrom('services')
      .select((eb) => eb.fn.max('updated_at').as('updated_at'))
      .where('kind', '=', 'report')
      .executeTakeFirst();
    return row?.updated_at ? new Date(row.updated_at) : new Date(0);
  }

  /**
   * Service requests as GeoReport v2 records, written by PostgreSQL (`row_to_json`, dates by `to_char` in
   * the organisation's time zone): a page of 1000 is 600 KB of JSON, and building it in the database, which
   * runs beside Plaza's one thread, rather than reading 20 columns per row into objects and writing them out
   * again, more than halved what an answer costs Plaza. Beside each record, what the extensions need.
   */
  async function requestRecords(
    filter: RequestFilter,
    presentation: { timeZone: string; departmentNames: Readonly<Record<string, string>> },
  ): Promise<RecordRow[]> {
    const names = JSON.stringify(presentation.departmentNames);
    const w3c = (at: RawBuilder<unknown>) =>
      sql<string>`replace(to_char(${at}, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'), '+00:00', 'Z')`;
    const record = sql<string>`(select row_to_json(record)::text from (select
      r.service_request_id,
      r.status,
      nullif(r.status_notes, '') as status_notes,
      nullif(r.service_name, '') as service_name,
      r.service_code,
      nullif(r.description, '') as description,
      (${names}::jsonb ->> r.department_id) as agency_responsible,
      null::text as service_notice,
      ${w3c(sql`r.requested_at`)} as requested_datetime,
      -- For a closed request, when it was closed (GeoReport v2).
      ${w3c(sql`case when r.status = 'closed' then coalesce(r.closed_at, r.updated_at) else r.updated_at end`)} as updated_datetime,
      ${w3c(sql`r.expected_at`)} as expected_datetime,
      nullif(r.address, '') as address,
      null::text as address_id,
      null::text as zipcode,
      r.lat,
      r.long,
      -- Photos are never public (they may show people, faces and number plates), so no media_url.
      null::text as media_url) record)`;
    return db.transaction().execute(async (trx) => {
      // The session's zone writes the offsets (TZH:TZM); set for this transaction only.
      await sql`select set_config('TimeZone', ${presentation.timeZone}, true)`.execute(trx);
      let query = trx
        .selectFrom('reports as r')
        .select([
          'r.id',
          'r.service_code',
          'r.duplicate_of',
          'r.followers_count',
          'r.photo_count',
          'r.channel',
          record.as('json'),
        ]);
      if (filter.serviceRequestIds) {
        query = query.where('r.service_request_id', 'in', filter.serviceRequestIds);
      } else {
        query = query.where('r.requested_at', '>=', filter.from).where('r.requested_at', '<=', filter.to);
        if (filter.serviceCodes) query = query.where('r.service_code', 'in', filter.serviceCodes);
        if (filter.statuses) query = query.where('r.status', 'in', filter.statuses);
      }
      return query
        .orderBy('r.requested_at', 'desc')
        .orderBy('r.service_request_id')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
    });
  }

  /** Service request ids of the reports some reports were merged into. */
  async function serviceRequestIdsOf(reportIds: string[]): Promise<Map<string, string>> {
    if (reportIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('reports')
      .select(['id', 'service_request_id'])
      .where('id', 'in', reportIds)
      .execute();
    return new Map(rows.map((row) => [row.id, row.service_request_id]));
  }

  const eventsQuery = () =>
    db
      .selectFrom('case_events')
      .innerJoin('reports', 'reports.case_id', 'case_events.case_id')
      .select([
        'case_events.id',
        'case_events.case_id',
        'case_events.occurred_at',
        'case_events.type',
        'case_events.to_state',
        'case_events.body',
        'reports.id as report_id',
        'reports.service_request_id',
        'reports.service_code',
        'reports.closed_at',
      ])
      .where('case_events.visibility', '=', 'public')
      .where('case_events.type', 'in', eventsForEveryone);

  type EventRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['execute']>>[number];
  const toEvent = (row: EventRow): PublicEvent => ({
    id: Number(row.id),
    caseId: row.case_id,
    reportId: row.report_id,
    serviceRequestId: row.service_request_id,
    occurredAt: row.occurred_at,
    type: row.type,
    toState: row.to_state,
    body: row.body,
    closed: row.closed_at !== null && row.occurred_at.getTime() >= row.closed_at.getTime(),
    serviceCode: row.service_code,
  });

  /** The public events of these reports' cases, oldest first (imported records have none). */
  async function notes(reportIds: string[]): Promise<Map<string, PublicEvent[]>> {
    const byReport = new Map<string, PublicEvent[]>();
    if (reportIds.length === 0) return byReport;
    const rows = await eventsQuery()
      .where('reports.id', 'in', reportIds)
      .orderBy('case_events.occurred_at')
      .orderBy('case_events.id')
      .execute();
    for (const row of rows) {
      const event = toEvent(row);
      byReport.set(event.reportId, [...(byReport.get(event.reportId) ?? []), event]);
    }
    return byReport;
  }

  /** Public updates in a period, oldest first (servicerequestupdates). */
  async function updates(filter: UpdateFilter): Promise<PublicEvent[]> {
    let query = eventsQuery()
      .where('case_events.occurred_at', '>=', filter.from)
      .where('case_events.occurred_at', '<=', filter.to);
    if (filter.serviceRequestIds)
      query = query.where('reports.service_request_id', 'in', filter.serviceRequestIds);
    const rows = await query
      .orderBy('case_events.occurred_at')
      .orderBy('case_events.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute();
    return rows.map(toEvent);
  }

  /** A state's name as the public reads it, from the report type's workflow. */
  function stateLabel(serviceCode: string, state: string | null): string | null {
    if (!state) return null;
    const definition = catalogue.current(serviceCode)?.definition;
    const found = definition?.resolvedWorkflow.states[state];
    return found ? (found.publicLabel ?? found.label) : null;
  }

  async function file(input: NewRequest): Promise<{ serviceRequestId: string }> {
    const filed = await deps.reports.fileReport({
      serviceSlug: input.serviceCode,
      answers: input.answers,
      description: input.description,
      location: input.location,
      photos: input.photos,
      contact: Object.values(input.contact).some((value) => value !== undefined) ? input.contact : undefined,
      channel: 'open311',
      citizenUserId: null,
      actor: input.actor,
    });
    return { serviceRequestId: filed.serviceRequestId };
  }

  return {
    services,
    service,
    changeset,
    requestRecords,
    serviceRequestIdsOf,
    notes,
    updates,
    stateLabel,
    file,
    places: deps.places,
    now: () => deps.clock.now(),
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
