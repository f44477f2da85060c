/**
 * A report being written, saved at every step so the citizen can go back and change anything: the drafts
 * table that applications use (pinned to the report type's version, expiring with it, cleared by the same
 * job), holding the type's answers (personal ones encrypted, as for applications), the report's own steps
 * under one key, and the photos as the draft's files. Only the browser that began a report continues it.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../database.js';
import { scoped } from '../../database.js';
import { conflict, isUuid, notFound } from '../../platform/errors.js';
import { deleteFilesOf, fileContent, storeFile } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { reporterQuestionIds, type CatalogueService, type PublishedService } from '../catalogue/index.js';
import type { Answers } from '../forms/index.js';
import type { PersonalData, StoredAnswers } from '../privacy/index.js';
import { assistedDraftColumns, openAssistedDraft, type AssistedStart } from '../assisted-digital/index.js';
import { PHOTO_FIELD } from './reports.service.js';

/** The report's own steps, beside the type's answers. */
export interface ReportSteps {
  location?: { lat: number; long: number; address: string | null };
  description?: string;
  /** The citizen went past the photos step (photos are optional). */
  photosDone?: boolean;
  /** The citizen went past the contact details step (which may be left blank). */
  contactDone?: boolean;
  /** The citizen saw the similar reports nearby and chose to file a new one. */
  similarDone?: boolean;
}

export interface ReportPhoto {
  id: string;
  name: string;
  size: number;
}

export interface ReportDraft {
  id: string;
  service: PublishedService;
  answers: Answers;
  steps: ReportSteps;
  photos: ReportPhoto[];
  expiresAt: Date;
  /** Begun by a staff member for a citizen (assisted digital). */
  assisted?: AssistedStart;
}

/** The answers key that holds the report's own steps (no question id can start with "$"). */
const STEPS_KEY = '$report';

export function createReportDrafts(deps: {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  personalData: PersonalData;
}) {
  const { db, clock, personalData } = deps;

  function stored(service: PublishedService, answers: Answers, steps: ReportSteps): string {
    return JSON.stringify({
      ...personalData.sealAnswers(service.definition, answers),
      [STEPS_KEY]: steps,
    });
  }

  function expiry(service: PublishedService, from: Date): Date {
    return new Date(from.getTime() + service.definition.draftLifetimeDays * 86_400_000);
  }

  async function photosOf(draftId: string): Promise<ReportPhoto[]> {
    const rows = await db
      .selectFrom('files')
      .select(['id', 'original_name', 'size_bytes'])
      .where('owner_type', '=', 'draft')
      .where('owner_id', '=', draftId)
      .where('field', '=', PHOTO_FIELD)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.original_name, size: row.size_bytes }));
  }

  async function save(draft: ReportDraft): Promise<void> {
    const now = clock.now();
    await db
      .updateTable('drafts')
      .set({
        answers: stored(draft.service, draft.answers, draft.steps),
        updated_at: now,
        expires_at: expiry(draft.service, now),
      })
      .where('id', '=', draft.id)
      .execute();
  }

  return {
    /** A new draft; `assisted`: begun by a staff member for a citizen, whose details fill the contact page. */
    async create(service: PublishedService, assisted?: AssistedStart): Promise<string> {
      const id = randomUUID();
      const contact = assisted
        ? Object.fromEntries(
            [
              [reporterQuestionIds.name, assisted.citizen.name],
              [reporterQuestionIds.email, assisted.citizen.email],
              [reporterQuestionIds.phone, assisted.citizen.phone],
            ].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
          )
        : {};
      const now = clock.now();
      await db
        .insertInto('drafts')
        .values({
          id,
          service_slug: service.slug,
          service_version_id: service.versionId,
          // Kept to this browser's session: a report is a few minutes' work, and a report draft never
          // shows among a signed-in citizen's applications.
          user_id: null,
          answers: stored(service, contact, {}),
          created_at: now,
          updated_at: now,
          expires_at: expiry(service, now),
          resume_token_hash: null,
          ...assistedDraftColumns(personalData, id, assisted),
        })
        .execute();
      return id;
    },

    /** The draft, when this browser began it and it has not expired or been filed. */
    async load(
      draftId: string,
      slug: string,
      sessionDraftIds: readonly string[],
      message: string,
    ): Promise<ReportDraft> {
      const row =
        isUuid(draftId) && sessionDraftIds.includes(draftId)
          ? await db.selectFrom('drafts').selectAll().where('id', '=', draftId).executeTakeFirst()
          : undefined;
      if (!row || row.expires_at <= clock.now() || row.service_slug !== slug)
        throw notFound('report_draft.not_found', message);
      const service = await deps.catalogue.version(row.service_version_id);
      const { [STEPS_KEY]: steps, ...answers } = row.answers as StoredAnswers & { [STEPS_KEY]?: ReportSteps };
      const assisted = openAssistedDraft(personalData, row);
      return {
        ...(assisted ? { assisted } : {}),
        id: row.id,
        service,
        answers: personalData.openAnswers(answers),
        steps: steps ?? {},
        photos: await photosOf(row.id),
        expiresAt: row.expires_at,
      };
    },

    async saveAnswers(draft: ReportDraft, answers: Answers): Promise<void> {
      draft.answers = { ...draft.answers, ...answers };
      await save(draft);
    },

    async saveSteps(draft: ReportDraft, steps: Partial<ReportSteps>): Promise<void> {
      draft.steps = { ...draft.steps, ...steps };
      await save(draft);
    },

    /** Stores a processed photo with the draft. */
    async addPhoto(draft: ReportDraft, photo: { name: string; content: Buffer }): Promise<void> {
      await storeFile(
        scoped(db),
        {
          owner: { type: 'draft', id: draft.id },
          field: PHOTO_FIELD,
          name: photo.name,
          mediaType: 'image/jpeg',
          content: photo.content,
        },
        personalData.keyRing,
      );
      draft.photos = await photosOf(draft.id);
    },

    async removePhoto(draft: ReportDraft, fileId: string): Promise<void> {
      if (!isUuid(fileId)) return;
      await db
        .deleteFrom('files')
        .where('id', '=', fileId)
        .where('owner_type', '=', 'draft')
        .where('owner_id', '=', draft.id)
        .execute();
      draft.photos = await photosOf(draft.id);
    },

    /** The photos' contents, to file with the report. */
    async photoContents(draft: ReportDraft): Promise<{ name: string; mediaType: string; content: Buffer }[]> {
      const contents = [];
      for (const photo of draft.photos) {
        const content = await fileContent(scoped(db), photo.id, personalData.keyRing);
        if (content) contents.push({ name: photo.name, mediaType: 'image/jpeg', content });
      }
      return contents;
    },

    /** Drops a draft and its photos (its citizen followed another report instead). */
    async discard(draftId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await deleteFilesOf(scoped(trx), { type: 'draft', id: draftId });
        await trx.deleteFrom('drafts').where('id', '=', draftId).execute();
      });
    },

    /**
     * Ends a draft in the caller's transaction (it was filed, or its citizen followed another report).
     * A second end (a double click, two tabs) finds it gone and is refused, so one draft files one report.
     */
    async end(trx: Db, draftId: string, alreadyMessage: string): Promise<void> {
      await deleteFilesOf(scoped(trx), { type: 'draft', id: draftId });
      const removed = await trx.deleteFrom('drafts').where('id', '=', draftId).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) throw conflict('report_draft.already_sent', alreadyMessage);
    },
  };
}

export type ReportDrafts = ReturnType<typeof createReportDrafts>;
