/**
 * Who may do what with partner systems' clients. Administrators (staff.manage) see and revoke every
 * client; a client can be given only departments in which its creator manages staff, so nobody hands a
 * partner system more reach than they have themselves.
 */
import type { Principal } from '../../platform/auth/principal.js';
import { departmentsWith } from '../identity/index.js';

export function assignableDepartments(principal: Principal, allDepartments: string[]): string[] {
  return departmentsWith(principal, 'staff.manage', allDepartments);
}
