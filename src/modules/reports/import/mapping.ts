/**
 * Which column of a city's export holds which field of a report. The defaults are Open311 GeoReport v2's own
 * names, so an Open311 export (and most exports modelled on it) loads with no mapping at all; anything else
 * is mapped with flags (`--id case_enquiry_id`) or a small YAML or JSON file, and the flags win.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The fields a report takes from a file, in the order of the staging table's columns. */
export const importFields = [
  'id',
  'serviceCode',
  'serviceName',
  'department',
  'status',
  'statusNotes',
  'description',
  'lat',
  'long',
  'address',
  'requested',
  'updated',
  'expected',
  'closed',
] as const;
export type ImportField = (typeof importFields)[number];

/**
 * Open311 GeoReport v2's names (and its common `closed_datetime` extension). The department has none: Open311's
 * `agency_responsible` is free text ("Boston Public Works"), rarely one of Plaza's department ids, so it is
 * imported only when a flag or the mapping file names its column (and, usually, maps its values).
 */
export const defaultColumns: Partial<Record<ImportField, string>> = {
  id: 'service_request_id',
  serviceCode: 'service_code',
  serviceName: 'service_name',
  status: 'status',
  statusNotes: 'status_notes',
  description: 'description',
  lat: 'lat',
  long: 'long',
  address: 'address',
  requested: 'requested_datetime',
  updated: 'updated_datetime',
  expected: 'expected_datetime',
  closed: 'closed_datetime',
};

/** A record without these cannot be a report: the file must have their columns. */
export const requiredFields: readonly ImportField[] = ['id', 'serviceCode', 'status', 'requested'];

/** The command-line flag of each field (`serviceCode` → `--service-code`). */
export const flagOf = (field: ImportField): string =>
  `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** Status words of common 311 systems; a mapping file adds the deployment's own. Compared in lower case. */
export const defaultStatuses: Record<string, 'open' | 'closed'> = {
  open: 'open',
  opened: 'open',
  new: 'open',
  submitted: 'open',
  acknowledged: 'open',
  assigned: 'open',
  'in progress': 'open',
  in_progress: 'open',
  pending: 'open',
  reopened: 'open',
  closed: 'closed',
  resolved: 'closed',
  completed: 'closed',
  complete: 'closed',
  done: 'closed',
  fixed: 'closed',
  archived: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
};

export interface ImportMapping {
  /** The column holding each field; `undefined` when the field is not imported. */
  columns: Partial<Record<ImportField, string>>;
  /** Fields whose column was named by the person (a flag or the mapping file): it must exist in the file. */
  explicit: Set<ImportField>;
  statuses: Record<string, 'open' | 'closed'>;
  /** The file's department names → Plaza's department ids. */
  departments: Record<string, string>;
  source?: string;
}

const mappingFileSchema = z
  .object({
    source: z.string().min(1).max(200).optional(),
    columns: z
      .object(Object.fromEntries(importFields.map((field) => [field, z.string().min(1).optional()])))
      .strict()
      .optional(),
    statuses: z.record(z.string(), z.enum(['open', 'closed'])).optional(),
    departments: z.record(z.string(), z.string().min(1)).optional(),
  })
  .strict();

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** Reads a mapping file (YAML, or JSON by its extension), naming the place of any mistake. */
export function readMappingFile(path: string): z.infer<typeof mappingFileSchema> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MappingError(`Cannot read the mapping file ${path}.`);
  }
  let value: unknown;
  try {
    value = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new MappingError(`The mapping file ${path} is not valid: ${(error as Error).message}`);
  }
  const parsed = mappingFileSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.join('.') || '(top level)';
      const known =
        issue.code === 'unrecognized_keys' && issue.path[0] === 'columns'
          ? ` (known fields: ${importFields.join(', ')})`
          : issue.code === 'unrecognized_keys'
            ? ' (known keys: source, columns, statuses, departments)'
            : '';
      return `${where}: ${issue.message}${known}`;
    });
    throw new MappingError(`The mapping file ${path} is not valid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** The mapping for a run: Open311's names, overridden by the mapping file, overridden by flags. */
export function resolveMapping(
  flags: Partial<Record<ImportField, string>>,
  mappingFile?: string,
): ImportMapping {
  const file = mappingFile ? readMappingFile(mappingFile) : undefined;
  const columns: Partial<Record<ImportField, string>> = { ...defaultColumns };
  const explicit = new Set<ImportField>();
  for (const [field, column] of Object.entries(file?.columns ?? {}) as [ImportField, string | undefined][]) {
    if (column === undefined) continue;
    columns[field] = column;
    explicit.add(field);
  }
  for (const [field, column] of Object.entries(flags) as [ImportField, string | undefined][]) {
    if (column === undefined) continue;
    columns[field] = column;
    explicit.add(field);
  }
  const statuses = { ...defaultStatuses };
  for (const [text, status] of Object.entries(file?.statuses ?? {}))
    statuses[text.trim().toLowerCase()] = status;
  return {
    columns,
    explicit,
    statuses,
    departments: file?.departments ?? {},
    ...(file?.source ? { source: file.source } : {}),
  };
}

/**
 * Where each field is in the file's header row. Throws naming the column when a required field's column, or
 * one the person named, is missing; Open311's optional columns may simply be absent.
 */
export function locateColumns(
  mapping: ImportMapping,
  header: string[],
): Partial<Record<ImportField, number>> {
  const positions: Partial<Record<ImportField, number>> = {};
  const missing: string[] = [];
  for (const field of importFields) {
    const column = mapping.columns[field];
    if (column === undefined) continue;
    const index = header.indexOf(column);
    if (index >= 0) positions[field] = index;
    else if (requiredFields.includes(field) || mapping.explicit.has(field))
      missing.push(`"${column}" (${flagOf(field)})`);
  }
  if (missing.length > 0)
    throw new MappingError(
      `The file has no column ${missing.join(', ')}. Its columns are: ${header.join(', ')}. Name the right column with the flag, or in a mapping file (--mapping).`,
    );
  return positions;
}
