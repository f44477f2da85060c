/**
 * Key rotation: every encrypted value re-encrypted under the key ring's current key, and every personal
 * value stored before encryption encrypted, so the old key can be retired. It works in small batches, each
 * its own transaction holding its rows (FOR UPDATE), so Plaza keeps running on PostgreSQL meanwhile: a
 * process writing one of those rows waits for the batch, then writes its own freshly encrypted value.
 * Processes must already have the new key ring (new key first, old ones after), or they could not read
 * what this writes.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../database.js';
import { fileContext } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createUserData } from '../identity/index.js';
import { openMessage, redactAddresses, sealMessage } from '../notifications/index.js';
import { textContexts, type PersonalData, type PersonalDataDefinition } from './personal-data.js';

export interface RotationProgress {
  /** What is being re-encrypted, e.g. "cases". */
  what: string;
  done: number;
  total: number;
}

export interface RotationReport {
  keyId: string;
  parts: { what: string; checked: number; changed: number }[];
}

const ROWS_PER_BATCH = 200;
const FILES_PER_BATCH = 20;

/** One batch of a walk by id: the rows after `after`, in id order, at most `limit`, locked for update. */
function lockedBatch(after: string | number | undefined, limit = ROWS_PER_BATCH) {
  return <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>) =>
    query
      .$if(after !== undefined, (batch) => batch.where(sql.ref('id'), '>', after))
      .orderBy(sql.ref('id'))
      .limit(limit)
      .forUpdate();
}

