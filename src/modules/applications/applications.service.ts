/**
 * Applying online: drafts saved at every page, pinned to the version of the service they began with;
 * resuming from "your applications" or an emailed link; sending, which re-checks every answer and turns the
 * draft into a case in one transaction.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../database.js';
import { scoped } from '../../database.js';
import type { Principal } from '../../platform/auth/principal.js';
import { conflict, isUuid, notFound } from '../../platform/errors.js';
import type { I18n } from '../../platform/i18n/i18n.js';
import {
  deleteFilesOf,
  moveFiles,
  storeFile,
  type StoredFileInfo,
} from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { localDate } from '../../platform/time/working-calendar.js';
import { formatters } from '../../platform/views/page-context.js';
import { appendAudit, type Actor } from '../audit/index.js';
import type { CatalogueService, PublishedService } from '../catalogue/index.js';
import type { CasesService } from '../cases/index.js';
import type { Assurance } from '../identity/index.js';
import {
  allQuestions,
  countedAnswers,
  fieldTypeOf,
  isFileRefList,
  validatePage,
  visiblePages,
  type Answers,
  type FieldError,
  type FileRef,
  type ValidationContext,
} from '../forms/index.js';
import type { Notifier } from '../notifications/index.js';
import type { PersonalData, StoredAnswers } from '../privacy/index.js';
import {
  assistedDraftColumns,
  citizenAccountOf,
  openAssistedDraft,
  type AssistedStart,
} from '../assisted-digital/index.js';
import { createUserData } from '../identity/index.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import { canUseDraft } from './applications.policy.js';

export interface Draft {
  id: string;
  serviceSlug: string;
  userId: string | null;
  answers: Answers;
  updatedAt: Date;
  expiresAt: Date;
  service: PublishedService;
  /** Begun by a staff member for a citizen (assisted digital): how, by whom, and for whom. */
  assisted?: AssistedStart;
}

export interface ApplicationsDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  cases: CasesService;
  i18n: I18n;
  timeZone: string;
  baseUrl: string;
  organisationName: string;
  notifier: Notifier;
  /** Drafts keep personal answers encrypted, as cases do. */
  personalData: PersonalData;
}

export interface SubmitResult {
  reference: string;
  contactEmail: string | null;
}

/**
 * A service as a staff member fills it in for a citizen who gave no email address: its contact email
 * question, the only way the journey could otherwise insist on one, may be left blank. Nothing else changes.
 */
function forAssisted(service: PublishedService, assisted: AssistedStart | undefined): PublishedService {
  const contact = service.definition.contact?.email;
  if (!assisted || assisted.citizen.email || !contact) return service;
  return {
    ...service,
    definition: {
      ...service.definition,
      pages: service.definition.pages.map((page) => ({
        ...page,
        questions: page.questions.map((question) =>
          question.id === contact ? { ...question, optional: true } : question,
        ),
      })),
    },
  };
}

export type SubmitOutcome =
  { ok: true; result: SubmitResult } | { ok: false; pageId: string; errors: Map<string, FieldError> };

