/**
 * What each Open311 resource says, field by field, as one document per response (open311-document.ts
 * writes it as XML or JSON). Every field the specification lists is present, empty when Plaza has nothing
 * for it, because clients (FixMyStreet among them) expect them all.
 */
import type { Translator } from '../../platform/i18n/i18n.js';
import { attributeList, hasAttributes } from './attributes.js';
import { list, text, w3cDateTime, type Open311Document, type Open311Object } from './open311-document.js';
import type { PublicEvent, ReportRow, ReportService } from './open311.service.js';

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
  departmentName: (id: string | null) => string | null;
  /** An address where the report's first photo can be seen, if it has one. */
  mediaUrl: (report: ReportRow) => string | null;
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

function requestRecord(report: ReportRow, context: RequestContext): Open311Object {
  const { timeZone } = context;
  const record: Open311Object = {
    service_request_id: report.service_request_id,
    status: report.status,
    status_notes: text(report.status_notes),
    service_name: text(report.service_name),
    service_code: report.service_code,
    description: text(report.description),
    agency_responsible: text(context.departmentName(report.department_id)),
    service_notice: null,
    requested_datetime: w3cDateTime(report.requested_at, timeZone),
    // For a closed request, when it was closed (GeoReport v2).
    updated_datetime: w3cDateTime(
      report.status === 'closed' ? (report.closed_at ?? report.updated_at) : report.updated_at,
      timeZone,
    ),
    expected_datetime: w3cDateTime(report.expected_at, timeZone),
    address: text(report.address),
    address_id: null,
    zipcode: null,
    lat: report.lat,
    long: report.long,
    media_url: context.mediaUrl(report),
  };
  const extensions = context.extensions;
  if (!extensions) return record;
  const original = report.duplicate_of ? (extensions.originals.get(report.duplicate_of) ?? null) : null;
  record.extended_attributes = {
    channel: report.channel,
    duplicate: report.duplicate_of !== null,
    parent_service_request_id: original,
    followers: report.followers_count,
    photos: report.photo_count,
  };
  record.notes = list(
    'note',
    (extensions.notes.get(report.id) ?? []).map((event) => {
      const state = extensions.stateLabel(report.service_code, event.toState);
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

export function requestsDocument(reports: readonly ReportRow[], context: RequestContext): Open311Document {
  return {
    root: 'service_requests',
    body: list(
      'request',
      reports.map((report) => requestRecord(report, context)),
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
