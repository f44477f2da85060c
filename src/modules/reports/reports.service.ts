/**
 * Reports of problems in the street (311): filing one (from the web journey, Open311 or staff), following
 * one ("me too"), keeping its public record in step with its case, telling its followers, and the public
 * page and list. A report is a case (kind 'report') in its department's queue plus a `reports` row holding
 * what the public and Open311 clients see: where, what, and its status. Nothing here sees HTTP.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, Db } from '../../database.js';
import { scoped } from '../../database.js';
import { invalid, notFound, type FieldError as FieldProblem } from '../../platform/errors.js';
import type { I18n, Translator } from '../../platform/i18n/i18n.js';
import { ImageRefused, processImage, type ImageLimits } from '../../platform/images/images.js';
import { storeFile } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { localDate } from '../../platform/time/working-calendar.js';
import { appendAudit, type Actor } from '../audit/index.js';
import {
  reporterQuestionIds,
  reportSettingsOf,
  type CatalogueService,
  type PublishedService,
} from '../catalogue/index.js';
import {
  eventsForEveryone,
  type AssistedChannel,
  type CaseChange,
  type CasesService,
} from '../cases/index.js';
import { citizenAccountOf } from '../assisted-digital/index.js';
import { createUserData } from '../identity/index.js';
import {
  countedAnswers,
  fieldTypeOf,
  questionErrors,
  validatePage,
  visiblePages,
  type Answer,
  type Answers,
  type RawValue,
  type ValidationContext,
} from '../forms/index.js';
import { fillTemplate, type Notifier } from '../notifications/index.js';
import type { Place, PlacesService } from '../places/index.js';
import { textContexts, type PersonalData } from '../privacy/index.js';
import { stateOf } from '../workflow/index.js';
import type { DuplicateCandidate, DuplicateQuery } from './duplicate-candidates.js';
import { reportColumns } from './report-columns.js';
import type { StoredTriage } from './reports.tables.js';

export interface FileReportInput {
  serviceSlug: string;
  answers: Record<string, unknown>;
  description: string;
  location: { lat: number; long: number; address?: string };
  photos: { name: string; mediaType: string; content: Buffer }[];
  /**
   * The photos were already made safe by processImage (the web journey does it as each one is added, and
   * keeps the result in the draft): stored as they are rather than decoded and re-encoded a second time.
   */
  photosProcessed?: boolean;
  contact?: { email?: string; firstName?: string; lastName?: string; phone?: string };
  channel: 'web' | 'open311' | 'staff';
  citizenUserId: string | null;
  actor: Actor;
  language?: string;
  /**
   * Taken by a staff member for a citizen (assisted digital): the report type's sign-in does not apply, and
   * the case is linked to the citizen's account when the contact email has one.
   */
  assisted?: { channel: AssistedChannel; staffUserId: string };
}

export interface FiledReport {
  reportId: string;
  serviceRequestId: string;
  caseId: string;
}

/** What triage gives a report as it arrives (the triage module's suggestion, or none without a model). */
export interface TriageAtFiling {
  serviceCode: string;
  department: string | null;
  confidence: number;
  modelVersion: number;
  topWords: string[];
}

export interface ReportsDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  cases: CasesService;
  places: PlacesService;
  i18n: I18n;
  timeZone: string;
  baseUrl: string;
  organisationName: string;
  notifier: Notifier;
  personalData: PersonalData;
  imageLimits: ImageLimits;
  /**
   * A signed-in follower's email address, read in the caller's transaction (on the embedded database a
   * read outside it would wait for it to end).
   */
  emailOfUser: (db: Db, userId: string) => Promise<string | null>;
  /** Triage, once the deployment has a model: a suggestion stored with the report, applied above the threshold. */
  triage?: {
    suggestTriage(text: string): Promise<TriageAtFiling | null>;
    autoApplyTriage?(trx: Db, reportId: string, suggestion: TriageAtFiling): Promise<unknown>;
  };
  /** Similar open reports nearby, for "Is it one of these?". */
  findDuplicateCandidates?: (db: Db, query: DuplicateQuery) => Promise<DuplicateCandidate[]>;
}

export const MAX_PHOTOS = 3;
export const PHOTO_FIELD = 'photos';

export interface PublicUpdate {
  occurredAt: Date;
  stateLabel: string | null;
  message: string | null;
}

