/**
 * Subject access: everything Plaza holds about a person, as a zip of JSON files and their uploads, decrypted
 * and labelled so that it reads without Plaza. It covers the account, sign-in sessions, drafts, applications
 * with their answers, public timeline, requests for information and answers, the reports they follow, emails
 * sent, and what the audit log records them doing. Staff notes and internal events are not the citizen's to
 * see and are left out. Every export is recorded in the audit log (who, for whom, how much), never its
 * content.
 */
import type { Readable } from 'node:stream';
import type { Db } from '../../database.js';
import { scoped } from '../../database.js';
import { archiveName, zipStream, type ZipEntry } from '../../platform/http/zip-stream.js';
import { fileContent } from '../../platform/storage/file-store.js';
import type { Clock } from '../../platform/time/clock.js';
import { recordAudit, type Actor } from '../audit/index.js';
import type { CatalogueService, ResolvedService } from '../catalogue/index.js';
import { allQuestions, isFileRefList, type Answers } from '../forms/index.js';
import { stateOf } from '../workflow/index.js';
import { createUserData } from '../identity/index.js';
import { openMessage, sentTo } from '../notifications/index.js';
import { casesOfSubject, citizenAccount, followersOfSubject, type DataSubject } from './data-subjects.js';
import { textContexts, type PersonalData } from './personal-data.js';

export interface SubjectAccessDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  personalData: PersonalData;
  organisationName: string;
}

/** What Plaza holds about an email address, in numbers: what a staff member sees before exporting it. */
export interface SubjectFound {
  email: string;
  account: { id: string; createdAt: Date; lastSignedInAt: Date | null } | undefined;
  applications: number;
  drafts: number;
}

export interface SubjectExport {
  stream: Readable;
  fileName: string;
  counts: { applications: number; drafts: number; files: number; followedReports: number };
}

interface ExportedFile {
  id: string;
  path: string;
  mediaType: string;
}

