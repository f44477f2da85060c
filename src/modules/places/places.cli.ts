/** `plaza places import FILE`: loads a city's own gazetteer (CSV or GeoJSON), replacing an earlier load of it. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Db } from '../../database.js';
import { isGazetteerFile } from './gazetteer-files.js';
import { createPlacesService } from './places.service.js';

export interface PlacesCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  exit: (code: number) => void;
  withDatabase: (purpose: string, work: (db: Db) => Promise<void>) => Promise<void>;
}

export function registerPlacesCommands(program: Command, context: PlacesCommandContext): void {
  const places = program.command('places').description("the city's gazetteer: addresses, streets, landmarks");
  places
    .command('import')
    .argument('<file>', 'a CSV file (columns name, lat, long, and optionally kind, area) or GeoJSON points')
    .option(
      '--source <name>',
      'name the places are loaded under (default: the file name); a later import of the same source replaces them',
    )
    .description('load places citizens can search by name; bad rows are listed and left out')
    .action(async (file: string, options: { source?: string }) => {
      if (!existsSync(file) || !isGazetteerFile(file)) {
        context.err(`${file}: not found, or not a .csv, .geojson or .json file.`);
        context.exit(2);
        return;
      }
      await context.withDatabase('plaza places import', async (db) => {
        const service = createPlacesService({ db, boundary: () => undefined });
        const result = await service.importFile(file, options.source);
        for (const problem of result.problems) context.err(`${file} ${problem.where}: ${problem.message}`);
        context.out(
          `Loaded ${result.loaded} place(s) from ${file} as "${result.source}"; ${result.problems.length} row(s) left out.`,
        );
        if (result.loaded === 0) context.exit(1);
      });
    });
}
