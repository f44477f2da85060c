-- The full staff role model: service designers and auditors join caseworkers, managers and administrators.
alter table staff_roles drop constraint staff_roles_role_check;
alter table staff_roles add constraint staff_roles_role_check
  check (role in ('caseworker', 'manager', 'designer', 'admin', 'auditor'));
