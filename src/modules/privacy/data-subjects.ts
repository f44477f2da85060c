/**
 * Whose data is whose. A citizen's cases are those sent while signed in, and those sent without an account
 * with their email address as the contact (found through its blind index, as "your applications" finds
 * them); their drafts and sessions hang off their account.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, Db } from '../../database.js';
import type { UserData } from '../identity/index.js';
import type { PersonalData } from './personal-data.js';

/** Someone whose data Plaza may hold: a citizen's account, or only an email address cases were sent with. */
export interface DataSubject {
  userId: string | null;
  email: string;
}

/** The condition "this case is the subject's", for queries on `cases`. */
export function casesOfSubject(personalData: PersonalData, subject: DataSubject) {
  return (eb: ExpressionBuilder<Database, 'cases'>) =>
    eb.or([
      ...(subject.userId ? [eb('cases.citizen_user_id', '=', subject.userId)] : []),
      eb.and([
        eb('cases.citizen_user_id', 'is', null),
        eb.or([
          eb('cases.contact_email_index', 'in', personalData.emailIndexes(subject.email)),
          // Stored before encryption: the address is still in the clear and has no index.
          eb.and([
            eb('cases.contact_email_index', 'is', null),
            eb(sql<string>`lower(cases.contact_email)`, '=', subject.email.trim().toLowerCase()),
          ]),
        ]),
      ]),
    ]);
}

/** The citizen account with this email address (found by its blind index), if there is one. */
export async function citizenAccount(
  db: Db,
  users: UserData,
  email: string,
): Promise<{ id: string; email: string; createdAt: Date; lastSignedInAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'created_at', 'last_signed_in_at'])
    .where('kind', '=', 'citizen')
    .where(users.hasEmail(email))
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        email: users.openEmail(row.id, row.email),
        createdAt: row.created_at,
        lastSignedInAt: row.last_signed_in_at,
      }
    : undefined;
}

/**
 * The condition "this follower of a report is the subject", for queries on `report_followers`: followed
 * while signed in, or with their address (found by its blind index under every key, as cases are).
 */
export function followersOfSubject(personalData: PersonalData, subject: DataSubject) {
  return (eb: ExpressionBuilder<Database, 'report_followers'>) =>
    eb.or([
      ...(subject.userId ? [eb('report_followers.user_id', '=', subject.userId)] : []),
      eb('report_followers.email_index', 'in', personalData.emailIndexes(subject.email)),
    ]);
}