export async function rotateKeys(
  deps: { db: Db; clock: Clock; personalData: PersonalData; actor: Actor },
  onProgress?: (progress: RotationProgress) => void,
): Promise<RotationReport> {
  const { db, personalData } = deps;
  const keyId = personalData.keyRing.currentKeyId;
  const definitions = new Map(
    (await db.selectFrom('service_versions').select(['id', 'definition']).execute()).map((row) => [
      row.id,
      row.definition as unknown as PersonalDataDefinition,
    ]),
  );
  const definitionOf = (versionId: string): PersonalDataDefinition =>
    definitions.get(versionId) ?? { pages: [] };
  const parts: RotationReport['parts'] = [];
  const count = async (
    table:
      | 'drafts'
      | 'cases'
      | 'information_requests'
      | 'users'
      | 'email_changes'
      | 'outbox_messages'
      | 'report_followers',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /**
   * Walks rows in batches of `limit`, each batch its own transaction: `rows` reads the next batch after
   * the last id (lockedBatch: in id order, locked), `reseal` rewrites a row if it must, saying whether it
   * did. Reports progress after each batch, and what it checked and changed.
   */
  async function sweep<Row extends { id: string | number }>(
    what: string,
    total: number,
    rows: (trx: Db, after: string | number | undefined) => Promise<Row[]>,
    reseal: (trx: Db, row: Row) => Promise<boolean>,
    limit = ROWS_PER_BATCH,
  ): Promise<void> {
    let after: string | number | undefined;
    let checked = 0;
    let changed = 0;
    onProgress?.({ what, done: 0, total });
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const found = await rows(trx, after);
        for (const row of found) if (await reseal(trx, row)) changed++;
        return found;
      });
      checked += batch.length;
      onProgress?.({ what, done: Math.min(checked, total), total });
      const last = batch.at(-1);
      if (batch.length < limit || last === undefined) break;
      after = last.id;
    }
    parts.push({ what, checked, changed });
  }

  await sweep(
    'drafts',
    await count('drafts'),
    (trx, after) =>
      trx
        .selectFrom('drafts')
        .select(['id', 'service_version_id', 'answers'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      const resealed = personalData.resealAnswers(definitionOf(row.service_version_id), row.answers);
      if (resealed.changed === 0) return false;
      await trx
        .updateTable('drafts')
        .set({ answers: JSON.stringify(resealed.answers) })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  await sweep(
    'cases',
    await count('cases'),
    (trx, after) =>
      trx
        .selectFrom('cases')
        .select(['id', 'service_version_id', 'answers', 'contact_email', 'contact_email_index'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      const resealed = personalData.resealAnswers(definitionOf(row.service_version_id), row.answers);
      let contactEmail = row.contact_email;
      let contactIndex = row.contact_email_index;
      if (row.contact_email !== null) {
        const email = personalData.openText(row.contact_email, textContexts.contactEmail) as string;
        if (personalData.needsResealing(row.contact_email))
          contactEmail = personalData.sealText(email, textContexts.contactEmail);
        contactIndex = personalData.emailIndex(email);
      }
      if (
        resealed.changed === 0 &&
        contactEmail === row.contact_email &&
        contactIndex === row.contact_email_index
      )
        return false;
      await trx
        .updateTable('cases')
        .set({
          answers: JSON.stringify(resealed.answers),
          contact_email: contactEmail,
          contact_email_index: contactIndex,
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  await sweep(
    'information requests',
    await count('information_requests'),
    (trx, after) =>
      trx.selectFrom('information_requests').select(['id', 'response']).$call(lockedBatch(after)).execute(),
    async (trx, row) => {
      if (row.response === null || !personalData.needsResealing(row.response)) return false;
      const text = personalData.openText(row.response, textContexts.informationResponse) as string;
      await trx
        .updateTable('information_requests')
        .set({ response: personalData.sealText(text, textContexts.informationResponse) })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  const responseEvents = Number(
    (
      await db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('type', '=', 'information_provided')
        .executeTakeFirstOrThrow()
    ).count,
  );
  await sweep(
    'timeline answers',
    responseEvents,
    (trx, after) =>
      trx
        .selectFrom('case_events')
        .select(['id', 'body'])
        .where('type', '=', 'information_provided')
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      if (row.body === null || !personalData.needsResealing(row.body)) return false;
      const text = personalData.openText(row.body, textContexts.informationResponse) as string;
      await trx
        .updateTable('case_events')
        .set({ body: personalData.sealText(text, textContexts.informationResponse) })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  // Accounts: email, name and phone, and the email's index recomputed under the current key.
  const users = createUserData(personalData.keyRing);
  await sweep(
    'accounts',
    await count('users'),
    (trx, after) =>
      trx
        .selectFrom('users')
        .select(['id', 'email', 'email_index', 'name', 'phone'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      const email = users.openEmail(row.id, row.email);
      const sealed = users.needsResealing(row.email)
        ? users.sealEmail(row.id, email)
        : { email: row.email, email_index: users.emailIndex(email) };
      const reseal = (column: 'name' | 'phone', stored: string | null) =>
        stored !== null && users.needsResealing(stored)
          ? users.seal(column, row.id, users.open(column, row.id, stored))
          : stored;
      const name = reseal('name', row.name);
      const phone = reseal('phone', row.phone);
      if (
        sealed.email === row.email &&
        sealed.email_index === row.email_index &&
        name === row.name &&
        phone === row.phone
      )
        return false;
      await trx
        .updateTable('users')
        .set({ ...sealed, name, phone })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  await sweep(
    'email changes',
    await count('email_changes'),
    (trx, after) =>
      trx
        .selectFrom('email_changes')
        .select(['id', 'user_id', 'new_email'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      if (!users.needsResealing(row.new_email)) return false;
      await trx
        .updateTable('email_changes')
        .set({ new_email: users.sealNewEmail(row.user_id, users.openNewEmail(row.user_id, row.new_email)) })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  await sweep(
    'emails',
    await count('outbox_messages'),
    (trx, after) =>
      trx
        .selectFrom('outbox_messages')
        .select(['id', 'recipient', 'recipient_index', 'subject', 'body', 'last_error'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      const stale = [row.recipient, row.subject, row.body].some((value) =>
        personalData.needsResealing(value),
      );
      const message = openMessage(personalData.keyRing, row);
      const sealed = stale
        ? sealMessage(personalData.keyRing, row.id, message)
        : { ...row, recipient_index: users.emailIndex(message.recipient) };
      // A mail server's error stored before addresses were taken out of it.
      const lastError = row.last_error === null ? null : redactAddresses(row.last_error, message.recipient);
      if (!stale && sealed.recipient_index === row.recipient_index && lastError === row.last_error)
        return false;
      await trx
        .updateTable('outbox_messages')
        .set({
          recipient: sealed.recipient,
          recipient_index: sealed.recipient_index,
          subject: sealed.subject,
          body: sealed.body,
          last_error: lastError,
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  // Followers of reports without an account: their address, and its index recomputed under the current key.
  await sweep(
    'report followers',
    await count('report_followers'),
    (trx, after) =>
      trx
        .selectFrom('report_followers')
        .select(['id', 'report_id', 'email', 'email_index'])
        .$call(lockedBatch(after))
        .execute(),
    async (trx, row) => {
      if (row.email === null) return false;
      const email = personalData.openText(row.email, textContexts.reportFollowerEmail) as string;
      const sealed = personalData.needsResealing(row.email)
        ? personalData.sealText(email, textContexts.reportFollowerEmail)
        : row.email;
      const index = personalData.emailIndex(email);
      if (sealed === row.email && index === row.email_index) return false;
      // The same address followed the same report again under the new key: one follower, not two.
      const twin = await trx
        .selectFrom('report_followers')
        .select('id')
        .where('report_id', '=', row.report_id)
        .where('email_index', '=', index)
        .where('id', '<>', row.id)
        .executeTakeFirst();
      if (twin) {
        await trx.deleteFrom('report_followers').where('id', '=', row.id).execute();
        await trx
          .updateTable('reports')
          .set({ followers_count: sql<number>`greatest(followers_count - 1, 0)` })
          .where('id', '=', row.report_id)
          .execute();
        return true;
      }
      await trx
        .updateTable('report_followers')
        .set({ email: sealed, email_index: index })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
  );

  // Sign-in codes stored before their address was replaced by its index: those used or expired go, those
  // still pending keep working under their index. (Indexes under an older key cannot be recomputed, the
  // address being gone; the codes expire within minutes.)
  const now = deps.clock.now();
  const usedCodes = await db
    .deleteFrom('sign_in_codes')
    .where('email', 'is not', null)
    .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', now)]))
    .executeTakeFirst();
  const pendingCodes = await db
    .selectFrom('sign_in_codes')
    .select(['id', 'email'])
    .where('email', 'is not', null)
    .execute();
  for (const code of pendingCodes)
    await db
      .updateTable('sign_in_codes')
      .set({ email: null, email_index: users.emailIndex(code.email as string) })
      .where('id', '=', code.id)
      .execute();
  parts.push({
    what: 'sign-in codes',
    checked: Number(usedCodes.numDeletedRows) + pendingCodes.length,
    changed: Number(usedCodes.numDeletedRows) + pendingCodes.length,
  });

  // Files are large: fewer at a time, and only those not yet under the current key.
  const onOldKey = sql<boolean>`content_key_id is distinct from ${keyId}`;
  const fileTotal = Number(
    (
      await db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where(onOldKey)
        .executeTakeFirstOrThrow()
    ).count,
  );
  await sweep(
    'files',
    fileTotal,
    (trx, after) =>
      trx
        .selectFrom('files')
        .select(['id', 'content', 'content_key_id'])
        .where(onOldKey)
        .$call(lockedBatch(after, FILES_PER_BATCH))
        .execute(),
    async (trx, row) => {
      const stored = Buffer.from(row.content);
      const plain =
        row.content_key_id === null ? stored : personalData.keyRing.decryptBytes(stored, fileContext(row.id));
      await trx
        .updateTable('files')
        .set({
          content: personalData.keyRing.encryptBytes(plain, fileContext(row.id)),
          content_key_id: keyId,
        })
        .where('id', '=', row.id)
        .execute();
      return true;
    },
    FILES_PER_BATCH,
  );

  await recordAudit(db, deps.clock, {
    actor: deps.actor,
    action: 'privacy.keys_rotated',
    details: { keyId, parts },
  });
  return { keyId, parts };
}
