/**
 * Staff work on reports beyond the workflow every case has: what the report panel of the case page shows
 * (where, photos, followers, triage's suggestion, candidate duplicates), merging a duplicate into its
 * original, moving a report to another department, and closing one as "not ours" with a referral. Each
 * change is checked by the cases policy in every department it touches, written in one transaction with
 * its audit entry, and told to the public through the case's workflow (so followers hear of it).
 */
import { sql } from 'kysely';
import type { Db } from '../../../database.js';
import type { Principal } from '../../../platform/auth/principal.js';
import {
  conflict,
  invalid,
  isPlazaError,
  isUuid,
  notFound,
  type PlazaError,
} from '../../../platform/errors.js';
import type { I18n, Translator } from '../../../platform/i18n/i18n.js';
import type { StoredFileInfo } from '../../../platform/storage/file-store.js';
import type { Clock } from '../../../platform/time/clock.js';
import { appendAudit, type Actor } from '../../audit/index.js';
import type { CatalogueService } from '../../catalogue/index.js';
import {
  authorizeCase,
  canOnCase,
  normaliseReference,
  type CaseChange,
  type CasesService,
  type CaseTimelineEntry,
  type StaffCaseView,
} from '../../cases/index.js';
import type { TriageService, TriageSuggestion } from '../../triage/index.js';
import { stateOf } from '../../workflow/index.js';
import type { DuplicateCandidate, DuplicateQuery } from '../duplicate-candidates.js';
import { reportColumns, reportSummaryColumns } from '../report-columns.js';
import type { StoredTriage } from '../reports.tables.js';
import { referralContact, type Referral } from './referrals.js';

/** The workflow state a merged duplicate ends in, and the one a report passed to someone else ends in. */
export const DUPLICATE_STATE = 'duplicate';
export const NOT_OURS_STATE = 'not_ours';
/** The field of a case's files that holds a report's photos (the reports module stores them so). */
const PHOTO_FIELD = 'photos';
/** How many merges deep a chain of duplicates is followed before giving up (they never chain, by design). */
const MAX_CHAIN = 20;

export interface ReportCaseworkDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  baseUrl: string;
  catalogue: CatalogueService;
  cases: CasesService;
  /** Keeps a report's public record in step and tells its followers of a public update (reports module). */
  onCaseChanged: (trx: Db, change: CaseChange) => Promise<void>;
  /** The gazetteer's place nearest a point, to say where a point on a map is. */
  nearestPlace?: (lat: number, long: number) => Promise<{ name: string } | undefined>;
  departments: () => { id: string; name: string }[];
  referrals: () => Referral[];
  findDuplicateCandidates: (db: Db, query: DuplicateQuery) => Promise<DuplicateCandidate[]>;
  triage?: Pick<TriageService, 'suggestTriage' | 'applyTriage' | 'undoTriage' | 'lastApplication'>;
}

export interface ReportSummary {
  id: string;
  serviceRequestId: string;
  serviceName: string;
  status: 'open' | 'closed';
  description: string | null;
  requestedAt: Date;
  /** The staff case page's reference, when the report has a case in Plaza (imports have none). */
  caseReference: string | null;
}

export interface CandidateView extends ReportSummary {
  score: number;
  distanceMetres: number;
  reasons: DuplicateCandidate['reasons'];
  /** Whether this staff member may merge into it (they work its department, and it has a case). */
  canMergeInto: boolean;
}

export interface TriageView {
  serviceCode: string;
  serviceName: string;
  department: string | null;
  confidence: number;
  modelVersion: number;
  topWords: string[];
  /** Applied (by Plaza above the deployment's threshold, or by staff) and not undone. */
  applied: boolean;
  automatic: boolean;
  canApply: boolean;
  canUndo: boolean;
}

export interface ReportPanel {
  report: ReportSummary & {
    lat: number | null;
    long: number | null;
    address: string | null;
    nearestPlace: string | null;
    channel: string;
    followersCount: number;
    /** Followers other than the reporter: people who said "me too" and reporters of merged duplicates. */
    alsoReported: number;
    duplicateOf: ReportSummary | null;
  };
  publicHref: string;
  photos: StoredFileInfo[];
  mergedHere: ReportSummary[];
  candidates: CandidateView[];
  triage: TriageView | null;
  /** What this staff member may do here now. */
  canMerge: boolean;
  canReassign: boolean;
  canReferOn: boolean;
  departments: { id: string; name: string }[];
  referrals: Referral[];
  /** Workflow transitions the panel's forms stand for. */
  replacesTransitions: string[];
}

