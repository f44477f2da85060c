/**
 * The city's places: its gazetteer (addresses, streets and landmarks a citizen finds by name, the way to
 * say where a problem is without a map) and its boundary. The deployment's own files in the definitions
 * folder are loaded at start, each replacing the rows of its own source; a larger file (every address of
 * the city) is loaded with `npx plaza places import`.
 */
import { basename, join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { Boundary } from './boundary.js';
import {
  isGazetteerFile,
  readGazetteerFile,
  type GazetteerEntry,
  type GazetteerProblem,
  type PlaceKind,
} from './gazetteer-files.js';

export interface Place {
  id: number;
  name: string;
  kind: PlaceKind;
  lat: number;
  long: number;
  area: string | null;
}

export interface ImportResult {
  source: string;
  loaded: number;
  problems: GazetteerProblem[];
}

export const PLACES_FOLDER = 'places';
const IMPORT_LOCK_KEY = 7_072_008;
const INSERT_BATCH = 1000;
const SEARCH_LIMIT = 20;

/** Words of a search, letters and digits only, so nothing of tsquery's syntax gets through. */
function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function createPlacesService(deps: { db: Db; boundary: () => Boundary | undefined }) {
  const { db } = deps;

  /** The same name twice in one file is one place: the first wins, as the unique index requires. */
  function uniqueByName(entries: GazetteerEntry[]): GazetteerEntry[] {
    const unique = new Map<string, GazetteerEntry>();
    for (const entry of entries) if (!unique.has(entry.name)) unique.set(entry.name, entry);
    return [...unique.values()];
  }

  /** Whether `source`'s stored places are exactly `rows` already (then a start need write nothing). */
  async function holdsAlready(source: string, rows: GazetteerEntry[]): Promise<boolean> {
    const stored = await db
      .selectFrom('gazetteer_places')
      .select(['name', 'kind', 'lat', 'long', 'area'])
      .where('source', '=', source)
      .execute();
    if (stored.length !== rows.length) return false;
    const byName = new Map(stored.map((row) => [row.name, row]));
    return rows.every((row) => {
      const held = byName.get(row.name);
      return (
        held !== undefined &&
        held.kind === row.kind &&
        held.lat === row.lat &&
        held.long === row.long &&
        held.area === row.area
      );
    });
  }

  /** Replaces every place of `source` with `entries`, in one transaction. */
  async function replaceSource(source: string, entries: GazetteerEntry[]): Promise<number> {
    const rows = uniqueByName(entries);
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`.execute(trx);
      await trx.deleteFrom('gazetteer_places').where('source', '=', source).execute();
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        await trx
          .insertInto('gazetteer_places')
          .values(
            rows.slice(start, start + INSERT_BATCH).map((row) => ({
              source,
              name: row.name,
              kind: row.kind,
              lat: row.lat,
              long: row.long,
              area: row.area,
            })),
          )
          .execute();
      }
    });
    return rows.length;
  }

  return {
    boundary: deps.boundary,

    /** Whether a point is inside the city (true everywhere when the deployment has no boundary). */
    isInsideBoundary(lat: number, long: number): boolean {
      return deps.boundary()?.contains(lat, long) ?? true;
    },

    /** Loads a gazetteer file; its places replace those loaded before from the same source. */
    async importFile(path: string, source = basename(path)): Promise<ImportResult> {
      const parsed = readGazetteerFile(path);
      const loaded = parsed.entries.length > 0 ? await replaceSource(source, parsed.entries) : 0;
      return { source, loaded, problems: parsed.problems };
    },

    /** Loads the definitions folder's gazetteer files (places/*.csv, *.geojson), at start. */
    async syncFromDefinitions(definitionsDir: string): Promise<ImportResult[]> {
      const folder = join(definitionsDir, PLACES_FOLDER);
      if (!existsSync(folder)) return [];
      const results: ImportResult[] = [];
      for (const file of readdirSync(folder).filter(isGazetteerFile).sort()) {
        const parsed = readGazetteerFile(join(folder, file));
        const source = `definitions/${file}`;
        // Every process runs this at every start: an unchanged file (the usual case) is only read.
        const rows = uniqueByName(parsed.entries);
        const loaded = (await holdsAlready(source, rows)) ? rows.length : await replaceSource(source, rows);
        results.push({ source, loaded, problems: parsed.problems });
      }
      return results;
    },

    /**
     * Places whose name starts with the text, then places holding every word (street numbers and names
     * in any order), closest matches first.
     */
    async searchPlaces(text: string, limit = SEARCH_LIMIT): Promise<Place[]> {
      const words = searchWords(text);
      if (words.length === 0) return [];
      const prefix = `${escapeLike(words.join(' '))}%`;
      const tsquery = words.map((word) => `${word}:*`).join(' & ');
      const rows = await sql<Place>`
        select id, name, kind, lat, long, area
        from gazetteer_places
        where lower(name) like ${prefix}
           or search_document @@ to_tsquery('simple', ${tsquery})
        order by (lower(name) like ${prefix}) desc,
                 ts_rank(search_document, to_tsquery('simple', ${tsquery})) desc,
                 length(name), name
        limit ${limit}`.execute(db);
      return rows.rows.map((row) => ({ ...row, id: Number(row.id) }));
    },

    async place(id: number): Promise<Place | undefined> {
      if (!Number.isSafeInteger(id) || id <= 0) return undefined;
      const row = await db
        .selectFrom('gazetteer_places')
        .select(['id', 'name', 'kind', 'lat', 'long', 'area'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { ...row, id: Number(row.id) } : undefined;
    },

    /** The areas the gazetteer names, for filters. */
    async areas(): Promise<string[]> {
      const rows = await db
        .selectFrom('gazetteer_places')
        .select('area')
        .distinct()
        .where('area', 'is not', null)
        .orderBy('area')
        .execute();
      return rows.map((row) => row.area as string);
    },

    /** The box around an area's places: [south, west, north, east]. */
    async areaBounds(area: string): Promise<[number, number, number, number] | undefined> {
      const row = await db
        .selectFrom('gazetteer_places')
        .select((eb) => [
          eb.fn.min('lat').as('south'),
          eb.fn.min('long').as('west'),
          eb.fn.max('lat').as('north'),
          eb.fn.max('long').as('east'),
        ])
        .where('area', '=', area)
        .executeTakeFirst();
      if (!row || row.south === null) return undefined;
      // A margin of about 150 m, so a report at the edge of the area's last street is inside.
      const margin = 0.0015;
      return [
        Number(row.south) - margin,
        Number(row.west) - margin,
        Number(row.north) + margin,
        Number(row.east) + margin,
      ];
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
