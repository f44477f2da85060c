/**
 * The Open311 routes' parameters and JSON answers, for the OpenAPI document. They are deliberately loose
 * (every parameter a string, or several, and unknown ones kept): GeoReport v2 says clients may send
 * parameters a server does not know, and the routes check values themselves to answer with Open311's own
 * error bodies, naming the parameter, rather than a schema's.
 */
import { z } from 'zod';

const text = z.union([z.string(), z.array(z.string())]).optional();
const nullableText = z.string().nullable();

const jurisdiction = {
  jurisdiction_id: text.describe(
    'Accepted everywhere; when the deployment sets PLAZA_OPEN311_JURISDICTION, any other value is 404',
  ),
};

export const jurisdictionQuery = z.looseObject(jurisdiction);

export const serviceCodeParams = z.object({
  service_code: z.string().describe("The report type's code (its slug), from services"),
});
export const serviceRequestIdParams = z.object({
  service_request_id: z
    .string()
    .describe('The service request id (a Plaza case reference, or an imported id)'),
});
export const tokenParams = z.object({ token: z.string() });

const paging = {
  page: text.describe('Paging extension: the page, from 1'),
  page_size: text.describe('Paging extension: requests per page, 1 to 1000 (the default)'),
};
const dates = {
  start_date: text.describe(
    'W3C date-time (2026-03-01T00:00:00Z) or date; with end_date at most 90 days apart; the last 90 days without either',
  ),
  end_date: text.describe('W3C date-time or date'),
};

export const requestsQuery = z.looseObject({
  ...jurisdiction,
  service_request_id: text.describe('Comma-separated ids; overrides every other filter'),
  service_code: text.describe('Comma-separated service codes'),
  status: text.describe('open, closed, or both comma-separated'),
  ...dates,
  ...paging,
  extensions: text.describe('true: add extended_attributes and notes (the public updates)'),
});

export const requestQuery = z.looseObject({
  ...jurisdiction,
  extensions: text.describe('true: add extended_attributes and notes (the public updates)'),
});

export const updatesQuery = z.looseObject({
  ...jurisdiction,
  service_request_id: text.describe('Comma-separated ids'),
  ...dates,
  ...paging,
});

export const newRequestForm = z
  .looseObject({
    api_key: text.describe('The API key (or send it in an Authorization: Bearer or x-api-key header)'),
    ...jurisdiction,
    service_code: text.describe('Required: the report type'),
    lat: text.describe('Latitude, WGS84 (with long); or address_string, or address_id'),
    long: text.describe('Longitude, WGS84'),
    address_string: text.describe("An address or landmark, found in the city's gazetteer"),
    address_id: text.describe("The id of a place in the city's gazetteer"),
    email: text.describe("The reporter's email address (personal: never published)"),
    first_name: text,
    last_name: text,
    phone: text,
    device_id: text.describe('Accepted, not kept'),
    account_id: text.describe('Accepted, not kept'),
    description: text.describe(
      'What is wrong, up to 4000 characters (the report type may allow fewer); public',
    ),
    media_url: text.describe('Accepted when a web address; not fetched'),
    media: z
      .unknown()
      .optional()
      .describe(
        'multipart/form-data only: a photo (JPEG, PNG, HEIC or WebP), repeatable up to the type’s limit',
      ),
  })
  .describe(
    'attribute[CODE]=value for each of the service definition’s attributes, attribute[CODE][]=value once per value of a multivaluelist',
  );

const w3c = z.string().describe('W3C date-time with the organisation’s offset');

export const serviceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: nullableText,
  metadata: z.boolean().describe('Whether the service definition has attributes'),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: nullableText,
  group: nullableText,
});

export const serviceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: nullableText,
      order: z.number().int(),
      description: nullableText,
      values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
    }),
  ),
});

export const requestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: nullableText,
  service_name: nullableText,
  service_code: z.string(),
  description: nullableText,
  agency_responsible: nullableText,
  service_notice: nullableText,
  requested_datetime: w3c,
  updated_datetime: w3c.nullable(),
  expected_datetime: w3c.nullable(),
  address: nullableText,
  address_id: nullableText,
  zipcode: nullableText,
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: nullableText,
  extended_attributes: z
    .object({
      channel: z.enum(['web', 'open311', 'staff', 'import']),
      duplicate: z.boolean(),
      parent_service_request_id: nullableText.describe('The original, for a duplicate merged into it'),
      followers: z.number().int(),
      photos: z.number().int(),
    })
    .optional()
    .describe('With extensions=true'),
  notes: z
    .array(
      z.object({
        datetime: w3c,
        type: z.enum(['opened', 'closed', 'activity']),
        summary: nullableText,
        description: nullableText,
      }),
    )
    .optional()
    .describe('With extensions=true: the public updates, oldest first'),
});

export const filedSchema = z.array(
  z.object({ service_request_id: z.string(), service_notice: nullableText, account_id: nullableText }),
);

export const updateSchema = z.object({
  update_id: z.string(),
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  updated_datetime: w3c,
  description: nullableText,
  media_url: nullableText,
});

export const discoverySchema = z.object({
  changeset: w3c,
  contact: nullableText,
  key_service: nullableText,
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: w3c,
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

export const errorsSchema = z
  .array(z.object({ code: z.number().int(), description: z.string() }))
  .describe('Open311 errors: 404 what does not exist, 403 API key problems, 400 anything else');
