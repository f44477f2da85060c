/**
 * Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests (list, one,
 * filing), tokens and service request updates, each as .xml and .json. Every response, errors included,
 * speaks Open311: its content types, its `errors/error{code, description}` bodies and its statuses (404
 * for what does not exist, 403 for API key problems, 400 for everything else a client got wrong), not
 * Plaza's application/problem+json; so the routes live in their own Fastify context with their own error
 * and not-found handlers.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z, type ZodType } from 'zod';
import { fileTypeFromBuffer } from 'file-type';
import type { ClientAuthenticator } from '../../platform/auth/client-credentials.js';
import { isPlazaError, PlazaError, type ErrorKind } from '../../platform/errors.js';
import { firstNotText } from '../../platform/http/text-input.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import { localDate } from '../../platform/time/working-calendar.js';
import { answersFromAttributes, postedAttributes } from './attributes.js';
import {
  contentTypes,
  errorsDocument,
  offsetMinutes,
  serialise,
  type Open311Document,
  type Open311Format,
} from './open311-document.js';
import {
  discoveryDocument,
  filedDocument,
  requestsDocument,
  serviceDefinitionDocument,
  servicesDocument,
  updatesDocument,
  type RequestContext,
} from './open311.mapping.js';
import type { NewRequest, Open311Service, RecordRow } from './open311.service.js';
import {
  discoverySchema,
  errorsSchema,
  filedSchema,
  jurisdictionQuery,
  newRequestForm,
  requestQuery,
  requestSchema,
  requestsQuery,
  serviceCodeParams,
  serviceDefinitionSchema,
  serviceRequestIdParams,
  serviceSchema,
  tokenParams,
  updateSchema,
  updatesQuery,
} from './open311.schemas.js';
import { postedForm, readPostedForm } from './request-body.js';

export const OPEN311_PREFIX = '/open311/v2';
export const OPEN311_SCOPE = 'open311:write';

const formats: readonly Open311Format[] = ['xml', 'json'];
/** GeoReport v2: a query spans 90 days at most, and without dates it is the last 90 days. */
const MAX_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;
/** GeoReport v2: at most 1000 requests per answer; the paging extension cannot ask for more. */
const MAX_PAGE_SIZE = 1000;
const MAX_IDS = 1000;
const MAX_DESCRIPTION = 4000;
/** As long as a report's address may be (reports.address): a longer one is refused, not cut short. */
const MAX_ADDRESS = 300;
/** The fields a photo may come in: `media` (GeoReport v2.1 draft, Bloomington, Helsinki) and `uploads` (mySociety). */
const mediaFields = new Set(['media', 'media[]', 'uploads', 'uploads[]']);

export interface Open311ApiDeps {
  open311: Open311Service;
  authenticate: ClientAuthenticator;
  baseUrl: string;
  organisationName: string;
  timeZone: string;
  production: boolean;
  /** When set, a request naming another jurisdiction_id is refused (404). */
  jurisdiction: string | undefined;
  uploadMaxBytes: number;
  /** agency_responsible: each department's name, by id. */
  departmentNames: () => Readonly<Record<string, string>>;
}

type Open311Error = { code: number; description: string };

/** An error whose body lists several Open311 errors (every problem of a POST at once). */
function open311Errors(kind: ErrorKind, errors: Open311Error[]): PlazaError {
  return new PlazaError(kind, 'open311.invalid', errors.map((error) => error.description).join(' '), {
    open311Errors: errors,
  });
}

function formatOf(request: FastifyRequest): Open311Format {
  return (request.url.split('?')[0] ?? '').endsWith('.json') ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Open311Format, document: Open311Document, status = 200) {
  return reply.code(status).type(contentTypes[format]).send(serialise(document, format));
}

/** GeoReport v2: 404 for what does not exist, 403 for API key problems, 400 for anything else asked wrongly. */
const statusByKind: Record<ErrorKind, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 403,
  invalid: 400,
  conflict: 400,
  too_large: 400,
  unsupported: 400,
  // Not the client's mistake: the usual statuses, so that clients retry later.
  rate_limited: 429,
  unavailable: 503,
};
const statusOf = (kind: ErrorKind): number => statusByKind[kind];

