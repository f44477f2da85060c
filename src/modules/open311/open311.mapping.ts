/**
 * What each Open311 resource says, field by field, as one document per response (open311-document.ts
 * writes it as XML or JSON). Every field the specification lists is present, empty when Plaza has nothing
 * for it, because clients (FixMyStreet among them) expect them all.
 */
import type { Translator } from '../../platform/i18n/i18n.js';
import { attributeList, hasAttributes } from './attributes.js';
import {
  JsonRecords,
  list,
  text,
  w3cDateTime,
  type Open311Document,
  type Open311Object,
} from './open311-document.js';
import type { PublicEvent, RecordRow, ReportService } from './open311.service.js';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

export function discoveryDocument(input: {
  changeset: Date;
  contact: string;
  keyService: string;
  url: string;
  type: 'production' | 'test';
  timeZone: string;
}): Open311Document {
  const changeset = w3cDateTime(input.changeset, input.timeZone);
  return {
    root: 'discovery',
    body: {
      changeset,
      contact: text(input.contact),
      key_service: text(input.keyService),
      endpoints: list('endpoint', [
        {
          specification: SPECIFICATION,
          url: input.url,
          changeset,
          type: input.type,
          formats: list('format', ['text/xml', 'application/json']),
        },
      ]),
    },
  };
}

function serviceRecord(service: ReportService): Open311Object {
  return {
    service_code: service.code,
    service_name: text(service.name),
    description: text(service.description),
    metadata: hasAttributes(service.pages),
    // Filed at once: the response to POST carries the service_request_id.
    type: 'realtime',
    keywords: text(service.keywords.join(',')),
    group: text(service.group),
  };
}

export function servicesDocument(services: readonly ReportService[]): Open311Document {
  return { root: 'services', body: list('service', services.map(serviceRecord)) };
}

export function serviceDefinitionDocument(service: ReportService, t: Translator['t']): Open311Document {
  return {
    root: 'service_definition',
    body: { service_code: service.code, attributes: list('attribute', attributeList(service.pages, t)) },
  };
}

export interface RequestContext {
  timeZone: string;
  /** With `extensions=true`: the extended attributes and the public notes. */
  extensions?: {
    notes: Map<string, PublicEvent[]>;
    /** The service_request_id of the report a duplicate was merged into, by report id. */
    originals: Map<string, string>;
    stateLabel: (serviceCode: string, state: string | null) => string | null;
  };
}

function noteType(event: PublicEvent): 'opened' | 'closed' | 'activity' {
  if (event.type === 'submitted') return 'opened';
  return event.closed && event.type === 'transitioned' ? 'closed' : 'activity';
}

/** The free-text fields of a record, which may hold what XML cannot (imported records may). */
const freeTextFields = ['status_notes', 'service_name', 'description', 'agency_responsible', 'address'];
/**
 * Whether a record's JSON may hold a character `text` drops: PostgreSQL writes them as \u0001…\u001f, \b
 * and \f, and U+FFFE and U+FFFF as they are. Searching for plain substrings is quicker than one
 * regular expression over a page of 600 KB; a false alarm (a backslash typed in a description) only
 * costs that record a closer look.
 */
const mayHoldNonXml = (json: string): boolean =>
  json.includes('\\u00') ||
  json.includes('\\b') ||
  json.includes('\\f') ||
  json.includes('\uFFFE') ||
  json.includes('\uFFFF');

/** A record's JSON as both formats can carry it; rewritten only in the rare record that needs it. */
function xmlSafe(json: string): string {
  if (!mayHoldNonXml(json)) return json;
  const record = JSON.parse(json) as Open311Object;
  for (const field of freeTextFields) {
    const value = record[field];
    if (typeof value === 'string') record[field] = text(value);
  }
  return JSON.stringify(record);
}

function extendedRecord(
  row: RecordRow,
  extensions: NonNullable<RequestContext['extensions']>,
  timeZone: string,
): Open311Object {
  const record = JSON.parse(xmlSafe(row.json)) as Open311Object;
  const original = row.duplicate_of ? (extensions.originals.get(row.duplicate_of) ?? null) : null;
  record.extended_attributes = {
    channel: row.channel,
    duplicate: row.duplicate_of !== null,
    parent_service_request_id: original,
    followers: row.followers_count,
    photos: row.photo_count,
  };
  record.notes = list(
    'note',
    (extensions.notes.get(row.id) ?? []).map((event) => {
      const state = extensions.stateLabel(row.service_code, event.toState);
      return {
        datetime: w3cDateTime(event.occurredAt, timeZone),
        type: noteType(event),
        summary: text(state),
        description: text(event.body ?? state),
      };
    }),
  );
  return record;
}

export function requestsDocument(rows: readonly RecordRow[], context: RequestContext): Open311Document {
  const { extensions } = context;
  return {
    root: 'service_requests',
    body: extensions
      ? list(
          'request',
          rows.map((row) => extendedRecord(row, extensions, context.timeZone)),
        )
      : new JsonRecords(
          'request',
          rows.map((row) => xmlSafe(row.json)),
        ),
  };
}

/** The answer to POST requests: the new request's id at once (the services are realtime). */
export function filedDocument(serviceRequestId: string): Open311Document {
  return {
    root: 'service_requests',
    body: list('request', [{ service_request_id: serviceRequestId, service_notice: null, account_id: null }]),
  };
}

export function updatesDocument(
  events: readonly PublicEvent[],
  context: {
    timeZone: string;
    stateLabel: (serviceCode: string, state: string | null) => string | null;
  },
): Open311Document {
  return {
    root: 'service_request_updates',
    body: list(
      'request_update',
      events.map((event) => ({
        update_id: String(event.id),
        service_request_id: event.serviceRequestId,
        status: event.closed ? 'closed' : 'open',
        updated_datetime: w3cDateTime(event.occurredAt, context.timeZone),
        description: text(event.body ?? context.stateLabel(event.serviceCode, event.toState) ?? ''),
        media_url: null,
      })),
    ),
  };
}