function actorOf(principal: Principal): Actor {
  return principal.kind === 'client'
    ? { type: 'client', id: principal.id }
    : { type: 'user', id: principal.id };
}

export function createReportCaseworkService(deps: ReportCaseworkDeps) {
  const { db, clock } = deps;
  const translator = (): Translator => deps.i18n.translator(undefined);
  const publicLink = (serviceRequestId: string) =>
    `${deps.baseUrl}/reports/${encodeURIComponent(serviceRequestId)}`;
  const departmentName = (id: string | null) =>
    deps.departments().find((department) => department.id === id)?.name ?? id ?? '';

  /** A report and its case, by the case's reference; "not found" for a case that is not a report. */
  async function reportByReference(trx: Db, reference: string) {
    const canonical = normaliseReference(reference) ?? reference.trim().slice(0, 100);
    const row = await trx
      .selectFrom('reports')
      .innerJoin('cases', 'cases.id', 'reports.case_id')
      .select([
        ...reportColumns,
        'reports.channel',
        'reports.followers_count',
        'reports.duplicate_of',
        'reports.triage',
        'cases.id as case_id',
        'cases.reference',
        'cases.department_id',
        'cases.version',
        'cases.closed_at',
        'cases.citizen_user_id',
        'cases.contact_email_index',
      ])
      .where('cases.reference', '=', canonical)
      .executeTakeFirst();
    if (!row) throw notFound('report.not_a_report', translator().t('reportCasework:errors.notAReport'));
    return row;
  }

  /**
   * The report of case `reference` for this staff member to work on: refused outside their departments,
   * and, as asked, when its case is closed or changed since the version they saw.
   */
  async function reportToWork(
    principal: Principal,
    reference: string,
    checks: { open?: boolean; expectedVersion?: number } = {},
  ) {
    const { t } = translator();
    const report = await reportByReference(db, reference);
    authorizeCase(principal, 'work', { departmentId: report.department_id }, t('cases:errors.caseForbidden'));
    if (checks.open && report.closed_at) throw invalid('case.closed', t('cases:errors.closed'));
    if (checks.expectedVersion !== undefined && report.version !== checks.expectedVersion)
      throw conflict('case.changed', t('reportCasework:errors.changed'));
    return report;
  }

  async function summaries(ids: string[]): Promise<(ReportSummary & { departmentId: string | null })[]> {
    if (ids.length === 0) return [];
    const rows = await db
      .selectFrom('reports')
      .leftJoin('cases', 'cases.id', 'reports.case_id')
      .select([
        ...reportSummaryColumns,
        'reports.department_id',
        'cases.reference',
        'cases.department_id as case_department_id',
      ])
      .where('reports.id', 'in', ids)
      .execute();
    return ids.flatMap((id) => {
      const row = rows.find((candidate) => candidate.id === id);
      return row
        ? [
            {
              id: row.id,
              serviceRequestId: row.service_request_id,
              serviceName: row.service_name ?? row.service_code,
              status: row.status,
              description: row.description,
              requestedAt: row.requested_at,
              caseReference: row.reference,
              departmentId: row.case_department_id ?? row.department_id,
            },
          ]
        : [];
    });
  }

  /** The staff transition into `state` from where the case is, if the workflow has one this person may fire. */
  function transitionInto(view: Pick<StaffCaseView, 'transitions'>, state: string) {
    return view.transitions.find((transition) => transition.to === state);
  }

  async function triageView(
    report: Awaited<ReturnType<typeof reportByReference>>,
    canWork: boolean,
  ): Promise<TriageView | null> {
    const stored: (StoredTriage & { topWords?: string[] }) | null = report.triage;
    const triage = deps.triage;
    let live: TriageSuggestion | null = null;
    if (triage && report.description) {
      try {
        live = await triage.suggestTriage(report.description);
      } catch {
        live = null; // A suggestion helps; the page shows without one.
      }
    }
    const last = triage ? await triage.lastApplication(report.id) : null;
    const suggestion = stored ?? live;
    if (!suggestion) return null;
    const sameModel =
      live && live.modelVersion === suggestion.modelVersion && live.serviceCode === suggestion.serviceCode;
    const applied = !!last && last.undoneAt === null;
    const open = report.closed_at === null;
    return {
      serviceCode: suggestion.serviceCode,
      serviceName: deps.catalogue.current(suggestion.serviceCode)?.definition.title ?? suggestion.serviceCode,
      department: suggestion.department,
      confidence: suggestion.confidence,
      modelVersion: suggestion.modelVersion,
      topWords: stored?.topWords ?? (sameModel && live ? live.topWords : []),
      applied,
      automatic: applied && !!last?.automatic,
      canApply: !!triage && canWork && open && !applied && suggestion.serviceCode !== report.service_code,
      canUndo: !!triage && canWork && open && applied,
    };
  }

  /** Followers other than the reporter themselves (found as the case finds its contact). */
  async function alsoReported(report: Awaited<ReturnType<typeof reportByReference>>): Promise<number> {
    const { count } = await db
      .selectFrom('report_followers')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('report_id', '=', report.id)
      .$if(report.citizen_user_id !== null, (query) =>
        query.where((eb) =>
          eb.or([eb('user_id', 'is', null), eb('user_id', '!=', report.citizen_user_id as string)]),
        ),
      )
      .$if(report.contact_email_index !== null, (query) =>
        query.where((eb) =>
          eb.or([
            eb('email_index', 'is', null),
            eb('email_index', '!=', report.contact_email_index as string),
          ]),
        ),
      )
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  return {
    /** What the report panel of a staff case page shows; undefined when the case is not a report. */
    async panel(principal: Principal, view: StaffCaseView): Promise<ReportPanel | undefined> {
      let report;
      try {
        report = await reportByReference(db, view.reference);
      } catch (error) {
        // Cases that are not reports have no panel.
        if (isPlazaError(error) && error.kind === 'not_found') return undefined;
        throw error;
      }
      const canWork = view.canWork && view.closedAt === null;
      const photos = await db
        .selectFrom('files')
        .select(['id', 'owner_type', 'owner_id', 'field', 'original_name', 'media_type', 'size_bytes'])
        .where('owner_type', '=', 'case')
        .where('owner_id', '=', report.case_id)
        .where('field', '=', PHOTO_FIELD)
        .orderBy('created_at')
        .execute();
      const merged = await db
        .selectFrom('reports')
        .select('id')
        .where('duplicate_of', '=', report.id)
        .orderBy('requested_at')
        .limit(50)
        .execute();
      let candidates: CandidateView[] = [];
      if (report.lat !== null && report.long !== null && report.duplicate_of === null && canWork) {
        const found = await deps.findDuplicateCandidates(db, {
          lat: report.lat,
          long: report.long,
          serviceCode: report.service_code,
          description: report.description,
          requestedAt: report.requested_at,
          excludeReportId: report.id,
          limit: 5,
        });
        const rows = await summaries(found.map((candidate) => candidate.reportId));
        candidates = found.flatMap((candidate) => {
          const row = rows.find((summary) => summary.id === candidate.reportId);
          if (!row) return [];
          const { departmentId, ...summary } = row;
          return [
            {
              ...summary,
              score: candidate.score,
              distanceMetres: candidate.distanceMetres,
              reasons: candidate.reasons,
              canMergeInto:
                summary.caseReference !== null &&
                departmentId !== null &&
                canOnCase(principal, 'work', { departmentId }),
            },
          ];
        });
      }
      const [original] = report.duplicate_of ? await summaries([report.duplicate_of]) : [];
      const mergeTransition = transitionInto(view, DUPLICATE_STATE);
      const referTransition = transitionInto(view, NOT_OURS_STATE);
      const strip = ({
        departmentId: _department,
        ...summary
      }: ReportSummary & { departmentId: string | null }) => summary;
      return {
        report: {
          id: report.id,
          serviceRequestId: report.service_request_id,
          serviceName: report.service_name ?? report.service_code,
          status: report.status,
          description: report.description,
          requestedAt: report.requested_at,
          caseReference: report.reference,
          lat: report.lat,
          long: report.long,
          address: report.address,
          nearestPlace:
            report.address === null && report.lat !== null && report.long !== null && deps.nearestPlace
              ? ((await deps.nearestPlace(report.lat, report.long))?.name ?? null)
              : null,
          channel: report.channel,
          followersCount: report.followers_count,
          alsoReported: await alsoReported(report),
          duplicateOf: original ? strip(original) : null,
        },
        publicHref: `/reports/${encodeURIComponent(report.service_request_id)}`,
        photos: photos.map((file) => ({
          id: file.id,
          ownerType: 'case',
          ownerId: file.owner_id,
          field: file.field,
          name: file.original_name,
          mediaType: file.media_type,
          size: file.size_bytes,
        })),
        mergedHere: (await summaries(merged.map((row) => row.id))).map(strip),
        candidates,
        triage: await triageView(report, canWork),
        canMerge: canWork && !!mergeTransition,
        canReassign: canWork,
        canReferOn: canWork && !!referTransition,
        departments: deps.departments().filter((department) => department.id !== report.department_id),
        referrals: deps.referrals(),
        replacesTransitions: [mergeTransition?.id, referTransition?.id].filter(
          (id): id is string => id !== undefined,
        ),
      };
    },

    /**
     * Merges the report of case `reference` (the duplicate) into an earlier report (the original): the
     * duplicate's case closes in the workflow's duplicate state with a public note linking the original,
     * its followers (less those already following the original) and its photos move to the original, and
     * it records what it duplicates. One transaction; refused for the same report, an original that was
     * itself merged (the message names the report it was merged into), a closed or imported original, and
     * a department the staff member does not work in.
     */
    async merge(
      principal: Principal,
      reference: string,
      input: { original: string; expectedVersion: number },
    ): Promise<{ original: string; followersMoved: number; photosMoved: number }> {
      const { t } = translator();
      const duplicate = await reportToWork(principal, reference);
      const field = (message: string): PlazaError =>
        invalid('report.merge_refused', message, [
          { field: 'merge-original', href: '#merge-original', message },
        ]);
      if (duplicate.closed_at) throw field(t('reportCasework:errors.duplicateClosed'));
      const typed = input.original.trim();
      if (typed === '') throw field(t('reportCasework:errors.originalMissing'));
      const wanted = normaliseReference(typed) ?? typed.slice(0, 100);
      const original = await db
        .selectFrom('reports')
        .leftJoin('cases', 'cases.id', 'reports.case_id')
        .select([
          'reports.id',
          'reports.service_request_id',
          'reports.status',
          'reports.duplicate_of',
          'reports.case_id',
          'cases.department_id',
          'cases.closed_at',
        ])
        .where('reports.service_request_id', '=', wanted)
        .executeTakeFirst();
      if (!original) throw field(t('reportCasework:errors.originalNotFound', { reference: typed }));
      if (original.id === duplicate.id) throw field(t('reportCasework:errors.sameReport'));
      if (original.duplicate_of) {
        // Reports are merged into the first report of a problem, never into another duplicate.
        let root = original.duplicate_of;
        for (let hop = 0; hop < MAX_CHAIN; hop++) {
          const next = await db
            .selectFrom('reports')
            .select(['id', 'duplicate_of'])
            .where('id', '=', root)
            .executeTakeFirstOrThrow();
          if (!next.duplicate_of) break;
          root = next.duplicate_of;
        }
        const [rootReport] = await summaries([root]);
        throw field(
          root === duplicate.id
            ? t('reportCasework:errors.originalMergedHere', { reference: original.service_request_id })
            : t('reportCasework:errors.originalIsDuplicate', {
                reference: original.service_request_id,
                root: rootReport?.serviceRequestId ?? '',
              }),
        );
      }
      if (!original.case_id || !original.department_id)
        throw field(t('reportCasework:errors.originalImported', { reference: original.service_request_id }));
      if (original.closed_at || original.status === 'closed')
        throw field(t('reportCasework:errors.originalClosed', { reference: original.service_request_id }));
      authorizeCase(
        principal,
        'work',
        { departmentId: original.department_id },
        t('reportCasework:errors.originalForbidden', {
          reference: original.service_request_id,
          department: departmentName(original.department_id),
        }),
      );
      const service = await deps.catalogue.version(duplicate.service_version_id);
      const workflow = service.definition.resolvedWorkflow;
      const transition = workflow.transitions.find(
        (candidate) =>
          candidate.to === DUPLICATE_STATE &&
          candidate.trigger === 'staff' &&
          candidate.from.includes(duplicate.state),
      );
      if (!transition) throw field(t('reportCasework:errors.noDuplicateState'));
      const note = t('reportCasework:merge.publicNote', {
        reference: original.service_request_id,
        link: publicLink(original.service_request_id),
      });
      let moved = { followers: 0, photos: 0 };
      await deps.cases.transition(principal, reference, {
        transitionId: transition.id,
        reason: note,
        expectedVersion: input.expectedVersion,
        alongside: async (trx) => {
          // Both reports are locked in one order, so two merges of the same pair cannot cross.
          const locked = await trx
            .selectFrom('reports')
            .select(['id', 'status', 'duplicate_of'])
            .where('id', 'in', [duplicate.id, original.id])
            .orderBy('id')
            .forUpdate()
            .execute();
          const originalNow = locked.find((row) => row.id === original.id);
          if (!originalNow || originalNow.duplicate_of || originalNow.status === 'closed')
            throw conflict('report.original_changed', t('reportCasework:errors.originalChanged'));
          const existing = await trx
            .selectFrom('report_followers')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .where('report_id', '=', duplicate.id)
            .executeTakeFirstOrThrow();
          // A follower of both keeps following the original once; the duplicate keeps no one.
          await sql`
            update report_followers as moving set report_id = ${original.id}
            where moving.report_id = ${duplicate.id}
              and not exists (
                select 1 from report_followers as already
                where already.report_id = ${original.id}
                  and (already.user_id = moving.user_id or already.email_index = moving.email_index)
              )`.execute(trx);
          await trx.deleteFrom('report_followers').where('report_id', '=', duplicate.id).execute();
          const photos = await trx
            .updateTable('files')
            .set({ owner_id: original.case_id as string })
            .where('owner_type', '=', 'case')
            .where('owner_id', '=', duplicate.case_id)
            .where('field', '=', PHOTO_FIELD)
            .returning('id')
            .execute();
          const count = (reportId: string) =>
            sql<number>`(select count(*) from report_followers where report_id = ${reportId})::int`;
          const photoCount = (caseId: string) =>
            sql<number>`(select count(*) from files where owner_type = 'case' and owner_id = ${caseId} and field = ${PHOTO_FIELD})::int`;
          await trx
            .updateTable('reports')
            .set({ duplicate_of: original.id, followers_count: 0, photo_count: 0 })
            .where('id', '=', duplicate.id)
            .execute();
          const after = await trx
            .updateTable('reports')
            .set({
              followers_count: count(original.id),
              photo_count: photoCount(original.case_id as string),
              updated_at: clock.now(),
            })
            .where('id', '=', original.id)
            .returning(['followers_count'])
            .executeTakeFirstOrThrow();
          moved = { followers: Number(existing.count), photos: photos.length };
          await appendAudit(trx, clock, {
            actor: actorOf(principal),
            action: 'report.merged',
            subject: { type: 'case', id: duplicate.case_id },
            details: {
              duplicate: duplicate.service_request_id,
              original: original.service_request_id,
              originalCaseId: original.case_id,
              followersMoved: moved.followers,
              originalFollowers: after.followers_count,
              photosMoved: moved.photos,
            },
          });
        },
      });
      return {
        original: original.service_request_id,
        followersMoved: moved.followers,
        photosMoved: moved.photos,
      };
    },

    /**
     * Moves a report to another department's queue. The case keeps its state, its SLA clock and its
     * reference; its assignee (who works the old queue) lets go of it. A public note, if given, is a public
     * update: on the report's page and sent to its followers.
     */
    async reassign(
      principal: Principal,
      reference: string,
      input: { departmentId: string; publicNote?: string; expectedVersion: number },
    ): Promise<{ department: string; stillVisible: boolean }> {
      const { t } = translator();
      const report = await reportToWork(principal, reference, { open: true });
      const department = deps.departments().find((candidate) => candidate.id === input.departmentId);
      if (!department) {
        const message = t('reportCasework:errors.departmentUnknown');
        throw invalid('report.department_unknown', message, [
          { field: 'reassign-department', href: '#reassign-department', message },
        ]);
      }
      if (department.id === report.department_id) {
        const message = t('reportCasework:errors.sameDepartment', { department: department.name });
        throw invalid('report.same_department', message, [
          { field: 'reassign-department', href: '#reassign-department', message },
        ]);
      }
      const publicNote = input.publicNote?.trim() || null;
      if (publicNote && publicNote.length > 2000) {
        const message = t('reportCasework:errors.noteTooLong');
        throw invalid('report.note_too_long', message, [
          { field: 'reassign-note', href: '#reassign-note', message },
        ]);
      }
      const service = await deps.catalogue.version(report.service_version_id);
      const state = stateOf(service.definition.resolvedWorkflow, report.state);
      const now = clock.now();
      const from = report.department_id;
      const reassigned = { reassigned: { from, to: department.id } };
      const timeline: CaseTimelineEntry[] = [
        {
          type: 'note_added',
          visibility: 'internal',
          body: t('reportCasework:reassign.timeline', { from: departmentName(from), to: department.name }),
          data: reassigned,
        },
      ];
      // A note for the public, not a change of status: on the report's page, and to its followers.
      const publicUpdate = publicNote
        ? t('reportCasework:reassign.publicNote', { department: department.name, note: publicNote })
        : null;
      if (publicUpdate)
        timeline.push({
          type: 'public_note_added',
          visibility: 'public',
          body: publicUpdate,
          data: reassigned,
        });
      await db.transaction().execute(async (trx) => {
        const version = await deps.cases.moveCase(trx, {
          caseId: report.case_id,
          expectedVersion: input.expectedVersion,
          departmentId: department.id,
          // Whoever worked it works the old queue.
          assigneeId: null,
          by: principal,
          events: timeline,
        });
        if (version === null) throw conflict('case.changed', t('reportCasework:errors.changed'));
        await trx
          .updateTable('reports')
          .set({ department_id: department.id, updated_at: now })
          .where('id', '=', report.id)
          .execute();
        if (publicUpdate) {
          await deps.onCaseChanged(trx, {
            caseId: report.case_id,
            reference: report.reference,
            kind: 'report',
            service,
            fromState: report.state,
            toState: report.state,
            publicStateLabel: state.publicLabel ?? state.label,
            isPublic: true,
            message: publicUpdate,
            noteOnly: true,
            closedAt: null,
            occurredAt: now,
          });
        }
        await appendAudit(trx, clock, {
          actor: actorOf(principal),
          action: 'report.reassigned',
          subject: { type: 'case', id: report.case_id },
          details: { from, to: department.id, version, publicNote: publicNote !== null },
        });
      });
      return {
        department: department.name,
        stillVisible: canOnCase(principal, 'view', { departmentId: department.id }),
      };
    },

    /**
     * Closes a report as not the city's to fix, naming who is responsible: one of the deployment's
     * referrals or an organisation staff write in. The public note (with a message, if given) goes on the
     * report's page and to its followers.
     */
    async notOurs(
      principal: Principal,
      reference: string,
      input: { referralId?: string; organisation?: string; message?: string; expectedVersion: number },
    ): Promise<{ organisation: string }> {
      const { t } = translator();
      const report = await reportToWork(principal, reference, { open: true });
      const problem = (id: string, message: string): PlazaError =>
        invalid('report.referral_invalid', message, [{ field: id, href: `#${id}`, message }]);
      const chosen = input.referralId?.trim() || '';
      const written = input.organisation?.trim() || '';
      let organisation: string;
      let contact = '';
      if (chosen && chosen !== 'other') {
        const referral = deps.referrals().find((candidate) => candidate.id === chosen);
        if (!referral) throw problem('referral', t('reportCasework:errors.referralUnknown'));
        organisation = referral.name;
        contact = referralContact(referral);
      } else {
        if (!written)
          throw problem(
            deps.referrals().length > 0 && chosen !== 'other' ? 'referral' : 'referral-organisation',
            t(
              deps.referrals().length > 0 && chosen !== 'other'
                ? 'reportCasework:errors.referralMissing'
                : 'reportCasework:errors.organisationMissing',
            ),
          );
        if (written.length > 300)
          throw problem('referral-organisation', t('reportCasework:errors.organisationTooLong'));
        organisation = written;
      }
      const message = input.message?.trim() || '';
      if (message.length > 2000) throw problem('referral-message', t('reportCasework:errors.noteTooLong'));
      const service = await deps.catalogue.version(report.service_version_id);
      const transition = service.definition.resolvedWorkflow.transitions.find(
        (candidate) =>
          candidate.to === NOT_OURS_STATE &&
          candidate.trigger === 'staff' &&
          candidate.from.includes(report.state),
      );
      if (!transition) throw invalid('report.no_referral_state', t('reportCasework:errors.noReferralState'));
      const note = [
        contact
          ? t('reportCasework:notOurs.publicNoteWithContact', { organisation, contact })
          : t('reportCasework:notOurs.publicNote', { organisation }),
        message,
      ]
        .filter((part) => part !== '')
        .join('\n\n');
      await deps.cases.transition(principal, reference, {
        transitionId: transition.id,
        reason: note,
        expectedVersion: input.expectedVersion,
        alongside: async (trx) => {
          await appendAudit(trx, clock, {
            actor: actorOf(principal),
            action: 'report.referred',
            subject: { type: 'case', id: report.case_id },
            details: { referral: chosen && chosen !== 'other' ? chosen : null, organisation },
          });
        },
      });
      return { organisation };
    },

    /** Applies triage's suggestion to the report: it becomes the suggested type, in its department's queue. */
    async applyTriage(
      principal: Principal,
      reference: string,
      expectedVersion: number,
    ): Promise<{ stillVisible: boolean; serviceName: string }> {
      const { t } = translator();
      const report = await reportToWork(principal, reference, { expectedVersion });
      const triage = deps.triage;
      if (!triage) throw invalid('report.no_triage', t('reportCasework:errors.noSuggestion'));
      const view = await triageView(report, true);
      if (!view?.canApply) throw invalid('report.no_triage', t('reportCasework:errors.noSuggestion'));
      const suggestion: TriageSuggestion = {
        serviceCode: view.serviceCode,
        department: view.department,
        confidence: view.confidence,
        modelVersion: view.modelVersion,
        topWords: view.topWords,
        alternatives: [],
      };
      await db
        .transaction()
        .execute((trx) => triage.applyTriage(trx, report.id, suggestion, actorOf(principal)));
      const moved = await db
        .selectFrom('cases')
        .select('department_id')
        .where('id', '=', report.case_id)
        .executeTakeFirstOrThrow();
      return {
        serviceName: view.serviceName,
        stillVisible: canOnCase(principal, 'view', { departmentId: moved.department_id }),
      };
    },

    /** Puts back what the last applied suggestion replaced (type, department, queue). */
    async undoTriage(
      principal: Principal,
      reference: string,
      expectedVersion: number,
    ): Promise<{ stillVisible: boolean }> {
      const { t } = translator();
      const report = await reportToWork(principal, reference, { expectedVersion });
      if (!deps.triage) throw invalid('report.no_triage', t('reportCasework:errors.noSuggestion'));
      await deps.triage.undoTriage(report.id, actorOf(principal));
      const moved = await db
        .selectFrom('cases')
        .select('department_id')
        .where('id', '=', report.case_id)
        .executeTakeFirstOrThrow();
      return { stillVisible: canOnCase(principal, 'view', { departmentId: moved.department_id }) };
    },

    /**
     * A photo of a report, for staff who may see its case. Photos are not personal data (their location and
     * camera details are removed when they arrive, and the citizen is told staff see them), so unlike the
     * case's other files they show without a reason being given.
     */
    async photo(principal: Principal, reference: string, fileId: string): Promise<StoredFileInfo> {
      const { t } = translator();
      if (!isUuid(fileId)) throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      const report = await reportByReference(db, reference);
      if (!canOnCase(principal, 'view', { departmentId: report.department_id }))
        throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      const file = await db
        .selectFrom('files')
        .select(['id', 'owner_id', 'field', 'original_name', 'media_type', 'size_bytes'])
        .where('id', '=', fileId)
        .where('owner_type', '=', 'case')
        .where('owner_id', '=', report.case_id)
        .where('field', '=', PHOTO_FIELD)
        .executeTakeFirst();
      if (!file) throw notFound('file.not_found', t('cases:errors.fileNotFound'));
      return {
        id: file.id,
        ownerType: 'case',
        ownerId: file.owner_id,
        field: file.field,
        name: file.original_name,
        mediaType: file.media_type,
        size: file.size_bytes,
      };
    },

    readPhoto: (file: StoredFileInfo) => deps.cases.readFile(file),
  };
}

export type ReportCaseworkService = ReturnType<typeof createReportCaseworkService>;