/** Optional parameters: empty is the same as absent (GeoReport v2). */
function parameter(source: Record<string, unknown>, name: string): string | undefined {
  const value: unknown = source[name];
  const joined = Array.isArray(value) ? value.filter((item) => typeof item === 'string').join(',') : value;
  return typeof joined === 'string' && joined.trim() !== '' ? joined.trim() : undefined;
}

const commaList = (value: string): string[] =>
  [...new Set(value.split(',').map((item) => item.trim()))].filter((item) => item !== '');

const w3cPattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * A W3C date-time (the profile of ISO 8601 GeoReport v2 uses): a date, which starts at midnight in the
 * organisation's time zone, or a date and time with its offset. Undefined when it is not one.
 */
export function parseW3cDateTime(value: string, timeZone: string): Date | undefined {
  const match = w3cPattern.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0)];
  const wall = Date.UTC(
    fields[0] as number,
    fields[1] as number,
    fields[2],
    fields[3],
    fields[4],
    Number(second ?? 0),
    Math.round(Number(fraction ?? 0) * 1000),
  );
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] ||
    check.getUTCDate() !== fields[2] ||
    check.getUTCHours() !== fields[3] ||
    check.getUTCMinutes() !== fields[4] ||
    Number(second ?? 0) > 59
  )
    return undefined;
  if (!zone) {
    const guess = wall - offsetMinutes(wall, timeZone) * 60_000;
    return new Date(wall - offsetMinutes(guess, timeZone) * 60_000);
  }
  if (zone === 'Z') return check;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  if (Math.abs(offset) > 18 * 60) return undefined;
  return new Date(wall - offset * 60_000);
}