const RESUME_LINK_LIFETIME_MS = 7 * 86_400_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createApplicationsService(deps: ApplicationsDeps) {
  const { db, clock, catalogue } = deps;
  const t = () => deps.i18n.translator(undefined).t;
  const users = createUserData(deps.personalData.keyRing);

  /** A draft's answers as stored: personal ones encrypted. */
  function sealed(service: PublishedService, answers: Answers): string {
    return JSON.stringify(deps.personalData.sealAnswers(service.definition, answers));
  }

  function expiry(service: PublishedService, from: Date): Date {
    return new Date(from.getTime() + service.definition.draftLifetimeDays * 86_400_000);
  }

  function validationContext(): ValidationContext {
    const translator = deps.i18n.translator(undefined);
    return { t: translator.t, locale: translator.locale, today: localDate(clock.now(), deps.timeZone) };
  }

  async function toDraft(row: {
    id: string;
    service_slug: string;
    service_version_id: string;
    user_id: string | null;
    answers: StoredAnswers;
    updated_at: Date;
    expires_at: Date;
    channel: AssistedStart['channel'] | null;
    assisted_by: string | null;
    assisted_citizen: string | null;
  }): Promise<Draft> {
    const assisted = openAssistedDraft(deps.personalData, row);
    return {
      id: row.id,
      serviceSlug: row.service_slug,
      userId: row.user_id,
      answers: deps.personalData.openAnswers(row.answers),
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
      service: forAssisted(await catalogue.version(row.service_version_id), assisted),
      ...(assisted ? { assisted } : {}),
    };
  }

  async function insertDraft(
    service: PublishedService,
    userId: string | null,
    answers: Answers,
    assisted?: AssistedStart,
  ): Promise<string> {
    const id = randomUUID();
    const now = clock.now();
    await db
      .insertInto('drafts')
      .values({
        id,
        service_slug: service.slug,
        service_version_id: service.versionId,
        user_id: userId,
        answers: sealed(service, answers),
        created_at: now,
        updated_at: now,
        expires_at: expiry(service, now),
        resume_token_hash: null,
        ...assistedDraftColumns(deps.personalData, id, assisted),
      })
      .execute();
    return id;
  }

  return {
    validationContext,

    /** Creates a draft holding the answers to the first page. */
    async createDraft(service: PublishedService, userId: string | null, answers: Answers): Promise<string> {
      return insertDraft(service, userId, answers);
    },

    /**
     * Begins a draft a staff member fills in for a citizen (assisted digital; the page that asks has checked
     * the policy). The citizen's email, when they gave one, is already the answer to the contact question.
     * Returns the address of its first page.
     */
    async startAssisted(service: PublishedService, assisted: AssistedStart): Promise<string> {
      const contact = service.definition.contact?.email;
      const answers: Answers = contact && assisted.citizen.email ? { [contact]: assisted.citizen.email } : {};
      const id = await insertDraft(service, null, answers, assisted);
      const first = visiblePages(forAssisted(service, assisted).definition, {})[0];
      return first ? `/apply/${id}/${first.page.id}` : `/apply/${id}/check`;
    },

    /** The draft, if this person may use it and it has not expired; "not found" otherwise. */
    async draftFor(
      draftId: string,
      principal: Principal | undefined,
      sessionDraftIds: readonly string[],
    ): Promise<Draft> {
      const row = isUuid(draftId)
        ? await db.selectFrom('drafts').selectAll().where('id', '=', draftId).executeTakeFirst()
        : undefined;
      const service = row ? await catalogue.version(row.service_version_id) : undefined;
      if (
        !row ||
        !service ||
        row.expires_at <= clock.now() ||
        !canUseDraft(principal, sessionDraftIds, {
          id: row.id,
          userId: row.user_id,
          assistedBy: row.assisted_by,
          departmentId: service.definition.department,
        })
      ) {
        throw notFound('draft.not_found', t()('applications:errors.draftNotFound'));
      }
      return toDraft(row);
    },

    /** Saves a page's answers; every save pushes the expiry back. */
    async saveAnswers(draft: Draft, answers: Answers): Promise<Answers> {
      const merged = { ...draft.answers, ...answers };
      const now = clock.now();
      await db
        .updateTable('drafts')
        .set({
          answers: sealed(draft.service, merged),
          updated_at: now,
          expires_at: expiry(draft.service, now),
        })
        .where('id', '=', draft.id)
        .execute();
      return merged;
    },

    /** Stores an accepted upload against a draft's file question, replacing the old file when only one is allowed. */
    async addUpload(
      draft: Draft,
      questionId: string,
      maxFiles: number,
      upload: { name: string; mediaType: string; content: Buffer },
    ): Promise<FileRef[]> {
      return db.transaction().execute(async (trx) => {
        const current = isFileRefList(draft.answers[questionId]) ? draft.answers[questionId] : [];
        const kept = maxFiles === 1 ? [] : current;
        if (maxFiles === 1 && current.length > 0) {
          await trx
            .deleteFrom('files')
            .where(
              'id',
              'in',
              current.map((file) => file.id),
            )
            .where('owner_id', '=', draft.id)
            .execute();
        }
        const stored: StoredFileInfo = await storeFile(
          scoped(trx),
          {
            owner: { type: 'draft', id: draft.id },
            field: questionId,
            name: upload.name,
            mediaType: upload.mediaType,
            content: upload.content,
          },
          deps.personalData.keyRing,
        );
        const files = [
          ...kept,
          { id: stored.id, name: stored.name, size: stored.size, mediaType: stored.mediaType },
        ];
        draft.answers = { ...draft.answers, [questionId]: files };
        await trx
          .updateTable('drafts')
          .set({ answers: sealed(draft.service, draft.answers), updated_at: clock.now() })
          .where('id', '=', draft.id)
          .execute();
        return files;
      });
    },

    async removeUpload(draft: Draft, fileId: string): Promise<void> {
      if (!isUuid(fileId)) return;
      await db.transaction().execute(async (trx) => {
        const answers: Answers = { ...draft.answers };
        for (const [questionId, answer] of Object.entries(answers)) {
          if (isFileRefList(answer) && answer.some((file) => file.id === fileId)) {
            answers[questionId] = answer.filter((file) => file.id !== fileId);
            if (answers[questionId].length === 0) delete answers[questionId];
          }
        }
        await trx
          .deleteFrom('files')
          .where('id', '=', fileId)
          .where('owner_type', '=', 'draft')
          .where('owner_id', '=', draft.id)
          .execute();
        await trx
          .updateTable('drafts')
          .set({ answers: sealed(draft.service, answers), updated_at: clock.now() })
          .where('id', '=', draft.id)
          .execute();
        draft.answers = answers;
      });
    },

    /**
     * Sends the application. Every shown answer is checked again (a date that had to be in the future may
     * not be any more); the case, its documents and the end of the draft are one transaction.
     */
    async submit(
      draft: Draft,
      principal: Principal | undefined,
      actor: Actor,
      /** The level of assurance of the citizen's session, recorded on the case. */
      assurance?: Assurance,
    ): Promise<SubmitOutcome> {
      const definition = draft.service.definition;
      const context = validationContext();
      for (const { page, questions } of visiblePages(definition, draft.answers)) {
        const raw = Object.fromEntries(
          questions.map((question) => [
            question.id,
            fieldTypeOf(question).toRaw(draft.answers[question.id], question),
          ]),
        );
        const result = validatePage(questions, raw, context);
        if (!result.ok) return { ok: false, pageId: page.id, errors: result.errors.byQuestion };
      }
      const answers = countedAnswers(definition, draft.answers);
      const contactAnswer = definition.contact ? answers[definition.contact.email] : undefined;
      const assisted = draft.assisted;
      const contactEmail =
        typeof contactAnswer === 'string'
          ? contactAnswer
          : principal?.kind === 'citizen'
            ? principal.email
            : (assisted?.citizen.email ?? null);
      // Taken by staff: the case is the citizen's, in their account when their email address has one.
      const citizenUserId = assisted
        ? await citizenAccountOf(db, users, contactEmail)
        : principal?.kind === 'citizen'
          ? principal.id
          : draft.userId;
      const documentIds = allQuestions(definition)
        .filter((question) => question.type === 'file')
        .flatMap((question) => {
          const answer = answers[question.id];
          return isFileRefList(answer) ? answer.map((file) => file.id) : [];
        });
      // Every upload of a draft is in its answers (a file is stored with the answer that refers to it).
      const draftHasFiles = Object.values(draft.answers).some(
        (answer) => isFileRefList(answer) && answer.length > 0,
      );
      const caseId = randomUUID();
      const reference = await db.transaction().execute(async (trx) => {
        // The draft is cleared first and the case opened last, so that the audit entry openCase appends is
        // the transaction's last statement (its lock is held only to commit).
        // Two sends of one draft (a double click, two tabs) must not make two cases: the second finds the
        // draft gone, here or by waiting for the first's lock on it, and changes nothing.
        const removed = await trx.deleteFrom('drafts').where('id', '=', draft.id).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) {
          throw conflict('draft.already_sent', t()('applications:errors.alreadySent'));
        }
        if (draftHasFiles) {
          await moveFiles(
            scoped(trx),
            documentIds,
            { type: 'draft', id: draft.id },
            { type: 'case', id: caseId },
          );
          // Files of answers that no longer count (an earlier answer changed) leave with the draft.
          await deleteFilesOf(scoped(trx), { type: 'draft', id: draft.id });
        }
        const opened = await deps.cases.openCase(trx, {
          id: caseId,
          service: draft.service,
          answers,
          citizenUserId,
          contactEmail,
          actor,
          // Taken by staff, the case has no level of assurance: Plaza did not check who the citizen is.
          assurance: principal?.kind === 'citizen' && !assisted ? (assurance ?? null) : null,
          ...(assisted
            ? {
                assisted: {
                  channel: assisted.channel,
                  staffUserId: assisted.staffUserId,
                  citizen: { name: assisted.citizen.name, phone: assisted.citizen.phone },
                },
              }
            : {}),
        });
        return opened.reference;
      });
      return { ok: true, result: { reference, contactEmail } };
    },

    /** Emails a link that reopens the draft in any browser, for a citizen who is not signed in. */
    async sendResumeLink(draft: Draft, email: string): Promise<void> {
      const token = randomBytes(24).toString('base64url');
      const now = clock.now();
      const linkExpiry = new Date(
        Math.min(draft.expiresAt.getTime(), now.getTime() + RESUME_LINK_LIFETIME_MS),
      );
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('drafts')
          .set({ resume_token_hash: hashToken(token) })
          .where('id', '=', draft.id)
          .execute();
        const translator = deps.i18n.translator(undefined);
        const text = translator.t;
        await deps.notifier.queueEmail(trx, {
          recipient: email,
          subject: text('notifications:resumeLink.subject', { service: draft.service.definition.title }),
          body: text('notifications:resumeLink.body', {
            service: draft.service.definition.title,
            link: `${deps.baseUrl}/resume/${token}`,
            expires: formatters({ locale: translator.locale, timeZone: deps.timeZone }).date(linkExpiry),
            organisation: deps.organisationName,
          }),
          template: 'draft.resume_link',
        });
        await appendAudit(trx, clock, {
          actor: draft.userId ? { type: 'user', id: draft.userId } : { type: 'anonymous', id: null },
          action: 'draft.resume_link_sent',
          subject: { type: 'draft', id: draft.id },
        });
      });
    },

    /** The draft an emailed link points to; the link works until the draft expires. */
    async draftByResumeToken(token: string): Promise<{ id: string; userId: string | null } | undefined> {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
      const row = await db
        .selectFrom('drafts')
        .select(['id', 'user_id', 'expires_at'])
        .where('resume_token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row || row.expires_at <= clock.now()) return undefined;
      return { id: row.id, userId: row.user_id };
    },

    /** Gives drafts begun anonymously in this browser to the citizen who just signed in. */
    async claimDrafts(userId: string, draftIds: readonly string[]): Promise<void> {
      if (draftIds.length === 0) return;
      await db
        .updateTable('drafts')
        .set({ user_id: userId })
        .where('id', 'in', [...draftIds])
        .where('user_id', 'is', null)
        .execute();
    },

    async draftsOf(userId: string): Promise<Draft[]> {
      const rows = await db
        .selectFrom('drafts')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', clock.now())
        .orderBy('updated_at', 'desc')
        .execute();
      return Promise.all(rows.map(toDraft));
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;

/** Deletes drafts past their service's lifetime, with their uploads. */
export function draftExpiryJob(deps: { db: Db; clock: Clock }): JobHandler {
  return {
    name: 'applications.expire_drafts',
    schedule: '17 * * * *',
    async run() {
      const expired = await deps.db
        .selectFrom('drafts')
        .select('id')
        .where('expires_at', '<=', deps.clock.now())
        .limit(1000)
        .execute();
      for (const { id } of expired) {
        await deps.db.transaction().execute(async (trx) => {
          await deleteFilesOf(scoped(trx), { type: 'draft', id });
          await trx.deleteFrom('drafts').where('id', '=', id).execute();
        });
      }
    },
  };
}
