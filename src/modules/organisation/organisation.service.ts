/**
 * The organisation running Plaza: its departments and its working calendar, read from the deployment's
 * definitions folder (departments.yaml, calendar.yaml) and kept in the database for references and joins.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import type { WorkingCalendar } from '../../platform/time/working-calendar.js';
import { parseWith, readYamlFile, type DefinitionProblem } from '../../platform/definitions/yaml-files.js';
import { calendarFileSchema, departmentsFileSchema, type Department } from './organisation.schema.js';

export interface OrganisationDefinitions {
  departments: Department[];
  calendar: WorkingCalendar;
  problems: DefinitionProblem[];
}

export function loadOrganisationDefinitions(
  definitionsDir: string,
  timeZone: string,
): OrganisationDefinitions {
  const problems: DefinitionProblem[] = [];
  let departments: Department[] = [];
  const departmentsRead = readYamlFile(join(definitionsDir, 'departments.yaml'));
  if ('problems' in departmentsRead) problems.push(...departmentsRead.problems);
  else {
    const parsed = parseWith(departmentsRead.yaml, departmentsRead.value, departmentsFileSchema);
    if (parsed.ok) departments = parsed.data.departments;
    else problems.push(...parsed.problems);
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
  return { departments, calendar, problems };
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
        opening_hours: department.openingHours ?? null,
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