export function registerOpen311Api(server: FastifyInstance, deps: Open311ApiDeps): void {
  const { open311, timeZone } = deps;
  const maxBodyBytes = 3 * deps.uploadMaxBytes + 1024 * 1024;

  void server.register(
    async (instance) => {
      const api = instance.withTypeProvider<ZodTypeProvider>();
      api.setErrorHandler(async (error: FastifyError, request, reply) => {
        const { t, has } = request.pageContext();
        const format = formatOf(request);
        if (isPlazaError(error)) {
          const status = statusOf(error.kind);
          const listed = error.details.open311Errors as Open311Error[] | undefined;
          if (status >= 500) request.log.error({ err: error }, error.message);
          else request.log.info({ code: error.code }, error.message);
          // The gate's refusals, and the platform's, told the way an Open311 client understands them.
          const scope = () => t('open311:errors.apiKeyScope', { scope: OPEN311_SCOPE });
          const own: Record<string, () => string> = {
            'auth.client_required': () => t('open311:errors.apiKeyMissing'),
            'auth.invalid_credentials': () => t('open311:errors.apiKeyInvalid'),
            'access.scope': scope,
            'access.client_not_accepted': scope,
            'open311.too_large': () =>
              t('open311:errors.tooLarge', { megabytes: Math.floor(maxBodyBytes / 1_048_576) }),
            'open311.multipart': () => t('open311:errors.multipart'),
          };
          const catalogued = `errorCodes.${error.code}`;
          const description = own[error.code]?.() ?? (has(catalogued) ? t(catalogued) : error.message);
          const fieldErrors = error.details.fieldErrors ?? [];
          if (error.code === 'request.not_text') {
            const name = (fieldErrors[0]?.field ?? 'request').replace(/\.\d+$/, '');
            const notText = [{ code: 400, description: t('open311:errors.notText', { name }) }];
            return send(reply, format, errorsDocument(notText), 400);
          }
          const errors =
            listed ??
            (fieldErrors.length > 0
              ? fieldErrors.map((field) => ({
                  code: status,
                  description: `${open311Parameter(field.field)}: ${field.message}`,
                }))
              : [{ code: status, description }]);
          return send(reply, format, errorsDocument(errors), status);
        }
        const fastifyStatus = error.statusCode && error.statusCode >= 400 && error.statusCode < 500;
        if (!fastifyStatus) {
          request.log.error({ err: error }, 'unexpected error');
          return send(
            reply,
            format,
            errorsDocument([{ code: 500, description: t('errors.unexpected') }]),
            500,
          );
        }
        request.log.info({ err: { code: error.code, message: error.message } }, 'request refused');
        const status = error.statusCode === 429 ? 429 : 400;
        return send(
          reply,
          format,
          errorsDocument([{ code: status, description: t('open311:errors.malformed') }]),
          status,
        );
      });

      // What the GETs give is public and never depends on a cookie: any site's scripts may read it.
      api.addHook('onSend', async (request, reply) => {
        if (request.method !== 'GET' && request.method !== 'HEAD') return;
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
      });

      api.setNotFoundHandler(async (request, reply) => {
        const { t } = request.pageContext();
        return send(
          reply,
          formatOf(request),
          errorsDocument([{ code: 404, description: t('open311:errors.noSuchResource') }]),
          404,
        );
      });

      const checkJurisdiction = (request: FastifyRequest, t: Translator['t']) => {
        const given =
          parameter(request.query as Record<string, unknown>, 'jurisdiction_id') ??
          (request.method === 'POST'
            ? postedForm(request).fields.jurisdiction_id?.[0]?.trim() || undefined
            : undefined);
        if (deps.jurisdiction && given !== undefined && given !== deps.jurisdiction)
          throw new PlazaError(
            'not_found',
            'open311.jurisdiction',
            t('open311:errors.jurisdiction', { jurisdiction: given }),
          );
      };

      const publicConfig = { access: 'public' as const, session: false as const };
      /** For the OpenAPI document: the JSON twin's answer is described; the XML one carries the same data. */
      const documented = (
        format: Open311Format,
        summary: string,
        parts: { params?: ZodType; querystring?: ZodType; response?: ZodType },
      ) => ({
        tags: ['Open311'],
        summary: `${summary} (${format.toUpperCase()})`,
        description:
          format === 'xml'
            ? 'text/xml; charset=utf-8: the same data as the .json twin, as GeoReport v2 XML.'
            : 'application/json; charset=utf-8.',
        ...(parts.params ? { params: parts.params } : {}),
        querystring: parts.querystring ?? jurisdictionQuery,
        ...(format === 'json'
          ? {
              response: {
                ...(parts.response ? { 200: parts.response } : {}),
                400: errorsSchema,
                404: errorsSchema,
              },
            }
          : {}),
      });

      for (const format of formats) {
        api.get(
          `/discovery.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'This endpoint, its specification and formats', {
              querystring: z.looseObject({}),
              response: discoverySchema,
            }),
          },
          async (request, reply) => {
            const { t } = request.pageContext();
            return send(
              reply,
              format,
              discoveryDocument({
                changeset: await open311.changeset(),
                contact: t('open311:discovery.contact', {
                  organisation: deps.organisationName,
                  url: deps.baseUrl,
                }),
                keyService: t('open311:discovery.keyService', { organisation: deps.organisationName }),
                url: `${deps.baseUrl}${OPEN311_PREFIX}`,
                type: deps.production ? 'production' : 'test',
                timeZone,
              }),
            );
          },
        );

        api.get(
          `/services.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'The report types', { response: z.array(serviceSchema) }),
          },
          async (request, reply) => {
            checkJurisdiction(request, request.pageContext().t);
            return send(reply, format, servicesDocument(open311.services()));
          },
        );

        api.get(
          `/services/:service_code.${format}`,
          {
            config: publicConfig,
            schema: documented(format, "A report type's questions, as attributes", {
              params: serviceCodeParams,
              response: serviceDefinitionSchema,
            }),
          },
          async (request, reply) => {
            const { t } = request.pageContext();
            checkJurisdiction(request, t);
            const { service_code: code } = request.params as z.output<typeof serviceCodeParams>;
            const service = open311.service(code);
            if (!service)
              throw new PlazaError(
                'not_found',
                'open311.service_code',
                t('open311:errors.unknownService', { code }),
              );
            return send(reply, format, serviceDefinitionDocument(service, t));
          },
        );

        api.get(
          `/requests.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'Service requests, newest first', {
              querystring: requestsQuery,
              response: z.array(requestSchema),
            }),
          },
          async (request, reply) => {
            const { t } = request.pageContext();
            checkJurisdiction(request, t);
            const query = request.query as Record<string, unknown>;
            const rows = await open311.requestRecords(requestFilter(query, t), presentation());
            return send(reply, format, requestsDocument(rows, await requestContext(rows, query)));
          },
        );

        api.get(
          `/requests/:service_request_id.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'One service request (a list of one)', {
              params: serviceRequestIdParams,
              querystring: requestQuery,
              response: z.array(requestSchema),
            }),
          },
          async (request, reply) => {
            const { t } = request.pageContext();
            checkJurisdiction(request, t);
            const { service_request_id: id } = request.params as z.output<typeof serviceRequestIdParams>;
            const rows = await open311.requestRecords(
              // service_request_id overrides every other filter, the dates included.
              { serviceRequestIds: [id], from: new Date(0), to: new Date(0), limit: 1, offset: 0 },
              presentation(),
            );
            if (rows.length === 0)
              throw new PlazaError(
                'not_found',
                'open311.service_request_id',
                t('open311:errors.unknownRequest', { id }),
              );
            const query = request.query as Record<string, unknown>;
            return send(reply, format, requestsDocument(rows, await requestContext(rows, query)));
          },
        );

        // Plaza files every request at once and answers with its service_request_id (the services are
        // "realtime"), so it never hands out a token: any token asked about is unknown.
        api.get(
          `/tokens/:token.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'A token (always 404: requests are filed at once)', {
              params: tokenParams,
            }),
          },
          async (request) => {
            const { t } = request.pageContext();
            checkJurisdiction(request, t);
            throw new PlazaError('not_found', 'open311.token', t('open311:errors.unknownToken'));
          },
        );

        api.get(
          `/servicerequestupdates.${format}`,
          {
            config: publicConfig,
            schema: documented(format, 'Public updates of service requests, oldest first', {
              querystring: updatesQuery,
              response: z.array(updateSchema),
            }),
          },
          async (request, reply) => {
            const { t } = request.pageContext();
            checkJurisdiction(request, t);
            const query = request.query as Record<string, unknown>;
            const window = dateWindow(query, t);
            const paging = pagingOf(query, t);
            const ids = parameter(query, 'service_request_id');
            const events = await open311.updates({
              ...window,
              ...paging,
              serviceRequestIds: ids ? commaList(ids).slice(0, MAX_IDS) : undefined,
            });
            return send(reply, format, updatesDocument(events, { timeZone, stateLabel: open311.stateLabel }));
          },
        );

        api.post(
          `/requests.${format}`,
          {
            bodyLimit: maxBodyBytes,
            config: { access: { client: OPEN311_SCOPE }, session: false, csrf: false, multipart: true },
            schema: {
              ...documented(format, 'File a service request', { response: filedSchema }),
              consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
              body: newRequestForm,
              security: [{ bearer: [OPEN311_SCOPE] }, { apiKey: [OPEN311_SCOPE] }],
            },
            // What the body held, as the schema reads it (the form itself was read while parsing).
            preValidation: async (request) => {
              request.body = Object.fromEntries(
                Object.entries(postedForm(request).fields).map(([name, values]) => [
                  name,
                  values.length === 1 ? values[0] : values,
                ]),
              );
            },
            preParsing: readPostedForm({
              maxBytes: maxBodyBytes,
              authenticate: deps.authenticate,
              tooLarge: () =>
                new PlazaError(
                  'too_large',
                  'open311.too_large',
                  `The request is larger than ${maxBodyBytes} bytes.`,
                ),
              invalidKey: () =>
                new PlazaError('unauthenticated', 'auth.invalid_credentials', 'The api_key is not valid.'),
            }),
          },
          async (request, reply) => {
            const { t, locale } = request.pageContext();
            checkJurisdiction(request, t);
            const principal = request.principal;
            if (principal?.kind !== 'client')
              throw new PlazaError(
                'unauthenticated',
                'auth.client_required',
                t('open311:errors.apiKeyMissing'),
              );
            const input = await newRequest(request, { t, locale });
            const filed = await open311.file({ ...input, actor: { type: 'client', id: principal.id } });
            return send(reply, format, filedDocument(filed.serviceRequestId));
          },
        );
      }
    },
    { prefix: OPEN311_PREFIX },
  );

  /** GET requests' filters, checked: each mistake is a 400 that names the parameter. */
  function requestFilter(query: Record<string, unknown>, t: Translator['t']) {
    const paging = pagingOf(query, t);
    const ids = parameter(query, 'service_request_id');
    if (ids) {
      const list = commaList(ids);
      if (list.length > MAX_IDS) throw badRequest(t('open311:errors.tooManyIds', { max: MAX_IDS }));
      return { serviceRequestIds: list, from: new Date(0), to: new Date(0), ...paging };
    }
    const codes = parameter(query, 'service_code');
    const statuses = parameter(query, 'status');
    const statusList = statuses ? commaList(statuses) : undefined;
    const wrongStatus = statusList?.find((status) => status !== 'open' && status !== 'closed');
    if (wrongStatus !== undefined) throw badRequest(t('open311:errors.status', { status: wrongStatus }));
    return {
      ...dateWindow(query, t),
      ...paging,
      serviceCodes: codes ? commaList(codes) : undefined,
      statuses: statusList as ('open' | 'closed')[] | undefined,
    };
  }

  function badRequest(description: string): PlazaError {
    return open311Errors('invalid', [{ code: 400, description }]);
  }

  /** start_date and end_date: at most 90 days apart; the last 90 days without them. */
  function dateWindow(query: Record<string, unknown>, t: Translator['t']): { from: Date; to: Date } {
    const errors: Open311Error[] = [];
    const read = (name: 'start_date' | 'end_date'): Date | undefined => {
      const value = parameter(query, name);
      if (value === undefined) return undefined;
      const date = parseW3cDateTime(value, timeZone);
      if (!date) errors.push({ code: 400, description: t('open311:errors.date', { name, value }) });
      return date;
    };
    const start = read('start_date');
    const end = read('end_date');
    if (errors.length > 0) throw open311Errors('invalid', errors);
    const span = MAX_SPAN_DAYS * DAY_MS;
    const to = end ?? (start ? new Date(start.getTime() + span) : open311.now());
    const from = start ?? new Date(to.getTime() - span);
    if (from.getTime() > to.getTime()) throw badRequest(t('open311:errors.dateOrder'));
    if (to.getTime() - from.getTime() > span)
      throw badRequest(t('open311:errors.dateSpan', { days: MAX_SPAN_DAYS }));
    return { from, to };
  }

  /** The paging extension: page (from 1) and page_size (up to 1000, which is also the default). */
  function pagingOf(query: Record<string, unknown>, t: Translator['t']): { limit: number; offset: number } {
    const whole = (name: string, max: number): number | undefined => {
      const value = parameter(query, name);
      if (value === undefined) return undefined;
      const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (!(number >= 1 && number <= max)) throw badRequest(t('open311:errors.paging', { name, value, max }));
      return number;
    };
    const size = whole('page_size', MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
    const page = whole('page', 1_000_000) ?? 1;
    return { limit: size, offset: (page - 1) * size };
  }

  const presentation = () => ({ timeZone, departmentNames: deps.departmentNames() });

  async function requestContext(
    reports: RecordRow[],
    query: Record<string, unknown>,
  ): Promise<RequestContext> {
    const base = { timeZone };
    if (parameter(query, 'extensions') !== 'true') return base;
    const ids = reports.map((report) => report.id);
    const duplicateOf = reports.flatMap((report) => (report.duplicate_of ? [report.duplicate_of] : []));
    return {
      ...base,
      extensions: {
        notes: await open311.notes(ids),
        originals: await open311.serviceRequestIdsOf(duplicateOf),
        stateLabel: open311.stateLabel,
      },
    };
  }

  /** What POST requests sent, checked; every problem found is reported at once. */
  async function newRequest(
    request: FastifyRequest,
    context: { t: Translator['t']; locale: string },
  ): Promise<Omit<NewRequest, 'actor'>> {
    const { t } = context;
    const form = postedForm(request);
    const notText = firstNotText(form.fields);
    if (notText) throw badRequest(t('open311:errors.notText', { name: notText.replace(/\.\d+$/, '') }));
    const value = (name: string): string | undefined => {
      const first = form.fields[name]?.[0]?.trim();
      return first === '' ? undefined : first;
    };
    const code = value('service_code');
    if (!code) throw badRequest(t('open311:errors.required', { name: 'service_code' }));
    const service = open311.service(code);
    if (!service)
      throw new PlazaError('not_found', 'open311.service_code', t('open311:errors.unknownService', { code }));

    const errors: Open311Error[] = [];
    const problem = (description: string) => errors.push({ code: 400, description });

    // Where: lat and long, or an address the gazetteer knows, or one of its places by id.
    let location: NewRequest['location'] | undefined;
    const lat = value('lat');
    const long = value('long');
    const addressString = value('address_string');
    const addressId = value('address_id');
    if (addressString !== undefined && addressString.length > MAX_ADDRESS)
      problem(t('open311:errors.addressTooLong', { max: MAX_ADDRESS }));
    if (lat !== undefined || long !== undefined) {
      const latitude = coordinate(lat, 90);
      const longitude = coordinate(long, 180);
      if (latitude === undefined) problem(t('open311:errors.lat'));
      if (longitude === undefined) problem(t('open311:errors.long'));
      if (latitude !== undefined && longitude !== undefined)
        location = { lat: latitude, long: longitude, ...(addressString ? { address: addressString } : {}) };
    } else if (addressString !== undefined || addressId !== undefined) {
      const place =
        addressId !== undefined
          ? /^\d{1,15}$/.test(addressId)
            ? await open311.places.place(Number(addressId))
            : undefined
          : (await open311.places.searchPlaces(addressString as string))[0];
      if (place) location = { lat: place.lat, long: place.long, address: place.name };
      else if (addressId !== undefined) problem(t('open311:errors.addressId', { id: addressId }));
      else problem(t('open311:errors.addressString', { address: addressString }));
    } else {
      problem(t('open311:errors.location'));
    }

    const description = value('description') ?? '';
    if (description.length > MAX_DESCRIPTION)
      problem(t('open311:errors.descriptionTooLong', { max: MAX_DESCRIPTION }));

    const mediaUrl = value('media_url');
    if (mediaUrl !== undefined && !isWebAddress(mediaUrl)) problem(t('open311:errors.mediaUrl'));

    const { answers, problems } = answersFromAttributes(service.pages, postedAttributes(form.fields), {
      t,
      locale: context.locale,
      today: localDate(open311.now(), timeZone),
    });
    for (const attribute of problems) problem(`attribute[${attribute.code}]: ${attribute.message}`);

    const photos = await Promise.all(
      form.files
        .filter((file) => mediaFields.has(file.field))
        .map(async (file) => ({
          name: file.filename || 'media',
          mediaType: (await fileTypeFromBuffer(file.content))?.mime ?? file.declaredType,
          content: file.content,
        })),
    );
    if (errors.length > 0 || !location) throw open311Errors('invalid', errors);
    return {
      serviceCode: service.code,
      answers,
      description,
      location,
      photos,
      contact: {
        email: value('email'),
        firstName: value('first_name'),
        lastName: value('last_name'),
        phone: value('phone'),
      },
    };
  }
}

function coordinate(value: string | undefined, limit: number): number | undefined {
  if (value === undefined || !/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value)) return undefined;
  const number = Number(value);
  return Math.abs(number) <= limit ? number : undefined;
}

function isWebAddress(value: string): boolean {
  if (value.length > 2000) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The Open311 parameter a field of the reports module's errors is about (a question's id: its attribute). */
function open311Parameter(field: string): string {
  const known: Record<string, string> = {
    lat: 'lat',
    long: 'long',
    location: 'lat/long',
    description: 'description',
    photos: 'media',
    service_code: 'service_code',
    account: 'api_key',
    reporter_name: 'first_name/last_name',
    reporter_email: 'email',
    reporter_phone: 'phone',
  };
  return known[field] ?? `attribute[${field}]`;
}