export interface PublicReport {
  id: string;
  serviceRequestId: string;
  serviceCode: string;
  serviceName: string;
  status: 'open' | 'closed';
  /** The public label of the case's state; for imported records, null. */
  stateLabel: string | null;
  description: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  /** The gazetteer's nearest place, when the citizen chose a point on a map rather than a place. */
  nearestPlace: string | null;
  requestedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  followersCount: number;
  photoCount: number;
  duplicateOf: string | null;
  updates: PublicUpdate[];
}

export interface ReportListFilters {
  serviceCode?: string;
  status?: 'open' | 'closed';
  area?: string;
  /** [south, west, north, east] */
  bbox?: [number, number, number, number];
  from?: Date;
  /** Up to and including this day. */
  to?: Date;
  page: number;
  pageSize: number;
}

export interface ReportListItem {
  serviceRequestId: string;
  serviceName: string;
  status: 'open' | 'closed';
  stateLabel: string | null;
  description: string | null;
  lat: number | null;
  long: number | null;
  address: string | null;
  requestedAt: Date;
  updatedAt: Date;
}

export interface ReportList {
  items: ReportListItem[];
  /** Exact up to LIST_COUNT_LIMIT; beyond it `moreThanTotal` is set. */
  total: number;
  moreThanTotal: boolean;
  page: number;
  pageSize: number;
}

export const LIST_COUNT_LIMIT = 10_000;

/** A problem with one field, linked from the error summary. */
function problem(field: string, message: string): FieldProblem {
  return { field, href: `#${field}`, message };
}

