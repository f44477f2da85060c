/**
 * The demo city's people: on the first start of a development deployment, a caseworker and a manager for
 * each department and an administrator, and a printed note, shown once, on how to sign in as each.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from './config.js';
import type { Db } from './database.js';
import type { IdentityService } from './modules/identity/index.js';
import type { Department } from './modules/organisation/index.js';

export interface DemoAccount {
  email: string;
  name: string;
  role: string;
}

const firstNames = [
  'Alex',
  'Sam',
  'Jordan',
  'Robin',
  'Charlie',
  'Noor',
  'Mika',
  'Ana',
  'Yusuf',
  'Ines',
  'Tomas',
  'Lea',
];
const lastNames = [
  'Moreno',
  'Okafor',
  'Lindqvist',
  'Haddad',
  'Novak',
  'Fischer',
  'Costa',
  'Nakamura',
  'Dubois',
  'Kowalski',
  'Singh',
  'Brennan',
];

/** Creates the demo staff when no staff member exists yet; returns what it created (empty otherwise). */
export async function seedDemoStaff(
  db: Db,
  identity: IdentityService,
  departments: Department[],
  password: string,
): Promise<DemoAccount[]> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'staff')
    .limit(1)
    .executeTakeFirst();
  if (existing) return [];
  const accounts: DemoAccount[] = [];
  let person = 0;
  const nextName = (): string =>
    `${firstNames[person % firstNames.length]} ${lastNames[person++ % lastNames.length]}`;
  for (const department of departments) {
    for (const role of ['caseworker', 'manager'] as const) {
      const account = {
        email: `${role}.${department.id}@demo-city.example`,
        name: nextName(),
        role: `${role === 'caseworker' ? 'Caseworker' : 'Manager'}, ${department.name}`,
      };
      await identity.createStaffMember({
        email: account.email,
        name: account.name,
        password,
        roles: [{ role, departmentId: department.id }],
      });
      accounts.push(account);
    }
  }
  const admin = {
    email: 'admin@demo-city.example',
    name: nextName(),
    role: 'Administrator, every department',
  };
  await identity.createStaffMember({
    email: admin.email,
    name: admin.name,
    password,
    roles: [{ role: 'admin', departmentId: null }],
  });
  accounts.push(admin);
  return accounts;
}

export function demoPassword(config: Config): string {
  return config.demoPassword ?? randomBytes(9).toString('base64url');
}

export function describeDemoAccounts(config: Config, accounts: DemoAccount[], password: string): string {
  const width = Math.max(...accounts.map((account) => account.email.length));
  return [
    '',
    `${config.organisation.name} is ready with demo data. How to sign in (shown once):`,
    '',
    `  As a citizen: ${config.baseUrl}/sign-in with any email address;`,
    `                the one-time code arrives in the outbox at ${config.baseUrl}/dev/outbox`,
    '',
    `  As staff:     ${config.baseUrl}/staff/sign-in, password ${password}`,
    ...accounts.map((account) => `                ${account.email.padEnd(width)}  ${account.role}`),
    ...(config.staffMfa === 'required'
      ? ['                then set up an authenticator app or a passkey: staff use a second factor']
      : []),
    '',
    '  Lost the password? npx plaza staff set-password EMAIL',
    '',
  ].join('\n');
}
