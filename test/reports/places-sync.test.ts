/**
 * The definitions folder's gazetteer is loaded by every Plaza process at every start: an unchanged file
 * leaves its places as they are (no rewrite, the same ids), and a changed one replaces them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../src/database.js';
import type { DatabaseHandle } from '../../src/platform/db/database-handle.js';
import { createPlacesService } from '../../src/modules/places/index.js';
import { testDatabases } from '../support/database.js';

describe.each(testDatabases())('the gazetteer at start on $name', (database) => {
  let handle: DatabaseHandle<Database>;
  let dir: string;

  beforeAll(async () => {
    handle = await database.open();
    dir = mkdtempSync(join(tmpdir(), 'plaza-places-sync-'));
    mkdirSync(join(dir, 'places'));
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const placesNow = () =>
    handle.db
      .selectFrom('gazetteer_places')
      .select(['id', 'name', 'lat'])
      .where('source', '=', 'definitions/streets.csv')
      .orderBy('name')
      .execute();

  test('an unchanged file is not written again; a changed one replaces its places', async () => {
    const places = createPlacesService({ db: handle.db, boundary: () => undefined });
    const file = join(dir, 'places', 'streets.csv');
    writeFileSync(file, 'name,lat,long,area\n1 Quay Street,51.94,-1.07,Riverside\nMill Lane,51.95,-1.06,\n');

    expect((await places.syncFromDefinitions(dir))[0]?.loaded).toBe(2);
    const first = await placesNow();
    expect(first.map((place) => place.name)).toEqual(['1 Quay Street', 'Mill Lane']);

    // A second start with the same file: the same rows, ids and all.
    expect((await places.syncFromDefinitions(dir))[0]?.loaded).toBe(2);
    expect(await placesNow()).toEqual(first);

    // The file changes (one place moved): its places are replaced.
    writeFileSync(file, 'name,lat,long,area\n1 Quay Street,51.941,-1.07,Riverside\nMill Lane,51.95,-1.06,\n');
    await places.syncFromDefinitions(dir);
    const after = await placesNow();
    expect(after.find((place) => place.name === '1 Quay Street')?.lat).toBe(51.941);
    expect(after.map((place) => place.id)).not.toEqual(first.map((place) => place.id));
  });
});