export function createReportsService(deps: ReportsDeps) {
  const { db, clock, catalogue, places, personalData } = deps;
  const users = createUserData(personalData.keyRing);
  const translator = (language?: string): Translator => deps.i18n.translator(language);

  function validationContext(language?: string): ValidationContext {
    const { t, locale } = translator(language);
    return { t, locale, today: localDate(clock.now(), deps.timeZone) };
  }

  /** A published report type, or a precise refusal. */
  function reportType(slug: string, t: Translator['t']): PublishedService {
    const service = catalogue.current(slug);
    if (!service || service.definition.kind !== 'report') {
      const message = t('reports:errors.unknownType', { code: slug });
      throw invalid('report.service_unknown', message, [problem('service_code', message)]);
    }
    return service;
  }

  /** The location's problems: a number each, within range, inside the city. */
  function locationProblems(location: { lat: unknown; long: unknown }, t: Translator['t']): FieldProblem[] {
    const { lat, long } = location;
    const problems: FieldProblem[] = [];
    if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
      problems.push(problem('lat', t('reports:errors.latitude')));
    if (typeof long !== 'number' || !Number.isFinite(long) || long < -180 || long > 180)
      problems.push(problem('long', t('reports:errors.longitude')));
    if (problems.length === 0 && !places.isInsideBoundary(lat as number, long as number))
      problems.push(
        problem('location', t('reports:errors.outsideBoundary', { organisation: deps.organisationName })),
      );
    return problems;
  }

  function descriptionProblems(
    service: PublishedService,
    description: string,
    t: Translator['t'],
  ): FieldProblem[] {
    const max = reportSettingsOf(service.definition).descriptionMaxLength;
    if (description === '') return [problem('description', t('reports:errors.descriptionMissing'))];
    if (description.length > max)
      return [
        problem('description', t('reports:errors.descriptionTooLong', { max, count: description.length })),
      ];
    return [];
  }

  /**
   * The answers to the report type's own questions and the reporter's contact details, checked by the
   * form engine as the web journey checks them. Input may be answers (the web) or text (Open311).
   */
  function checkAnswers(
    service: PublishedService,
    input: Record<string, unknown>,
    language: string | undefined,
  ): { answers: Answers; problems: FieldProblem[] } {
    const definition = service.definition;
    const context = validationContext(language);
    const answers: Answers = {};
    const problems: FieldProblem[] = [];
    // Conditions see the answers given so far, page by page, as in the journey.
    for (const { questions } of visiblePages(definition, input as Answers)) {
      const raw: Record<string, RawValue> = {};
      for (const question of questions) {
        const value = input[question.id];
        const field = fieldTypeOf(question);
        raw[question.id] =
          typeof value === 'string' ||
          (Array.isArray(value) && value.every((item) => typeof item === 'string'))
            ? field.read({ [question.id]: value }, question)
            : field.toRaw(value as Answer | undefined, question);
      }
      const result = validatePage(questions, raw, context);
      if (result.ok) Object.assign(answers, result.answers);
      else problems.push(...questionErrors(questions, result.errors.byQuestion));
    }
    return { answers: countedAnswers(definition, answers), problems };
  }

  async function processedPhotos(
    service: PublishedService,
    photos: FileReportInput['photos'],
    t: Translator['t'],
    alreadyProcessed: boolean,
  ): Promise<{ photos: { name: string; content: Buffer }[]; problems: FieldProblem[] }> {
    const max = Math.min(MAX_PHOTOS, reportSettingsOf(service.definition).maxPhotos);
    if (photos.length > max)
      return { photos: [], problems: [problem('photos', t('reports:errors.tooManyPhotos', { count: max }))] };
    if (alreadyProcessed)
      return { photos: photos.map((photo) => ({ name: photo.name, content: photo.content })), problems: [] };
    const processed: { name: string; content: Buffer }[] = [];
    const problems: FieldProblem[] = [];
    for (const photo of photos) {
      try {
        const image = await processImage(photo.content, deps.imageLimits);
        processed.push({ name: photoName(photo.name), content: image.content });
      } catch (error) {
        if (!(error instanceof ImageRefused)) throw error;
        problems.push(problem('photos', photoRefusalMessage(error, photo.name, t, translator().locale)));
      }
    }
    return { photos: processed, problems };
  }

  /** Contact details as the reporter page's answers. */
  function contactAnswers(contact: FileReportInput['contact']): Record<string, string> {
    if (!contact) return {};
    const name = [contact.firstName, contact.lastName]
      .map((part) => part?.trim() ?? '')
      .filter((part) => part !== '')
      .join(' ');
    return {
      ...(name ? { [reporterQuestionIds.name]: name } : {}),
      ...(contact.email?.trim() ? { [reporterQuestionIds.email]: contact.email.trim() } : {}),
      ...(contact.phone?.trim() ? { [reporterQuestionIds.phone]: contact.phone.trim() } : {}),
    };
  }

  async function insertFollower(
    trx: Db,
    reportId: string,
    follower: { userId: string | null; email: string | null; language: string | null },
  ): Promise<boolean> {
    const inserted = await trx
      .insertInto('report_followers')
      .values({
        id: randomUUID(),
        report_id: reportId,
        user_id: follower.userId,
        email:
          follower.userId === null && follower.email !== null
            ? personalData.sealText(follower.email, textContexts.reportFollowerEmail)
            : null,
        email_index:
          follower.userId === null && follower.email !== null
            ? personalData.emailIndex(follower.email)
            : null,
        language: follower.language,
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await trx
      .updateTable('reports')
      .set({ followers_count: sql<number>`followers_count + 1` })
      .where('id', '=', reportId)
      .execute();
    return true;
  }

  /** The public link of a report. */
  const publicLink = (serviceRequestId: string): string => `${deps.baseUrl}/reports/${serviceRequestId}`;

  async function tellReporter(
    trx: Db,
    service: PublishedService,
    report: { caseId: string; serviceRequestId: string },
    recipient: string,
    language: string | undefined,
  ): Promise<void> {
    const { t } = translator(language);
    const initial = stateOf(service.definition.resolvedWorkflow, service.definition.resolvedWorkflow.initial);
    const template = service.definition.notifications.submitted ?? {
      subject: t('reports:mail.received.subject'),
      body: t('reports:mail.received.body'),
    };
    const filled = fillTemplate(template, {
      reference: report.serviceRequestId,
      service: service.definition.title,
      status: initial.publicLabel ?? initial.label,
      link: publicLink(report.serviceRequestId),
      organisation: deps.organisationName,
    });
    await deps.notifier.queueEmail(trx, {
      recipient,
      subject: filled.subject,
      body: filled.body,
      template: 'report.received',
      caseId: report.caseId,
    });
  }

  /**
   * Files a report. Everything is checked first and every problem reported at once; then the case, the
   * report, its photos and its first follower are written in one transaction, or nothing is.
   */
  async function fileReport(
    input: FileReportInput,
    options: { beforeFiling?: (trx: Db) => Promise<void> } = {},
  ): Promise<FiledReport> {
    const { t } = translator(input.language);
    const service = reportType(input.serviceSlug, t);
    const description = input.description.replace(/\r\n/g, '\n').trim();
    const contact = contactAnswers(input.contact);
    const checked = checkAnswers(service, { ...input.answers, ...contact }, input.language);
    const photos = await processedPhotos(service, input.photos, t, input.photosProcessed === true);
    const problems = [
      ...locationProblems(input.location, t),
      ...checked.problems,
      ...descriptionProblems(service, description, t),
      ...photos.problems,
    ];
    if (service.definition.signIn !== 'none' && input.citizenUserId === null && !input.assisted)
      problems.unshift(problem('account', t('reports:errors.signInNeeded')));
    if (problems.length > 0) {
      throw invalid('report.invalid', problems.map((entry) => entry.message).join(' '), problems);
    }
    const address = input.location.address?.trim().slice(0, 300) || null;
    const contactEmail = (checked.answers[reporterQuestionIds.email] as string | null | undefined) ?? null;
    const citizenUserId = input.assisted
      ? await citizenAccountOf(db, users, contactEmail)
      : input.citizenUserId;
    let triage: TriageAtFiling | null = null;
    try {
      triage = (await deps.triage?.suggestTriage(description)) ?? null;
    } catch {
      // A report is filed whatever triage makes of it; staff can ask for a suggestion again.
      triage = null;
    }
    const caseId = randomUUID();
    const reportId = randomUUID();
    const now = clock.now();
    const filed = await db.transaction().execute(async (trx) => {
      await options.beforeFiling?.(trx);
      for (const photo of photos.photos) {
        await storeFile(
          scoped(trx),
          {
            owner: { type: 'case', id: caseId },
            field: PHOTO_FIELD,
            name: photo.name,
            mediaType: 'image/jpeg',
            content: photo.content,
          },
          personalData.keyRing,
        );
      }
      const opened = await deps.cases.openCase(trx, {
        id: caseId,
        kind: 'report',
        service,
        answers: checked.answers,
        citizenUserId,
        contactEmail,
        actor: input.actor,
        ...(input.assisted ? { assisted: input.assisted } : {}),
      });
      const caseRow = await trx
        .selectFrom('cases')
        .select(['sla_due_at'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
      const storedTriage: StoredTriage | null = triage
        ? {
            serviceCode: triage.serviceCode,
            department: triage.department,
            confidence: triage.confidence,
            modelVersion: triage.modelVersion,
            applied: false,
          }
        : null;
      await trx
        .insertInto('reports')
        .values({
          id: reportId,
          service_request_id: opened.reference,
          case_id: caseId,
          service_code: service.slug,
          service_name: service.definition.title,
          department_id: service.definition.department,
          status: 'open',
          status_notes: null,
          description,
          lat: input.location.lat,
          long: input.location.long,
          address,
          requested_at: now,
          updated_at: now,
          expected_at: caseRow.sla_due_at,
          closed_at: null,
          photo_count: photos.photos.length,
          duplicate_of: null,
          channel: input.channel,
          import_source: null,
          external_id: null,
          triage: storedTriage ? JSON.stringify(storedTriage) : null,
        })
        .execute();
      // The reporter follows their own report when Plaza can reach them.
      if (citizenUserId !== null || contactEmail !== null) {
        await insertFollower(trx, reportId, {
          userId: citizenUserId,
          email: contactEmail,
          language: input.language ?? null,
        });
      }
      const recipient = contactEmail ?? (citizenUserId ? await deps.emailOfUser(trx, citizenUserId) : null);
      if (recipient)
        await tellReporter(
          trx,
          service,
          { caseId, serviceRequestId: opened.reference },
          recipient,
          input.language,
        );
      if (triage && deps.triage?.autoApplyTriage) await deps.triage.autoApplyTriage(trx, reportId, triage);
      return { reportId, serviceRequestId: opened.reference, caseId };
    });
    return filed;
  }

  /** Emails every follower of a report about a public update, each in their language. */
  async function tellFollowers(
    trx: Db,
    report: { id: string; serviceRequestId: string; caseId: string; serviceTitle: string },
    change: CaseChange,
  ): Promise<void> {
    const followers = await trx
      .selectFrom('report_followers')
      .select(['user_id', 'email', 'language'])
      .where('report_id', '=', report.id)
      .execute();
    const sent = new Set<string>();
    for (const follower of followers) {
      let recipient: string | null = null;
      const language = follower.language ?? undefined;
      if (follower.user_id) recipient = await deps.emailOfUser(trx, follower.user_id);
      else recipient = personalData.openText(follower.email, textContexts.reportFollowerEmail);
      if (!recipient || sent.has(recipient.toLowerCase())) continue;
      sent.add(recipient.toLowerCase());
      const { t } = translator(language);
      // A note alone does not say the status is now what it already was.
      const noteOnly = !!change.noteOnly && !!change.message;
      const body = noteOnly ? 'noteBody' : change.message ? 'bodyWithMessage' : 'body';
      await deps.notifier.queueEmail(trx, {
        recipient,
        subject: t(noteOnly ? 'reports:mail.updated.noteSubject' : 'reports:mail.updated.subject', {
          reference: report.serviceRequestId,
          status: change.publicStateLabel,
        }),
        body: t(`reports:mail.updated.${body}`, {
          reference: report.serviceRequestId,
          service: report.serviceTitle,
          status: change.publicStateLabel,
          message: change.message ?? '',
          link: publicLink(report.serviceRequestId),
          organisation: deps.organisationName,
        }),
        template: 'report.updated',
        caseId: report.caseId,
      });
    }
  }

  /** A state's public label; a state staff keep to themselves shows as plain open or closed. */
  function stateLabelOf(service: PublishedService, state: string): string | null {
    const found = service.definition.resolvedWorkflow.states[state];
    return found?.public ? (found.publicLabel ?? found.label) : null;
  }

  return {
    fileReport: (input: FileReportInput) => fileReport(input),
    /** The web journey's filing: `beforeFiling` ends its draft in the same transaction. */
    fileReportFromJourney: fileReport,
    locationProblems,
    descriptionProblems,
    checkAnswers,
    validationContext,
    processedPhotos,

    /** Keeps a report's public record in step with its case, and tells its followers of public updates. */
    async onCaseChanged(trx: Db, change: CaseChange): Promise<void> {
      if (change.kind !== 'report') return;
      const report = await trx
        .selectFrom('reports')
        .select(['id', 'service_request_id', 'service_name'])
        .where('case_id', '=', change.caseId)
        .executeTakeFirst();
      if (!report) return;
      await trx
        .updateTable('reports')
        .set({
          status: change.closedAt ? 'closed' : 'open',
          status_notes: change.isPublic ? (change.message ?? change.publicStateLabel) : undefined,
          updated_at: change.occurredAt,
          closed_at: change.closedAt,
          // Moving to another type (triage) keeps the type in step too.
          service_code: change.service.slug,
          service_name: change.service.definition.title,
        })
        .where('id', '=', report.id)
        .execute();
      if (change.isPublic)
        await tellFollowers(
          trx,
          {
            id: report.id,
            serviceRequestId: report.service_request_id,
            caseId: change.caseId,
            serviceTitle: report.service_name ?? change.service.definition.title,
          },
          change,
        );
    },

    /**
     * "Me too": a signed-in citizen, or anyone with an email address, follows a report and hears of its
     * updates. Following twice changes nothing. Returns whether this was a new follower.
     */
    async addFollower(input: {
      serviceRequestId: string;
      userId?: string | null;
      email?: string | null;
      language?: string;
      actor: Actor;
    }): Promise<{ added: boolean; followersCount: number }> {
      const { t } = translator(input.language);
      const userId = input.userId ?? null;
      const email = input.email?.trim() || null;
      if (userId === null && email === null) {
        const message = t('reports:errors.followerEmailMissing');
        throw invalid('report.follower_missing', message, [problem('email', message)]);
      }
      if (userId === null && email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
        const message = t('reports:errors.followerEmailInvalid');
        throw invalid('report.follower_email', message, [problem('email', message)]);
      }
      return db.transaction().execute(async (trx) => {
        const report = await trx
          .selectFrom('reports')
          .select(['id', 'status'])
          .where('service_request_id', '=', input.serviceRequestId)
          .executeTakeFirst();
        if (!report) throw notFound('report.not_found', t('reports:errors.notFound'));
        // The report is locked while its count changes, so two "me too"s count as two.
        await sql`select 1 from reports where id = ${report.id} for update`.execute(trx);
        const added = await insertFollower(trx, report.id, {
          userId,
          email,
          language: input.language ?? null,
        });
        const { followers_count } = await trx
          .selectFrom('reports')
          .select('followers_count')
          .where('id', '=', report.id)
          .executeTakeFirstOrThrow();
        if (added) {
          await appendAudit(trx, clock, {
            actor: input.actor,
            action: 'report.followed',
            subject: { type: 'report', id: report.id },
            details: { serviceRequestId: input.serviceRequestId, signedIn: userId !== null },
          });
        }
        return { added, followersCount: followers_count };
      });
    },

    /** Similar open reports near a point, for "Is it one of these?" (none without duplicate detection). */
    async similarReports(query: {
      lat: number;
      long: number;
      serviceCode: string;
      description: string;
    }): Promise<(DuplicateCandidate & { report: ReportListItem })[]> {
      if (!deps.findDuplicateCandidates) return [];
      const candidates = await deps.findDuplicateCandidates(db, {
        ...query,
        requestedAt: clock.now(),
        limit: 5,
      });
      if (candidates.length === 0) return [];
      const items = await listRows(
        db.selectFrom('reports').where(
          'reports.id',
          'in',
          candidates.map((candidate) => candidate.reportId),
        ),
      );
      return candidates.flatMap((candidate) => {
        const report = items.find((item) => item.id === candidate.reportId);
        return report ? [{ ...candidate, report }] : [];
      });
    },

    /** A report as anyone may see it: no contact details, no internal notes, nothing personal. */
    async publicReport(serviceRequestId: string): Promise<PublicReport> {
      const { t } = translator();
      const row = await db
        .selectFrom('reports')
        .leftJoin('cases', 'cases.id', 'reports.case_id')
        .leftJoin('reports as original', 'original.id', 'reports.duplicate_of')
        .select([
          ...reportColumns,
          'reports.updated_at',
          'reports.closed_at',
          'reports.followers_count',
          'reports.photo_count',
          'reports.case_id',
          'original.service_request_id as original_id',
        ])
        .where('reports.service_request_id', '=', serviceRequestId.slice(0, 100))
        .executeTakeFirst();
      if (!row) throw notFound('report.not_found', t('reports:errors.notFound'));
      const service = row.service_version_id ? await catalogue.version(row.service_version_id) : undefined;
      const updates: PublicUpdate[] = [];
      if (row.case_id && service) {
        const events = await db
          .selectFrom('case_events')
          .select(['occurred_at', 'type', 'to_state', 'body'])
          .where('case_id', '=', row.case_id)
          .where('visibility', '=', 'public')
          // A citizen's answer to a request is theirs, not the public's.
          .where('type', 'in', eventsForEveryone)
          .orderBy('id')
          .execute();
        for (const event of events)
          updates.push({
            occurredAt: event.occurred_at,
            // A public note has no state: it shows as an update, not as a status.
            stateLabel: event.to_state ? stateLabelOf(service, event.to_state) : null,
            message: event.type === 'submitted' ? null : event.body,
          });
      }
      const nearest =
        row.address === null && row.lat !== null && row.long !== null
          ? await nearestPlace(row.lat, row.long)
          : undefined;
      return {
        id: row.id,
        serviceRequestId: row.service_request_id,
        serviceCode: row.service_code,
        serviceName: row.service_name ?? row.service_code,
        status: row.status,
        stateLabel: service && row.state ? stateLabelOf(service, row.state) : null,
        description: row.description,
        lat: row.lat,
        long: row.long,
        address: row.address,
        nearestPlace: nearest?.name ?? null,
        requestedAt: row.requested_at,
        updatedAt: row.updated_at,
        closedAt: row.closed_at,
        followersCount: row.followers_count,
        photoCount: row.photo_count,
        duplicateOf: row.original_id,
        updates,
      };
    },

    /** The public list of reports, newest first, filtered; the map shows the same page of results. */
    async listReports(filters: ReportListFilters): Promise<ReportList> {
      let box = filters.bbox;
      if (filters.area) {
        const bounds = await places.areaBounds(filters.area);
        // An area the gazetteer does not know matches nothing.
        box = bounds ?? [1, 1, 0, 0];
      }
      let query = db
        .selectFrom('reports')
        .where('reports.duplicate_of', 'is', null)
        .$if(!!filters.serviceCode, (q) =>
          q.where('reports.service_code', '=', filters.serviceCode as string),
        )
        .$if(!!filters.status, (q) => q.where('reports.status', '=', filters.status as 'open' | 'closed'))
        .$if(!!filters.from, (q) => q.where('reports.requested_at', '>=', filters.from as Date))
        .$if(!!filters.to, (q) =>
          q.where('reports.requested_at', '<', new Date((filters.to as Date).getTime() + 86_400_000)),
        );
      if (box) {
        const [south, west, north, east] = box;
        query = query
          .where('reports.lat', '>=', south)
          .where('reports.lat', '<=', north)
          .where('reports.long', '>=', west)
          .where('reports.long', '<=', east);
      }
      const [{ total }, items] = await Promise.all([
        db
          .selectFrom(
            query
              .select(sql<number>`1`.as('one'))
              .limit(LIST_COUNT_LIMIT + 1)
              .as('capped'),
          )
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow(),
        listRows(query, { limit: filters.pageSize, offset: (filters.page - 1) * filters.pageSize }),
      ]);
      const counted = Number(total);
      return {
        items,
        total: Math.min(counted, LIST_COUNT_LIMIT),
        moreThanTotal: counted > LIST_COUNT_LIMIT,
        page: filters.page,
        pageSize: filters.pageSize,
      };
    },

    nearestPlace,
  };

  /** The gazetteer's place nearest a point (within about a kilometre), to say where a map point is. */
  async function nearestPlace(lat: number, long: number): Promise<Place | undefined> {
    const box = 0.01;
    const row = await db
      .selectFrom('gazetteer_places')
      .select(['id', 'name', 'kind', 'lat', 'long', 'area'])
      .where('lat', '>=', lat - box)
      .where('lat', '<=', lat + box)
      .where('long', '>=', long - box * 1.6)
      .where('long', '<=', long + box * 1.6)
      .orderBy(
        sql`(lat - ${lat}) * (lat - ${lat}) + ((long - ${long}) * cos(radians(${lat}))) * ((long - ${long}) * cos(radians(${lat})))`,
      )
      .limit(1)
      .executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  /** Rows of the public list: what anyone may see of each report, with its state's public label. */
  async function listRows(
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a query with nothing selected yet
    query: SelectQueryBuilder<Database, 'reports', {}>,
    page?: { limit: number; offset: number },
  ): Promise<(ReportListItem & { id: string })[]> {
    let rows = query
      .leftJoin('cases', 'cases.id', 'reports.case_id')
      .select([...reportColumns, 'reports.updated_at'])
      .orderBy('reports.requested_at', 'desc')
      .orderBy('reports.id');
    if (page) rows = rows.limit(page.limit).offset(page.offset);
    const found = await rows.execute();
    const items: (ReportListItem & { id: string })[] = [];
    for (const row of found) {
      const service = row.service_version_id ? await catalogue.version(row.service_version_id) : undefined;
      items.push({
        id: row.id,
        serviceRequestId: row.service_request_id,
        serviceName: row.service_name ?? row.service_code,
        status: row.status,
        stateLabel: service && row.state ? stateLabelOf(service, row.state) : null,
        description: row.description,
        lat: row.lat,
        long: row.long,
        address: row.address,
        requestedAt: row.requested_at,
        updatedAt: row.updated_at,
      });
    }
    return items;
  }
}

export type ReportsService = ReturnType<typeof createReportsService>;

/** A photo's stored name: its own name's stem, as the JPEG it now is. */
function photoName(name: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim() || 'photo';
  return `${stem}.jpg`;
}

export function photoRefusalMessage(
  error: ImageRefused,
  name: string,
  t: Translator['t'],
  locale: string,
): string {
  const refusal = error.refusal;
  switch (refusal.reason) {
    case 'empty':
      return t('reports:errors.photoEmpty', { name });
    case 'too_large':
      return t('reports:errors.photoTooLarge', {
        name,
        size: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(
          refusal.maxBytes / 1_048_576,
        ),
      });
    case 'not_an_image':
      return t('reports:errors.photoNotImage', { name });
    case 'unreadable':
      return t('reports:errors.photoUnreadable', { name });
  }
}
