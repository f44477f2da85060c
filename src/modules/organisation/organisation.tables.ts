import type { Generated } from 'kysely';

export interface DepartmentsTable {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  opening_hours: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationTables {
  departments: DepartmentsTable;
}
