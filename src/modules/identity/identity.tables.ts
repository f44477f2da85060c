import type { StaffRole } from './roles.js';
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  kind: 'citizen' | 'staff';
  email: string;
  name: string | null;
  phone: string | null;
  password_hash: string | null;
  created_at: Generated<Date>;
  last_signed_in_at: Date | null;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
}

export interface StaffRolesTable {
  id: string;
  user_id: string;
  role: StaffRole;
  department_id: string | null;
  created_at: Generated<Date>;
}

export interface SignInCodesTable {
  id: string;
  email: string;
  code_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  attempts: Generated<number>;
  used_at: Date | null;
}

export interface IdentityTables {
  users: UsersTable;
  staff_roles: StaffRolesTable;
  sign_in_codes: SignInCodesTable;
}
