/**
 * The 311 history the reports benchmark imports: an Open311-shaped CSV of any size, made either from
 * Boston's published Open311 requests (when PLAZA_BENCH_BOSTON names the file, see ../shared/data/README.md:
 * its records are repeated with new ids, dates moved back by 18 months a round and coordinates moved a
 * little, so that descriptions, types and their mix are real) or, without it, from synthetic records with
 * the same columns and a similar mix. Nothing in Plaza depends on either.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';

export interface ReportsFile {
  path: string;
  rows: number;
  bytes: number;
  origin: string;
  /** The most frequent service code, for the Open311 filters measured. */
  commonServiceCode: string;
  /** The newest requested date in the file. */
  newest: Date;
}

const header =
  'service_request_id,requested_datetime,updated_datetime,status,service_name,service_code,description,status_notes,address,lat,long';

const csv = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A deterministic generator, so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const syntheticTypes = [
  {
    code: 'report-pothole',
    name: 'Pothole',
    share: 0.22,
    words: ['pothole', 'deep hole in the road', 'crater near the junction', 'damaged tarmac'],
  },
  {
    code: 'report-street-light',
    name: 'Street light out',
    share: 0.16,
    words: ['street light out', 'lamp flickering', 'light not working at night', 'dark street lamp'],
  },
  {
    code: 'report-graffiti',
    name: 'Graffiti',
    share: 0.12,
    words: ['graffiti on the wall', 'spray paint tags', 'offensive graffiti', 'tagging on the bridge'],
  },
  {
    code: 'report-fly-tipping',
    name: 'Fly-tipping',
    share: 0.14,
    words: [
      'dumped mattress',
      'rubbish dumped in the alley',
      'fly tipping of bags',
      'old sofa left on pavement',
    ],
  },
  {
    code: 'report-abandoned-vehicle',
    name: 'Abandoned vehicle',
    share: 0.08,
    words: [
      'abandoned car',
      'vehicle with flat tyres not moved for weeks',
      'car without plates',
      'burnt out van',
    ],
  },
  {
    code: 'report-blocked-drain',
    name: 'Blocked drain',
    share: 0.1,
    words: ['blocked drain', 'flooding at the gully', 'water not draining', 'leaves blocking the grate'],
  },
  {
    code: 'report-broken-pavement',
    name: 'Broken pavement',
    share: 0.1,
    words: ['broken paving slab', 'trip hazard on the footpath', 'uneven pavement', 'cracked kerb'],
  },
  {
    code: 'report-missed-bin',
    name: 'Missed bin collection',
    share: 0.08,
    words: ['bin not collected', 'missed recycling collection', 'collection missed again', 'bins left full'],
  },
];
const places = [
  'High Street',
  'Station Road',
  'Church Lane',
  'Park Avenue',
  'Mill Road',
  'Victoria Street',
  'the market square',
  'the school gates',
];
const extras = [
  '',
  ' please fix',
  ' it has been like this for a week',
  ' dangerous for cyclists',
  ' near the bus stop',
  ' outside number 12',
];

async function write(path: string, rows: number, row: (index: number) => string): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const push = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await push(`${header}\n`);
  const chunk: string[] = [];
  for (let index = 0; index < rows; index++) {
    chunk.push(row(index));
    if (chunk.length === 5_000) {
      await push(`${chunk.join('\n')}\n`);
      chunk.length = 0;
    }
  }
  if (chunk.length > 0) await push(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
}

