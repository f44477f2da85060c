import type { StaffRole } from './roles.js';
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  kind: 'citizen' | 'staff';
  /** Encrypted (user-data.ts); in the clear only in rows stored before encryption. */
  email: string;
  /** Blind index of the lower-cased email; null only in rows stored before encryption. */
  email_index: string | null;
  /** Encrypted, as the email. */
  name: string | null;
  /** Encrypted, as the email. */
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
  /** Only in codes stored before 0010: now null, the address being found by its blind index. */
  email: string | null;
  /** Blind index of the lower-cased address, as users.email_index. */
  email_index: string | null;
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
