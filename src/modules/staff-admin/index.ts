/** Staff administration: accounts, roles by department, disabling, password resets; all audited. */
export { createStaffAdminService, type StaffAdminService, type StaffMember } from './staff-admin.service.js';
export { registerStaffAdminPages } from './staff-admin.pages.js';
