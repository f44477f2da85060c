/**
 * Removing personal data while keeping the statistics. A case is anonymised when its service's retention
 * period has passed since it closed, or when its citizen asked for erasure (at once if it is closed, as
 * soon as it closes otherwise): personal answers become a marker, the contact email and its index go, the
 * citizen's answers to requests and their words on the timeline are cleared, files are deleted, sent
 * messages about the case are deleted; service, department, dates, states and decision stay. An erasure
 * request also deletes the citizen's drafts, the emails sent about their account and their following of
 * reports (by account or by address), signs them out everywhere and closes their account, whose row stays
 * (anonymised) so that nothing that refers to it breaks. The audit log records what was done, with counts
 * and ids, never the data.
 */
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { scoped } from '../../database.js';
import { notFound } from '../../platform/errors.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import { deleteFilesOf } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, systemActor, type Actor } from '../audit/index.js';
import type { CatalogueService } from '../catalogue/index.js';
import { allQuestions } from '../forms/index.js';
import { createUserData } from '../identity/index.js';
import { sentTo } from '../notifications/index.js';
import { casesOfSubject, followersOfSubject } from './data-subjects.js';
import {
  isErasedAnswer,
  isSealedAnswer,
  personalQuestionIds,
  type PersonalData,
  type StoredAnswers,
} from './personal-data.js';

export interface ErasureDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  personalData: PersonalData;
  /** Days a closed case keeps personal data when its service does not say. */
  defaultRetentionDays: number;
}

export type AnonymisationReason = 'retention' | 'erasure';

export interface ErasureSummary {
  /** Closed cases, anonymised now. */
  closedCases: number;
  /** Open cases, anonymised when they close. */
  openCases: number;
  drafts: number;
}

const BATCH = 100;
const DAY_MS = 86_400_000;

/** What an erased account's email becomes: unique (the users index wants it) and no one's. */
export function erasedEmail(userId: string): string {
  return `erased-${userId}@erased.invalid`;
}