const iso = (time: number): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function syntheticReportsFile(path: string, rows: number, now: Date): Promise<ReportsFile> {
  const next = random(311);
  const span = 3 * 365 * 86_400_000;
  const end = now.getTime();
  const bytes = await write(path, rows, (index) => {
    let pick = next();
    const type = syntheticTypes.find((candidate) => (pick -= candidate.share) < 0) ?? syntheticTypes[0];
    if (!type) throw new Error('no types');
    // More of them recent, as a growing service's history is.
    const requested = end - Math.floor(span * next() ** 1.5);
    const age = end - requested;
    const closed = age > 14 * 86_400_000 ? next() < 0.95 : next() < 0.4;
    const updated = Math.min(end, requested + Math.floor(next() * 10 * 86_400_000));
    const words = type.words[Math.floor(next() * type.words.length)] ?? '';
    const place = places[Math.floor(next() * places.length)] ?? '';
    const extra = extras[Math.floor(next() * extras.length)] ?? '';
    return [
      `SYN-${String(index + 1).padStart(8, '0')}`,
      iso(requested),
      iso(updated),
      closed ? 'closed' : 'open',
      type.name,
      type.code,
      csv(`${words} on ${place}${extra}`),
      closed ? csv('Case resolved. Thank you for reporting.') : '',
      csv(`${Math.floor(next() * 200) + 1} ${place}`),
      // Inside the demo city's boundary, with Plaza's own report types, so the map and triage can use them.
      (51.925 + next() * 0.025).toFixed(6),
      (-1.08 + next() * 0.065).toFixed(6),
    ].join(',');
  });
  const common = [...syntheticTypes].sort((a, b) => b.share - a.share)[0]?.code ?? 'report-pothole';
  return { path, rows, bytes, origin: 'synthetic', commonServiceCode: common, newest: now };
}

/** Boston's records, repeated to `rows` with new ids and older dates; the last round is the real one. */
export async function bostonReportsFile(path: string, rows: number, bostonCsv: string): Promise<ReportsFile> {
  const records: string[][] = [];
  const counts = new Map<string, number>();
  let header: string[] | undefined;
  const parser = createReadStream(bostonCsv)
    .pipe(/\.gz$/i.test(bostonCsv) ? createGunzip() : new (await import('node:stream')).PassThrough())
    .pipe(parse({ bom: true, relax_column_count: true }));
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = record;
      continue;
    }
    records.push(record);
  }
  if (!header || records.length === 0) throw new Error(`${bostonCsv} has no records`);
  const column = (name: string): number => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0) throw new Error(`${bostonCsv} has no column ${name}`);
    return index;
  };
  const at = {
    id: column('service_request_id'),
    requested: column('requested_datetime'),
    updated: column('updated_datetime'),
    status: column('status'),
    name: column('service_name'),
    code: column('service_code'),
    description: column('description'),
    notes: column('status_notes'),
    address: column('address'),
    lat: column('lat'),
    long: column('long'),
  };
  for (const record of records) {
    const code = record[at.code] ?? '';
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const shift = 548 * 86_400_000;
  let newest = 0;
  const next = random(2018);
  const bytes = await write(path, rows, (index) => {
    const round = Math.floor(index / records.length);
    const record = records[index % records.length] as string[];
    const move = (text: string | undefined, requested = false) => {
      const time = Date.parse(text ?? '');
      if (!Number.isFinite(time)) return text ?? '';
      const moved = time - round * shift;
      if (requested && round === 0) newest = Math.max(newest, moved);
      return iso(moved);
    };
    const jitter = (text: string | undefined) => {
      const value = Number(text);
      return text && Number.isFinite(value)
        ? (value + (next() - 0.5) * 0.0004 * Math.min(round, 1)).toFixed(6)
        : '';
    };
    return [
      round === 0 ? (record[at.id] ?? '') : `${record[at.id] ?? ''}-r${round}`,
      move(record[at.requested], true),
      move(record[at.updated]),
      record[at.status] ?? '',
      csv(record[at.name] ?? ''),
      record[at.code] ?? '',
      csv(record[at.description] ?? ''),
      csv(record[at.notes] ?? ''),
      csv(record[at.address] ?? ''),
      jitter(record[at.lat]),
      jitter(record[at.long]),
    ].join(',');
  });
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return {
    path,
    rows,
    bytes,
    origin: `Boston's Open311 requests (${records.length.toLocaleString('en')} records, repeated)`,
    commonServiceCode: common,
    newest: new Date(newest),
  };
}