export function createSubjectAccess(deps: SubjectAccessDeps) {
  const { db, clock, catalogue, personalData } = deps;
  const users = createUserData(personalData.keyRing);

  /** Answers with their questions' labels; an uploaded file points at its copy in the archive. */
  function labelledAnswers(
    definition: ResolvedService,
    answers: Answers,
    files: Map<string, ExportedFile>,
  ): { question: string; id: string; answer: unknown }[] {
    const labels = new Map(allQuestions(definition).map((question) => [question.id, question.label]));
    return Object.entries(answers).map(([id, answer]) => ({
      question: labels.get(id) ?? id,
      id,
      answer: isFileRefList(answer)
        ? answer.map((file) => ({
            name: file.name,
            size: file.size,
            mediaType: file.mediaType,
            file: files.get(file.id)?.path ?? null,
          }))
        : answer,
    }));
  }

  async function find(email: string): Promise<SubjectFound> {
    const account = await citizenAccount(db, users, email);
    const subject = { userId: account?.id ?? null, email };
    const [applications, drafts] = await Promise.all([
      db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where(casesOfSubject(personalData, subject))
        .executeTakeFirstOrThrow(),
      account
        ? db
            .selectFrom('drafts')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('user_id', '=', account.id)
            .executeTakeFirstOrThrow()
        : { count: 0 },
    ]);
    return {
      email,
      account: account
        ? { id: account.id, createdAt: account.createdAt, lastSignedInAt: account.lastSignedInAt }
        : undefined,
      applications: Number(applications.count),
      drafts: Number(drafts.count),
    };
  }

  /** Everything held about the subject, as the archive's JSON documents and the files to add. */
  async function collect(subject: DataSubject) {
    const now = clock.now();
    const documents: Record<string, unknown> = {};
    const taken = new Set<string>();
    const account = subject.userId
      ? await db
          .selectFrom('users')
          .select(['id', 'email', 'name', 'phone', 'created_at', 'last_signed_in_at'])
          .where('id', '=', subject.userId)
          .executeTakeFirst()
      : undefined;
    if (account) {
      documents['account.json'] = {
        id: account.id,
        email: users.openEmail(account.id, account.email),
        name: users.open('name', account.id, account.name),
        phone: users.open('phone', account.id, account.phone),
        createdAt: account.created_at,
        lastSignedInAt: account.last_signed_in_at,
      };
      documents['sign-in-sessions.json'] = (
        await db
          .selectFrom('sessions')
          .select(['created_at', 'updated_at', 'expires_at', 'user_agent', 'ip'])
          .where('user_id', '=', account.id)
          .where('expires_at', '>', now)
          .orderBy('created_at', 'desc')
          .execute()
      ).map((session) => ({
        signedInAt: session.created_at,
        lastUsedAt: session.updated_at,
        expiresAt: session.expires_at,
        browser: session.user_agent,
        ipAddress: session.ip,
      }));
    }

    const drafts = subject.userId
      ? await db
          .selectFrom('drafts')
          .innerJoin('services', 'services.slug', 'drafts.service_slug')
          .select([
            'drafts.id',
            'drafts.service_version_id',
            'services.title',
            'drafts.answers',
            'drafts.created_at',
            'drafts.updated_at',
            'drafts.expires_at',
          ])
          .where('drafts.user_id', '=', subject.userId)
          .orderBy('drafts.created_at')
          .execute()
      : [];
    const cases = await db
      .selectFrom('cases')
      .innerJoin('services', 'services.slug', 'cases.service_slug')
      .select([
        'cases.id',
        'cases.reference',
        'cases.service_version_id',
        'services.title',
        'cases.state',
        'cases.answers',
        'cases.contact_email',
        'cases.submitted_at',
        'cases.closed_at',
        'cases.decision',
        'cases.decision_reason',
      ])
      .where(casesOfSubject(personalData, subject))
      .orderBy('cases.submitted_at')
      .execute();
    const caseIds = cases.map((row) => row.id);
    const requests = caseIds.length
      ? await db
          .selectFrom('information_requests')
          .select(['id', 'case_id', 'question', 'requested_at', 'response', 'responded_at'])
          .where('case_id', 'in', caseIds)
          .orderBy('requested_at')
          .execute()
      : [];
    const events = caseIds.length
      ? await db
          .selectFrom('case_events')
          .leftJoin('users', 'users.id', 'case_events.actor_user_id')
          .select([
            'case_events.case_id',
            'case_events.type',
            'case_events.occurred_at',
            'case_events.to_state',
            'case_events.body',
            'users.kind as actor_kind',
          ])
          .where('case_events.case_id', 'in', caseIds)
          .where('case_events.visibility', '=', 'public')
          .orderBy('case_events.id')
          .execute()
      : [];

    // Files: the drafts', the applications', and those sent with answers to requests.
    const owners = [
      ...drafts.map((draft) => ({ type: 'draft' as const, id: draft.id, folder: `files/draft-${draft.id}` })),
      ...cases.map((row) => ({ type: 'case' as const, id: row.id, folder: `files/${row.reference}` })),
      ...requests.map((request) => ({
        type: 'information_request' as const,
        id: request.id,
        folder: `files/${cases.find((row) => row.id === request.case_id)?.reference ?? 'requests'}`,
      })),
    ];
    const fileRows = owners.length
      ? await db
          .selectFrom('files')
          .select(['id', 'owner_type', 'owner_id', 'original_name', 'media_type'])
          .where(
            'owner_id',
            'in',
            owners.map((owner) => owner.id),
          )
          .orderBy('created_at')
          .execute()
      : [];
    const files = new Map<string, ExportedFile>();
    for (const file of fileRows) {
      const owner = owners.find(
        (candidate) => candidate.id === file.owner_id && candidate.type === file.owner_type,
      );
      if (!owner) continue;
      files.set(file.id, {
        id: file.id,
        path: archiveName(taken, owner.folder, file.original_name),
        mediaType: file.media_type,
      });
    }
    const filesOf = (type: string, ids: string[]) =>
      fileRows
        .filter((file) => file.owner_type === type && ids.includes(file.owner_id))
        .map((file) => files.get(file.id)?.path)
        .filter((path): path is string => path !== undefined);

    const draftDocs = [];
    for (const draft of drafts) {
      const service = await catalogue.version(draft.service_version_id);
      draftDocs.push({
        service: draft.title,
        startedAt: draft.created_at,
        savedAt: draft.updated_at,
        deletedAfter: draft.expires_at,
        answers: labelledAnswers(service.definition, personalData.openAnswers(draft.answers), files),
        files: filesOf('draft', [draft.id]),
      });
    }
    if (subject.userId) documents['drafts.json'] = draftDocs;

    const applications = [];
    for (const row of cases) {
      const service = await catalogue.version(row.service_version_id);
      const workflow = service.definition.resolvedWorkflow;
      const status = (state: string | null) => {
        if (!state || !workflow.states[state]) return state;
        const found = stateOf(workflow, state);
        return found.publicLabel ?? found.label;
      };
      const caseRequests = requests.filter((request) => request.case_id === row.id);
      applications.push({
        reference: row.reference,
        service: row.title,
        sentAt: row.submitted_at,
        status: status(row.state),
        closedAt: row.closed_at,
        decision: row.decision,
        decisionReason: row.decision_reason,
        contactEmail: personalData.openText(row.contact_email, textContexts.contactEmail),
        answers: labelledAnswers(service.definition, personalData.openAnswers(row.answers), files),
        timeline: events
          .filter((event) => event.case_id === row.id)
          .map((event) => ({
            event: event.type,
            at: event.occurred_at,
            by: event.actor_kind === 'citizen' ? 'you' : event.actor_kind === 'staff' ? 'staff' : null,
            status: status(event.to_state),
            message:
              event.type === 'information_provided'
                ? personalData.openText(event.body, textContexts.informationResponse)
                : event.body,
          })),
        informationRequests: caseRequests.map((request) => ({
          question: request.question,
          askedAt: request.requested_at,
          answer: personalData.openText(request.response, textContexts.informationResponse),
          answeredAt: request.responded_at,
          files: filesOf('information_request', [request.id]),
        })),
        files: filesOf('case', [row.id]),
      });
    }
    documents['applications.json'] = applications;

    // Reports they follow ("me too", or their own report): which, since when, and the address they gave.
    const followed = await db
      .selectFrom('report_followers')
      .innerJoin('reports', 'reports.id', 'report_followers.report_id')
      .select([
        'report_followers.email',
        'report_followers.language',
        'report_followers.created_at',
        'reports.service_request_id',
        'reports.service_name',
        'reports.status',
        'reports.description',
        'reports.address',
      ])
      .where(followersOfSubject(personalData, subject))
      .orderBy('report_followers.created_at')
      .execute();
    documents['followed-reports.json'] = followed.map((row) => ({
      report: row.service_request_id,
      service: row.service_name,
      status: row.status,
      description: row.description,
      address: row.address,
      followingSince: row.created_at,
      email: personalData.openText(row.email, textContexts.reportFollowerEmail),
      language: row.language,
    }));

    documents['emails.json'] = (
      await db
        .selectFrom('outbox_messages')
        .select(['id', 'recipient', 'subject', 'body', 'created_at', 'sent_at', 'status'])
        .where((eb) =>
          eb.or([
            sentTo(personalData.keyRing, subject.email)(eb),
            ...(caseIds.length ? [eb('case_id', 'in', caseIds)] : []),
          ]),
        )
        .orderBy('position')
        .execute()
    )
      .map((message) => openMessage(personalData.keyRing, message))
      .map((message) => ({
        subject: message.subject,
        body: message.body,
        queuedAt: message.created_at,
        sentAt: message.sent_at,
        status: message.status,
      }));

    if (subject.userId) {
      documents['activity.json'] = (
        await db
          .selectFrom('audit_log')
          .select(['occurred_at', 'action'])
          .where((eb) =>
            eb.or([
              eb.and([eb('actor_type', '=', 'user'), eb('actor_id', '=', subject.userId as string)]),
              eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', subject.userId as string)]),
            ]),
          )
          .orderBy('seq')
          .execute()
      ).map((entry) => ({ at: entry.occurred_at, action: entry.action }));
    }

    documents['export.json'] = {
      organisation: deps.organisationName,
      exportedAt: now,
      email: subject.email,
      contents: Object.keys(documents).sort(),
      files: files.size,
    };
    return {
      documents,
      files: [...files.values()],
      counts: {
        applications: cases.length,
        drafts: drafts.length,
        files: files.size,
        followedReports: followed.length,
      },
    };
  }

  return {
    find,

    /** The subject's data as a zip, streamed; the export is in the audit log before the first byte. */
    async exportFor(
      subject: DataSubject,
      request: { actor: Actor; reason?: string },
    ): Promise<SubjectExport> {
      const collected = await collect(subject);
      await recordAudit(db, clock, {
        actor: request.actor,
        action: 'privacy.exported',
        subject: subject.userId ? { type: 'user', id: subject.userId } : undefined,
        details: {
          ...collected.counts,
          ...(request.reason ? { reason: request.reason } : {}),
        },
      });
      const encoder = new TextEncoder();
      const entries: ZipEntry[] = [
        ...Object.entries(collected.documents).map(([name, content]) => ({
          name,
          compress: true,
          content: async () => encoder.encode(`${JSON.stringify(content, null, 2)}\n`),
        })),
        ...collected.files.map((file) => ({
          name: file.path,
          compress: !/^(image\/|application\/pdf)/.test(file.mediaType),
          content: () => fileContent(scoped(db), file.id, personalData.keyRing),
        })),
      ];
      const day = clock.now().toISOString().slice(0, 10);
      return { stream: zipStream(entries), fileName: `personal-data-${day}.zip`, counts: collected.counts };
    },
  };
}

export type SubjectAccess = ReturnType<typeof createSubjectAccess>;
