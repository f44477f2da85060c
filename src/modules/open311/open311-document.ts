/**
 * One Open311 response, written once and serialised twice. GeoReport v2 defines its resources as XML and
 * their JSON as the "Spark convention" mapping of that XML: the root element is dropped and a container of
 * repeating children (services/service, service_requests/request, attributes/attribute…) becomes a JSON
 * array, always, even of one. So each route builds a document here, and `toJson` and `toXml` write it:
 * the two formats cannot carry different data.
 */
import { XMLBuilder } from 'fast-xml-parser';

/** A container of repeating children: `<item>` elements in XML, an array in JSON. */
export class Open311List {
  constructor(
    readonly item: string,
    readonly items: readonly Open311Value[],
  ) {}
}

export type Open311Scalar = string | number | boolean | null;
export type Open311Value = Open311Scalar | Open311List | Open311Object;
export interface Open311Object {
  [field: string]: Open311Value;
}

export interface Open311Document {
  /** The XML root element (services, service_requests, errors…); JSON leaves it out. */
  root: string;
  body: Open311Object | Open311List;
}

export type Open311Format = 'xml' | 'json';

export const contentTypes: Record<Open311Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

const list = (item: string, items: readonly Open311Value[]): Open311List => new Open311List(item, items);
export { list };

// Characters XML 1.0 cannot hold at all (imported records may carry them): dropped from both formats alike.
const notXmlText = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as both formats can carry it; nothing at all is null (an empty element in XML). */
export function text(value: string | null | undefined): string | null {
  const kept = value?.replace(notXmlText, '');
  return kept === undefined || kept === '' ? null : kept;
}

export function toJson(document: Open311Document): string {
  return JSON.stringify(document.body, (_key, value: unknown) =>
    value instanceof Open311List ? value.items : value,
  );
}

/** The shape XMLBuilder writes: repeated children as arrays, every scalar as text, null as an empty element. */
function xmlOf(value: Open311Value): unknown {
  if (value instanceof Open311List)
    return value.items.length === 0 ? '' : { [value.item]: value.items.map(xmlOf) };
  if (value === null) return '';
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, xmlOf(item)]));
  return String(value);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

export function toXml(document: Open311Document): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [document.root]: xmlOf(document.body) })}`;
}

export function serialise(document: Open311Document, format: Open311Format): string {
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
const offsets = new Map<string, number>();

/** Minutes east of UTC in a time zone at an instant. */
export function offsetMinutes(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const quarter = Math.floor(instant / QUARTER_HOUR_MS);
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR_MS;
    offset = Math.round((wallClock(new Date(start), timeZone) - start) / 60_000);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * A date and time as the W3C profile of ISO 8601 that GeoReport v2 asks for: to the second, with the
 * offset of the organisation's time zone at that moment (2026-03-02T10:00:00+01:00; Z in UTC).
 */
export function w3cDateTime(date: Date | null, timeZone: string): string | null {
  if (!date) return null;
  const offset = offsetMinutes(date.getTime(), timeZone);
  const local = new Date(Math.floor(date.getTime() / 1000) * 1000 + offset * 60_000)
    .toISOString()
    .slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? '+' : '-';
  const absolute = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}
