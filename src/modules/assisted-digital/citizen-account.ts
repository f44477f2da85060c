/** The citizen account an email address belongs to, so that a case taken for them shows in their account. */
import type { Db } from '../../database.js';
import type { UserData } from '../identity/index.js';

export async function citizenAccountOf(
  db: Db,
  users: UserData,
  email: string | null,
): Promise<string | null> {
  if (!email) return null;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'citizen')
    .where('disabled_at', 'is', null)
    .where(users.hasEmail(email))
    .executeTakeFirst();
  return row?.id ?? null;
}