export function createErasure(deps: ErasureDeps) {
  const { db, clock, catalogue, personalData } = deps;
  const users = createUserData(personalData.keyRing);

  /** Anonymises one closed case; false when there was nothing to do (open, gone, or done already). */
  async function anonymiseCase(caseId: string, reason: AnonymisationReason, actor: Actor): Promise<boolean> {
    const found = await db
      .selectFrom('cases')
      .select(['service_version_id'])
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!found) return false;
    // Read before the transaction: on PGlite a transaction holds the only connection.
    const definition = (await catalogue.version(found.service_version_id)).definition;
    const personal = personalQuestionIds(definition);
    const fileQuestions = new Set(
      allQuestions(definition)
        .filter((question) => question.type === 'file')
        .map((question) => question.id),
    );
    return db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('cases')
        .select(['id', 'answers', 'closed_at', 'anonymised_at'])
        .where('id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.closed_at === null || row.anonymised_at !== null) return false;
      const answers: StoredAnswers = {};
      let erasedAnswers = 0;
      for (const [id, value] of Object.entries(row.answers)) {
        const personalValue =
          isSealedAnswer(value) ||
          ((personal.has(id) || fileQuestions.has(id)) && value !== null && !isErasedAnswer(value));
        answers[id] = personalValue ? { $erased: true } : value;
        if (personalValue) erasedAnswers++;
      }
      const requestIds = (
        await trx.selectFrom('information_requests').select('id').where('case_id', '=', caseId).execute()
      ).map((request) => request.id);
      let files = await deleteFilesOf(scoped(trx), { type: 'case', id: caseId });
      for (const requestId of requestIds)
        files += await deleteFilesOf(scoped(trx), { type: 'information_request', id: requestId });
      const responses = await trx
        .updateTable('information_requests')
        .set({ response: null })
        .where('case_id', '=', caseId)
        .where('response', 'is not', null)
        .executeTakeFirst();
      await trx
        .updateTable('case_events')
        .set({ body: null })
        .where('case_id', '=', caseId)
        .where('type', '=', 'information_provided')
        .execute();
      // The timeline keeps what happened, not who the citizen was.
      await trx
        .updateTable('case_events')
        .set({ actor_user_id: null })
        .where('case_id', '=', caseId)
        .where('actor_user_id', 'in', (eb) =>
          eb.selectFrom('users').select('users.id').where('users.kind', '=', 'citizen'),
        )
        .execute();
      // Messages sent about the case hold the address and what was said; one still waiting is sent first.
      const messages = await trx
        .deleteFrom('outbox_messages')
        .where('case_id', '=', caseId)
        .where('status', '<>', 'pending')
        .executeTakeFirst();
      await trx
        .updateTable('cases')
        .set({
          answers: JSON.stringify(answers),
          contact_email: null,
          contact_email_index: null,
          citizen_user_id: null,
          anonymised_at: clock.now(),
          erasure_requested_at: null,
        })
        .where('id', '=', caseId)
        .execute();
      await appendAudit(trx, clock, {
        actor,
        action: 'privacy.case_anonymised',
        subject: { type: 'case', id: caseId },
        details: {
          reason,
          answers: erasedAnswers,
          files,
          responses: Number(responses.numUpdatedRows),
          messages: Number(messages.numDeletedRows),
        },
      });
      return true;
    });
  }

  async function anonymiseAll(ids: string[], reason: AnonymisationReason, actor: Actor): Promise<number> {
    let done = 0;
    for (const id of ids) if (await anonymiseCase(id, reason, actor)) done++;
    return done;
  }

  return {
    anonymiseCase,

    /**
     * The retention job's work: closed cases whose citizen asked for erasure, and closed cases past their
     * service's retention period. Returns how many were anonymised.
     */
    async anonymiseDue(): Promise<number> {
      let total = 0;
      for (;;) {
        const requested = await db
          .selectFrom('cases')
          .select('id')
          .where('erasure_requested_at', 'is not', null)
          .where('closed_at', 'is not', null)
          .where('anonymised_at', 'is', null)
          .orderBy('closed_at')
          .limit(BATCH)
          .execute();
        const done = await anonymiseAll(
          requested.map((row) => row.id),
          'erasure',
          systemActor,
        );
        total += done;
        if (requested.length < BATCH || done === 0) break;
      }
      const services = await db
        .selectFrom('cases')
        .select('service_slug')
        .distinct()
        .where('closed_at', 'is not', null)
        .where('anonymised_at', 'is', null)
        .execute();
      const now = clock.now().getTime();
      for (const { service_slug: slug } of services) {
        const days =
          catalogue.current(slug)?.definition.retention?.personalDataDays ?? deps.defaultRetentionDays;
        const cutoff = new Date(now - days * DAY_MS);
        for (;;) {
          const due = await db
            .selectFrom('cases')
            .select('id')
            .where('service_slug', '=', slug)
            .where('closed_at', '<=', cutoff)
            .where('anonymised_at', 'is', null)
            .orderBy('closed_at')
            .limit(BATCH)
            .execute();
          const done = await anonymiseAll(
            due.map((row) => row.id),
            'retention',
            systemActor,
          );
          total += done;
          if (due.length < BATCH || done === 0) break;
        }
      }
      return total;
    },

    /** What erasing a citizen would do, for the confirmation page. */
    async erasureSummary(userId: string, email: string): Promise<ErasureSummary> {
      const cases = await db
        .selectFrom('cases')
        .select(['closed_at'])
        .where(casesOfSubject(personalData, { userId, email }))
        .where('anonymised_at', 'is', null)
        .execute();
      const drafts = await db
        .selectFrom('drafts')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return {
        closedCases: cases.filter((row) => row.closed_at !== null).length,
        openCases: cases.filter((row) => row.closed_at === null).length,
        drafts: Number(drafts.count),
      };
    },

    /**
     * A citizen's erasure request: drafts deleted, sessions ended, sign-in codes deleted, the account
     * closed and anonymised, open cases marked to be anonymised when they close, closed ones anonymised now.
     */
    async eraseCitizen(userId: string, actor: Actor): Promise<ErasureSummary> {
      const user = await db
        .selectFrom('users')
        .select(['id', 'email'])
        .where('id', '=', userId)
        .where('kind', '=', 'citizen')
        .executeTakeFirst();
      if (!user) throw notFound('privacy.no_account', 'There is no such citizen account.');
      const email = users.openEmail(userId, user.email);
      const subject = { userId, email };
      const cases = await db
        .selectFrom('cases')
        .select(['id', 'closed_at'])
        .where(casesOfSubject(personalData, subject))
        .where('anonymised_at', 'is', null)
        .execute();
      const drafts = await db.selectFrom('drafts').select('id').where('user_id', '=', userId).execute();
      const now = clock.now();
      let followedReports = 0;
      await db.transaction().execute(async (trx) => {
        if (cases.length > 0) {
          await trx
            .updateTable('cases')
            .set({ erasure_requested_at: now })
            .where(
              'id',
              'in',
              cases.map((row) => row.id),
            )
            .execute();
        }
        for (const draft of drafts) await deleteFilesOf(scoped(trx), { type: 'draft', id: draft.id });
        await trx.deleteFrom('drafts').where('user_id', '=', userId).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        // Every other way back into the account goes too: eID links, passkeys, pending email changes.
        for (const table of [
          'identities',
          'webauthn_credentials',
          'email_changes',
          'totp_factors',
          'recovery_codes',
          'second_factor_challenges',
        ] as const)
          await trx.deleteFrom(table).where('user_id', '=', userId).execute();
        await trx.deleteFrom('sign_in_codes').where(users.codeSentTo(email)).execute();
        // Reports they follow, by account or by address: they hear no more, and each count drops by one.
        const unfollowed = await trx
          .deleteFrom('report_followers')
          .where(followersOfSubject(personalData, subject))
          .returning('report_followers.report_id')
          .execute();
        followedReports = unfollowed.length;
        for (const { report_id: reportId } of unfollowed)
          await trx
            .updateTable('reports')
            .set({ followers_count: sql<number>`greatest(followers_count - 1, 0)` })
            .where('id', '=', reportId)
            .execute();
        // Emails about the account itself (sign-in codes, address changes); a case's go with the case.
        await trx
          .deleteFrom('outbox_messages')
          .where(sentTo(personalData.keyRing, email))
          .where('case_id', 'is', null)
          .where('status', '<>', 'pending')
          .execute();
        await trx
          .updateTable('users')
          .set({
            ...users.sealEmail(userId, erasedEmail(userId)),
            name: null,
            phone: null,
            password_hash: null,
            disabled_at: now,
          })
          .where('id', '=', userId)
          .execute();
        await appendAudit(trx, clock, {
          actor,
          action: 'privacy.account_erased',
          subject: { type: 'user', id: userId },
          details: {
            cases: cases.map((row) => row.id),
            openCases: cases.filter((row) => row.closed_at === null).length,
            drafts: drafts.length,
            followedReports,
          },
        });
      });
      const closed = cases.filter((row) => row.closed_at !== null).map((row) => row.id);
      await anonymiseAll(closed, 'erasure', actor);
      return {
        closedCases: closed.length,
        openCases: cases.length - closed.length,
        drafts: drafts.length,
      };
    },
  };
}

export type Erasure = ReturnType<typeof createErasure>;

/** Every night: anonymise the closed cases whose personal data may no longer be kept. */
export function retentionJob(erasure: Erasure): JobHandler {
  return {
    name: 'privacy.retention',
    schedule: '41 2 * * *',
    async run() {
      await erasure.anonymiseDue();
    },
  };
}
