/**
 * One Open311 response, written once and serialised twice. GeoReport v2 defines its resources as XML and
 * their JSON as the "Spark convention" mapping of that XML: the root element is dropped and a container of
 * repeating children (services/service, service_requests/request, attributes/attribute…) becomes a JSON
 * array, always, even of one. So each route builds a document here, and `toJson` and `toXml` write it:
 * the two formats cannot carry different data.
 */
import { XMLBuilder } from 'fast-xml-parser';

/**
 * A container of repeating children: `<item>` elements in XML, an array in JSON. It is a plain array, with
 * its element name kept aside, so that `JSON.stringify` needs no replacer, which it would call for every
 * value (a quarter of the time of writing a page of 1000 service requests).
 */
export type Open311List = readonly Open311Value[];
const itemNames = new WeakMap<Open311List, string>();

export type Open311Scalar = string | number | boolean | null;
export type Open311Value = Open311Scalar | Open311List | Open311Object;
export interface Open311Object {
  [field: string]: Open311Value;
}

/**
 * Records the database already wrote as JSON objects (GeoReport v2's service requests): JSON sends them as
 * they are, XML reads each one. Their fields are in the specification's order, which XML keeps.
 */
export class JsonRecords {
  constructor(
    readonly item: string,
    readonly texts: readonly string[],
  ) {}
}

export interface Open311Document {
  /** The XML root element (services, service_requests, errors…); JSON leaves it out. */
  root: string;
  body: Open311Object | Open311List | JsonRecords;
}

export type Open311Format = 'xml' | 'json';

export const contentTypes: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function list(item: string, items: readonly Open311Value[]): Open311List {
  itemNames.set(items, item);
  return items;
}

// Characters XML 1.0 cannot hold at all (imported records may carry them): dropped from both formats alike.
const notXmlText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as both formats can carry it; nothing at all is null (an empty element in XML). */
export function text(value: string | null | undefined): string | null {
  const kept = value?.replace(notXmlText, '');
  return kept === undefined || kept === '' ? null : kept;
}

/** JSON text already written, in one buffer: each text encoded once, straight into its place. */
function jsonArray(texts: readonly string[]): Buffer {
  let bytes = 2 + Math.max(texts.length - 1, 0);
  for (const text of texts) bytes += Buffer.byteLength(text);
  const buffer = Buffer.allocUnsafe(bytes);
  let at = buffer.write('[');
  texts.forEach((text, index) => {
    if (index > 0) at += buffer.write(',', at);
    at += buffer.write(text, at);
  });
  buffer.write(']', at);
  return buffer;
}

export function toJson(document: Open311Document): Buffer {
  const { body } = document;
  if (body instanceof JsonRecords) return jsonArray(body.texts);
  return Buffer.from(JSON.stringify(body));
}

/** The shape XMLBuilder writes: repeated children as arrays, every scalar as text, null as an empty element. */
function xmlOf(value: Open311Value): unknown {
  if (Array.isArray(value)) {
    const item = itemNames.get(value);
    // Only list() makes arrays here; one made otherwise is a mistake to see at once, not invalid XML.
    if (item === undefined) throw new Error('An Open311 list was made without list()');
    return value.length === 0 ? '' : { [item]: value.map(xmlOf) };
  }
  if (value === null) return '';
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, xmlOf(item)]));
  return String(value);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

export function toXml(document: Open311Document): Buffer {
  const { body } = document;
  const tree =
    body instanceof JsonRecords
      ? xmlOf(
          list(
            body.item,
            body.texts.map((json) => JSON.parse(json) as Open311Object),
          ),
        )
      : xmlOf(body);
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${builder.build({ [document.root]: tree })}`);
}

/** A document as the bytes of a response (a string would be measured and then encoded again by Node). */
export function serialise(document: Open311Document, format: Open311Format): Buffer {
  return format === 'json' ? toJson(document) : toXml(document);
}

/** Open311's error body: `errors/error{code, description}`, several at once where there are several. */
export function errorsDocument(errors: readonly { code: number; description: string }[]): Open311Document {
  return {
    root: 'errors',
    body: list(
      'error',
      errors.map((error) => ({ code: error.code, description: text(error.description) })),
    ),
  };
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in a time zone at an instant, to the second, as if it were UTC. */
function wallClock(instant: Date, timeZone: string): number {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    wallClocks.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = Number(part.value);
  return Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

// Offsets change on quarter hours at most: one look-up per zone and quarter hour serves a page of 1000 dates.
const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const CACHE_LIMIT = 100_000;
const offsetsByZone = new Map<string, Map<number, number>>();

/** Minutes east of UTC in a time zone at an instant. */
export function offsetMinutes(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let offsets = offsetsByZone.get(timeZone);
  if (!offsets) offsetsByZone.set(timeZone, (offsets = new Map<number, number>()));
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  let offset = offsets.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    offset = Math.round((wallClock(new Date(start), timeZone) - start) / 60_000);
    if (offsets.size > CACHE_LIMIT) offsets.clear();
    offsets.set(quarter, offset);
  }
  return offset;
}

// A page of 1000 requests writes 3000 dates: the parts that repeat (the day, the offset) are written once
// and kept, and the rest is put together from two-digit strings, instead of a Date and toISOString each.
const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const dayPrefixes = new Map<number, string>();
const offsetSuffixes = new Map<number, string>();

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > CACHE_LIMIT) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

function offsetSuffix(offset: number): string {
  let suffix = offsetSuffixes.get(offset);
  if (suffix === undefined) {
    const absolute = Math.abs(offset);
    suffix =
      offset === 0
        ? 'Z'
        : `${offset > 0 ? '+' : '-'}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
    offsetSuffixes.set(offset, suffix);
  }
  return suffix;
}

/**
 * A date and time as the W3C profile of ISO 8601 that GeoReport v2 asks for: to the second, with the
 * offset of the organisation's time zone at that moment (2026-03-02T10:00:00+01:00; Z in UTC).
 */
export function w3cDateTime(date: Date | number | null, timeZone: string): string | null {
  if (date === null) return null;
  const instant = typeof date === 'number' ? date : date.getTime();
  const offset = offsetMinutes(instant, timeZone);
  const local = Math.floor(instant / 1000) + offset * 60;
  const day = Math.floor(local / 86_400);
  const second = local - day * 86_400;
  return `${dayPrefix(day)}${twoDigits[Math.floor(second / 3600)]}:${twoDigits[Math.floor(second / 60) % 60]}:${twoDigits[second % 60]}${offsetSuffix(offset)}`;
}
