/**
 * Key rotation: every encrypted value re-encrypted under the key ring's current key, and every personal
 * value stored before encryption encrypted, so the old key can be retired. It works in small batches, each
 * its own transaction holding its rows (FOR UPDATE), so Plaza keeps running on PostgreSQL meanwhile: a
 * process writing one of those rows waits for the batch, then writes its own freshly encrypted value.
 * Processes must already have the new key ring (new key first, old ones after), or they could not read
 * what this writes.
 */
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { fileContext } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { recordAudit, type Actor } from '../audit/index.js';
import { createUserData } from '../identity/index.js';
import { openMessage, sealMessage } from '../notifications/index.js';
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
    table: 'drafts' | 'cases' | 'information_requests' | 'users' | 'email_changes' | 'outbox_messages',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** Walks a table by id in batches; `work` re-encrypts a batch inside its transaction, returning changes. */
  async function walk<Id extends string | number>(
    what: string,
    total: number,
    batch: (
      trx: Db,
      after: Id | undefined,
    ) => Promise<{ lastId: Id | undefined; rows: number; changed: number }>,
  ): Promise<void> {
    let after: Id | undefined;
    let checked = 0;
    let changed = 0;
    onProgress?.({ what, done: 0, total });
    for (;;) {
      const result = await db.transaction().execute((trx) => batch(trx, after));
      checked += result.rows;
      changed += result.changed;
      onProgress?.({ what, done: Math.min(checked, total), total });
      if (result.rows < ROWS_PER_BATCH || result.lastId === undefined) break;
      after = result.lastId;
    }
    parts.push({ what, checked, changed });
  }

  await walk<string>('drafts', await count('drafts'), async (trx, after) => {
    const rows = await trx
      .selectFrom('drafts')
      .select(['id', 'service_version_id', 'answers'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
      const resealed = personalData.resealAnswers(definitionOf(row.service_version_id), row.answers);
      if (resealed.changed === 0) continue;
      await trx
        .updateTable('drafts')
        .set({ answers: JSON.stringify(resealed.answers) })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  await walk<string>('cases', await count('cases'), async (trx, after) => {
    const rows = await trx
      .selectFrom('cases')
      .select(['id', 'service_version_id', 'answers', 'contact_email', 'contact_email_index'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
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
        continue;
      await trx
        .updateTable('cases')
        .set({
          answers: JSON.stringify(resealed.answers),
          contact_email: contactEmail,
          contact_email_index: contactIndex,
        })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  await walk<string>('information requests', await count('information_requests'), async (trx, after) => {
    const rows = await trx
      .selectFrom('information_requests')
      .select(['id', 'response'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
      if (row.response === null || !personalData.needsResealing(row.response)) continue;
      const text = personalData.openText(row.response, textContexts.informationResponse) as string;
      await trx
        .updateTable('information_requests')
        .set({ response: personalData.sealText(text, textContexts.informationResponse) })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  const responseEvents = Number(
    (
      await db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('type', '=', 'information_provided')
        .executeTakeFirstOrThrow()
    ).count,
  );
  await walk<number>('timeline answers', responseEvents, async (trx, after) => {
    const rows = await trx
      .selectFrom('case_events')
      .select(['id', 'body'])
      .where('type', '=', 'information_provided')
      .$if(after !== undefined, (query) => query.where('id', '>', after as number))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
      if (row.body === null || !personalData.needsResealing(row.body)) continue;
      const text = personalData.openText(row.body, textContexts.informationResponse) as string;
      await trx
        .updateTable('case_events')
        .set({ body: personalData.sealText(text, textContexts.informationResponse) })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  // Accounts: email, name and phone, and the email's index recomputed under the current key.
  const users = createUserData(personalData.keyRing);
  await walk<string>('accounts', await count('users'), async (trx, after) => {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'email', 'email_index', 'name', 'phone'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
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
        continue;
      await trx
        .updateTable('users')
        .set({ ...sealed, name, phone })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  await walk<string>('email changes', await count('email_changes'), async (trx, after) => {
    const rows = await trx
      .selectFrom('email_changes')
      .select(['id', 'user_id', 'new_email'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
      if (!users.needsResealing(row.new_email)) continue;
      await trx
        .updateTable('email_changes')
        .set({ new_email: users.sealNewEmail(row.user_id, users.openNewEmail(row.user_id, row.new_email)) })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

  await walk<string>('emails', await count('outbox_messages'), async (trx, after) => {
    const rows = await trx
      .selectFrom('outbox_messages')
      .select(['id', 'recipient', 'recipient_index', 'subject', 'body'])
      .$if(after !== undefined, (query) => query.where('id', '>', after as string))
      .orderBy('id')
      .limit(ROWS_PER_BATCH)
      .forUpdate()
      .execute();
    let changed = 0;
    for (const row of rows) {
      const stale = [row.recipient, row.subject, row.body].some((value) =>
        personalData.needsResealing(value),
      );
      const message = openMessage(personalData.keyRing, row);
      const sealed = stale
        ? sealMessage(personalData.keyRing, row.id, message)
        : { ...row, recipient_index: users.emailIndex(message.recipient) };
      if (!stale && sealed.recipient_index === row.recipient_index) continue;
      await trx
        .updateTable('outbox_messages')
        .set({
          recipient: sealed.recipient,
          recipient_index: sealed.recipient_index,
          subject: sealed.subject,
          body: sealed.body,
        })
        .where('id', '=', row.id)
        .execute();
      changed++;
    }
    return { lastId: rows.at(-1)?.id, rows: rows.length, changed };
  });

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
  const pendingFiles = () =>
    db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where(sql<boolean>`content_key_id is distinct from ${keyId}`)
      .executeTakeFirstOrThrow();
  const fileTotal = Number((await pendingFiles()).count);
  let filesDone = 0;
  onProgress?.({ what: 'files', done: 0, total: fileTotal });
  for (;;) {
    const rows = await db.transaction().execute(async (trx) => {
      const batch = await trx
        .selectFrom('files')
        .select(['id', 'content', 'content_key_id'])
        .where(sql<boolean>`content_key_id is distinct from ${keyId}`)
        .orderBy('id')
        .limit(FILES_PER_BATCH)
        .forUpdate()
        .execute();
      for (const row of batch) {
        const stored = Buffer.from(row.content);
        const plain =
          row.content_key_id === null
            ? stored
            : personalData.keyRing.decryptBytes(stored, fileContext(row.id));
        await trx
          .updateTable('files')
          .set({
            content: personalData.keyRing.encryptBytes(plain, fileContext(row.id)),
            content_key_id: keyId,
          })
          .where('id', '=', row.id)
          .execute();
      }
      return batch.length;
    });
    filesDone += rows;
    onProgress?.({ what: 'files', done: Math.min(filesDone, fileTotal), total: fileTotal });
    if (rows < FILES_PER_BATCH) break;
  }
  parts.push({ what: 'files', checked: filesDone, changed: filesDone });

  await recordAudit(db, deps.clock, {
    actor: deps.actor,
    action: 'privacy.keys_rotated',
    details: { keyId, parts },
  });
  return { keyId, parts };
}
