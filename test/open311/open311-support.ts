/**
 * What an independent Open311 client would check: each JSON answer against the official JSON Schemas
 * (vendored in ./schemas), and each XML answer read the way an XML client reads it (fast-xml-parser),
 * turned into the JSON shape by the Spark convention, validated by the same schemas and compared with its
 * JSON twin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';

const schemaDir = join(import.meta.dirname, 'schemas');
const ajv = new Ajv({ strict: false, allErrors: true });
(addFormats as unknown as (ajv: Ajv) => void)(ajv);
for (const name of ['service', 'services', 'service-definition', 'request', 'requests'])
  ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, `${name}.json`), 'utf8')) as object, `${name}.json`);

export type SchemaName = 'services' | 'service-definition' | 'requests';

/** The schema's complaints, empty when the document is valid. */
export function schemaErrors(schema: SchemaName, document: unknown): string[] {
  const validate = ajv.getSchema(`${schema}.json`);
  if (!validate) throw new Error(`no schema ${schema}`);
  return validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** Containers of repeating children (GeoReport v2 and the extensions Plaza serves). */
const containers: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  notes: 'note',
  service_request_updates: 'request_update',
};
const booleans = new Set(['metadata', 'variable', 'required', 'duplicate']);
const numbers = new Set(['lat', 'long', 'order', 'followers', 'photos']);

const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
});

function convert(name: string, value: unknown, parent: string | undefined): unknown {
  const item = containers[name];
  if (item !== undefined) {
    if (value === '' || value === undefined) return [];
    const children = (value as Record<string, unknown>)[item];
    return [children ?? []].flat().map((child) => convert(item, child, name));
  }
  if (typeof value === 'string') {
    if (value === '') return null;
    if (booleans.has(name)) {
      if (value !== 'true' && value !== 'false') throw new Error(`${name} is not a boolean: ${value}`);
      return value === 'true';
    }
    if (numbers.has(name) || (name === 'code' && parent === 'error')) return Number(value);
    return value;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, child]) => [
        key,
        convert(key, child, name),
      ]),
    );
  return value;
}

/** An XML answer as its JSON twin: the root dropped, containers as arrays, types as the schemas have them. */
export function xmlAsJson(xml: string): unknown {
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error('no XML declaration');
  const parsed = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(parsed);
  if (roots.length !== 1) throw new Error(`expected one root element, got ${roots.join(', ')}`);
  const root = roots[0] as string;
  return convert(root, parsed[root] === '' && !containers[root] ? {} : parsed[root], undefined);
}
