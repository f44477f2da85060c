/**
 * The organisation running Plaza: its departments and its working calendar, read from the deployment's
 * definitions folder (departments.yaml, calendar.yaml) and kept in the database for references and joins.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { WorkingCalendar } from '../../platform/time/working-calendar.js';
import {
  textKeysOf,
  unknownTranslationKeys,
  visitText,
  type TextVisitor,
  type Translations,
} from '../../platform/definitions/translations.js';
import {
  parseWith,
  problemAt,
  readYamlFile,
  type DefinitionProblem,
} from '../../platform/definitions/yaml-files.js';
import { calendarFileSchema, departmentsFileSchema, type Department } from './organisation.schema.js';

export interface OrganisationDefinitions {
  departments: Department[];
  /** departments.yaml's `translations`: each department's name and address in other languages. */
  translations: Translations;
  calendar: WorkingCalendar;
  problems: DefinitionProblem[];
}

export function loadOrganisationDefinitions(
  definitionsDir: string,
  timeZone: string,
): OrganisationDefinitions {
  const problems: DefinitionProblem[] = [];
  let departments: Department[] = [];
  let translations: Translations = undefined;
  const departmentsRead = readYamlFile(join(definitionsDir, 'departments.yaml'));
  if ('problems' in departmentsRead) problems.push(...departmentsRead.problems);
  else {
    const parsed = parseWith(departmentsRead.yaml, departmentsRead.value, departmentsFileSchema);
    if (parsed.ok) {
      departments = parsed.data.departments;
      translations = parsed.data.translations;
      const texts = departmentTextKeys(departments);
      for (const { language, key } of unknownTranslationKeys(translations, texts))
        problems.push(
          problemAt(
            departmentsRead.yaml,
            ['translations', language, key],
            `"${key}" is not a text of a department`,
          ),
        );
    } else problems.push(...parsed.problems);
  }
  let calendar: WorkingCalendar = { timeZone, weekend: [0, 6], holidays: new Set() };
  const calendarFile = join(definitionsDir, 'calendar.yaml');
  const calendarRead = readYamlFile(calendarFile);
  if ('problems' in calendarRead) {
    // A deployment without a calendar works Monday to Friday with no holidays; a broken one is reported.
    if (!calendarRead.problems.every((problem) => problem.message.includes('ENOENT')))
      problems.push(...calendarRead.problems);
  } else {
    const parsed = parseWith(calendarRead.yaml, calendarRead.value, calendarFileSchema);
    if (parsed.ok)
      calendar = { timeZone, weekend: parsed.data.weekend, holidays: new Set(parsed.data.holidays) };
    else problems.push(...parsed.problems);
  }
  return { departments, translations, calendar, problems };
}

/** A department's texts people read, keyed as their translations are: `<id>.name`, `<id>.address`. */
function mapDepartmentTexts(department: Department, visit: TextVisitor): Department {
  return {
    ...department,
    name: visitText(`${department.id}.name`, department.name, visit),
    address: visitText(`${department.id}.address`, department.address, visit),
  };
}

function departmentTexts(department: Department): Map<string, string> {
  return textKeysOf(department, mapDepartmentTexts);
}

/** Every department's texts with their translation keys (for listing what is not yet translated). */
export function departmentTextKeys(departments: readonly Department[]): Map<string, string> {
  return new Map(departments.flatMap((department) => [...departmentTexts(department)]));
}

/** The departments as a reader of `language` sees them: translated where departments.yaml has it. */
export function localiseDepartments(
  departments: ReadonlyMap<string, Department>,
  translations: Translations,
  language: string,
): ReadonlyMap<string, Department> {
  const own = translations?.[language as keyof NonNullable<Translations>];
  if (!own) return departments;
  return new Map(
    [...departments].map(([id, department]) => [id, mapDepartmentTexts(department, (key) => own[key])]),
  );
}

/** Brings the departments table in line with the definitions; departments no longer listed are kept (cases refer to them). */
export async function syncDepartments(db: Db, departments: Department[]): Promise<void> {
  if (departments.length === 0) return;
  await db
    .insertInto('departments')
    .values(
      departments.map((department) => ({
        id: department.id,
        name: department.name,
        email: department.email ?? null,
        phone: department.phone ?? null,
        address: department.address ?? null,
        // Kept as written in departments.yaml (JSON); pages format it for each reader's language.
        opening_hours: department.openingHours ? JSON.stringify(department.openingHours) : null,
      })),
    )
    .onConflict((conflict) =>
      conflict.column('id').doUpdateSet({
        name: (eb) => eb.ref('excluded.name'),
        email: (eb) => eb.ref('excluded.email'),
        phone: (eb) => eb.ref('excluded.phone'),
        address: (eb) => eb.ref('excluded.address'),
        opening_hours: (eb) => eb.ref('excluded.opening_hours'),
        updated_at: sql`now()`,
      }),
    )
    .execute();
}
