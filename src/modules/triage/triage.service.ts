/**
 * Triage as a service: trains a model on the deployment's reports and activates it, suggests a type and
 * department for a new report's text with the active model (kept in memory, reloaded when another version is
 * activated, by this process or any other), and applies a suggestion to a report's case (automatically
 * above the deployment's threshold, or when staff choose) in a way that can be undone exactly.
 *
 * Applying a suggestion re-files the case: its service (and that service's current version), its
 * department and so its queue change; an assignee from the old department is unassigned, since they work
 * another queue. The case keeps its state (refused when the new type's workflow has no such state), its
 * answers, its SLA clock and its reference; the report's public type follows. What was replaced is kept,
 * with the model's version, in triage_applications and in the audit log.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../database.js';
import { conflict, invalid, notFound, type PlazaError } from '../../platform/errors.js';
import type { Clock } from '../../platform/time/clock.js';
import { appendAudit, systemActor, type Actor } from '../audit/index.js';
import type { CasesService } from '../cases/index.js';
import { CompiledModel, type TrainingMetrics } from './classifier.js';
import { MIN_TRAINING_REPORTS, trainWithHoldout, type TimedExample } from './training.js';
import type { CaseClassification } from './triage.tables.js';

export interface TriageDeps {
  db: Db;
  clock: Clock;
  /** Messages for errors people read. */
  t: () => (key: string, values?: Record<string, unknown>) => string;
  /** Confidence from which a suggestion is applied without a person; undefined: never. */
  autoApplyThreshold?: number;
  /** Re-files a case (the cases module's moveCase); needed to apply a suggestion or undo one. */
  moveCase?: CasesService['moveCase'];
}

export interface TriageSuggestion {
  serviceCode: string;
  department: string | null;
  /** Calibrated probability that the type is right, 0 to 1. */
  confidence: number;
  modelVersion: number;
  /** The words (or pairs of words) that weighed most for this type over the next most likely one. */
  topWords: string[];
  /** The next most likely types. */
  alternatives: { serviceCode: string; confidence: number }[];
}

export interface TrainOutcome {
  version: number;
  metrics: TrainingMetrics;
  reportCount: number;
}

export interface TrainingStatus {
  usableReports: number;
  /** Filed after the active model was trained (all of them when there is none). */
  newSinceTraining: number;
  active: { version: number; reportCount: number; trainedAt: Date } | null;
}

export type ApplyOutcome =
  | { applied: true; applicationId: string }
  | { applied: false; reason: 'below_threshold' | 'off' | 'same_type' | 'not_applicable' };

export interface TriageApplicationView {
  id: string;
  modelVersion: number;
  confidence: number;
  automatic: boolean;
  previous: CaseClassification;
  applied: CaseClassification;
  appliedAt: Date;
  undoneAt: Date | null;
}

/** Reports read to train at most: the newest, which say most about what arrives now. */
export const DEFAULT_TRAINING_LIMIT = 200_000;
/** How often a process checks whether another has activated a new model. */
const ACTIVE_CHECK_MS = 10_000;

interface LoadedModel {
  version: number;
  model: CompiledModel;
}

interface TargetService {
  slug: string;
  title: string;
  versionId: string;
  departmentId: string;
  states: Set<string>;
}

function actorId(actor: Actor): string | null {
  return actor.id ?? actor.type;
}

export function createTriageService(deps: TriageDeps) {
  const { db, clock } = deps;
  let loaded: LoadedModel | null = null;
  let checkedAt = -Infinity;

  let checking: Promise<LoadedModel | null> | null = null;

  /** The active model, checked at most every ACTIVE_CHECK_MS; concurrent callers share one check and load. */
  async function activeModel(): Promise<LoadedModel | null> {
    if (performance.now() - checkedAt < ACTIVE_CHECK_MS) return loaded;
    checking ??= refresh().finally(() => {
      checking = null;
    });
    return checking;
  }

  async function refresh(): Promise<LoadedModel | null> {
    const active = await db
      .selectFrom('triage_models')
      .select('version')
      .where('active', '=', true)
      .executeTakeFirst();
    if (!active) loaded = null;
    else if (loaded?.version !== active.version) {
      const row = await db
        .selectFrom('triage_models')
        .select(['version', 'model'])
        .where('version', '=', active.version)
        .executeTakeFirst();
      loaded = row ? { version: row.version, model: new CompiledModel(row.model) } : null;
    }
    checkedAt = performance.now();
    return loaded;
  }

  function describe(error: string, values?: Record<string, unknown>): string {
    return deps.t()(`triage:errors.${error}`, values);
  }

  async function target(trx: Db, serviceCode: string): Promise<TargetService | null> {
    const row = await trx
      .selectFrom('services')
      .innerJoin('service_versions', 'service_versions.id', 'services.current_version_id')
      .select([
        'services.slug',
        'services.title',
        'services.current_version_id',
        'services.department_id',
        'service_versions.definition',
      ])
      .where('services.slug', '=', serviceCode)
      .where('services.published', '=', true)
      .where('services.kind', '=', 'report')
      .executeTakeFirst();
    if (!row) return null;
    return {
      slug: row.slug,
      title: row.title,
      versionId: row.current_version_id,
      departmentId: row.department_id,
      states: new Set(Object.keys(row.definition.resolvedWorkflow.states)),
    };
  }

  /** The report and its case, locked; or why the suggestion cannot be applied to it. */
  async function applicable(
    trx: Db,
    reportId: string,
    suggestion: TriageSuggestion,
  ): Promise<
    | {
        ok: true;
        report: { id: string; case_id: string; triage: unknown };
        previous: CaseClassification;
        next: CaseClassification;
        state: string;
      }
    | { ok: false; error: PlazaError; sameType?: boolean }
  > {
    const report = await trx
      .selectFrom('reports')
      .select(['id', 'case_id', 'service_code', 'service_name', 'triage'])
      .where('id', '=', reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) return { ok: false, error: notFound('triage.report_not_found', describe('reportNotFound')) };
    if (!report.case_id)
      return { ok: false, error: conflict('triage.imported_report', describe('importedReport')) };
    const caseRow = await trx
      .selectFrom('cases')
      .select([
        'id',
        'service_slug',
        'service_version_id',
        'department_id',
        'assignee_id',
        'state',
        'closed_at',
      ])
      .where('id', '=', report.case_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (caseRow.service_slug === suggestion.serviceCode)
      return { ok: false, sameType: true, error: conflict('triage.same_type', describe('sameType')) };
    if (caseRow.closed_at)
      return { ok: false, error: conflict('triage.case_closed', describe('caseClosed')) };
    const service = await target(trx, suggestion.serviceCode);
    if (!service)
      return {
        ok: false,
        error: invalid(
          'triage.unknown_service',
          describe('unknownService', { code: suggestion.serviceCode }),
        ),
      };
    if (!service.states.has(caseRow.state))
      return {
        ok: false,
        error: conflict(
          'triage.state_not_in_workflow',
          describe('stateNotInWorkflow', { state: caseRow.state }),
        ),
      };
    const departmentChanges = service.departmentId !== caseRow.department_id;
    return {
      ok: true,
      report: { id: report.id, case_id: report.case_id, triage: report.triage },
      state: caseRow.state,
      previous: {
        serviceCode: caseRow.service_slug,
        serviceName: report.service_name,
        serviceVersionId: caseRow.service_version_id,
        departmentId: caseRow.department_id,
        assigneeId: caseRow.assignee_id,
      },
      next: {
        serviceCode: service.slug,
        serviceName: service.title,
        serviceVersionId: service.versionId,
        departmentId: service.departmentId,
        assigneeId: departmentChanges ? null : caseRow.assignee_id,
      },
    };
  }

  async function reclassify(
    trx: Db,
    reportId: string,
    caseId: string,
    to: CaseClassification,
    triage: object,
  ) {
    if (!deps.moveCase) throw new Error('Triage cannot re-file a case without the cases module (moveCase)');
    // The case is locked (applicable, undoTriage): no version to compare.
    await deps.moveCase(trx, {
      caseId,
      service: { slug: to.serviceCode, versionId: to.serviceVersionId },
      departmentId: to.departmentId,
      assigneeId: to.assigneeId,
    });
    await trx
      .updateTable('reports')
      .set({
        service_code: to.serviceCode,
        service_name: to.serviceName,
        department_id: to.departmentId,
        updated_at: clock.now(),
        triage: JSON.stringify(triage),
      })
      .where('id', '=', reportId)
      .execute();
  }

  async function apply(
    trx: Db,
    reportId: string,
    suggestion: TriageSuggestion,
    actor: Actor,
    automatic: boolean,
  ): Promise<{ applicationId: string }> {
    const check = await applicable(trx, reportId, suggestion);
    if (!check.ok) throw check.error;
    const { previous, next } = check;
    const id = randomUUID();
    // The suggestion stored when the report was filed, marked applied; or the one applied now, if another.
    const stored = check.report.triage as { serviceCode?: string; modelVersion?: number } | null;
    await reclassify(
      trx,
      reportId,
      check.report.case_id,
      next,
      stored?.serviceCode === suggestion.serviceCode && stored.modelVersion === suggestion.modelVersion
        ? { ...stored, applied: true }
        : {
            serviceCode: suggestion.serviceCode,
            department: suggestion.department,
            confidence: suggestion.confidence,
            modelVersion: suggestion.modelVersion,
            topWords: suggestion.topWords,
            applied: true,
          },
    );
    await trx
      .insertInto('triage_applications')
      .values({
        id,
        report_id: reportId,
        case_id: check.report.case_id,
        model_version: suggestion.modelVersion,
        confidence: suggestion.confidence,
        automatic,
        previous: JSON.stringify(previous),
        applied: JSON.stringify(next),
        applied_at: clock.now(),
        applied_by: actorId(actor),
        undone_at: null,
        undone_by: null,
      })
      .execute();
    // Last, so the audit log's lock is held only to commit.
    await appendAudit(trx, clock, {
      actor,
      action: 'report.triage_applied',
      subject: { type: 'case', id: check.report.case_id },
      details: {
        reportId,
        applicationId: id,
        automatic,
        modelVersion: suggestion.modelVersion,
        confidence: suggestion.confidence,
        topWords: suggestion.topWords,
        previous,
        applied: next,
      },
    });
    return { applicationId: id };
  }

  return {
    /** The active model's suggestion for a report's text; null when there is no model or no words. */
    async suggestTriage(text: string): Promise<TriageSuggestion | null> {
      const active = await activeModel();
      if (!active || text.trim() === '') return null;
      const prediction = active.model.predict(text);
      const [top, ...rest] = prediction.ranked;
      if (!top) return null;
      return {
        serviceCode: top.code,
        department: top.department,
        confidence: Math.round(top.probability * 10_000) / 10_000,
        modelVersion: active.version,
        topWords: prediction.topWords,
        alternatives: rest.slice(0, 2).map((entry) => ({
          serviceCode: entry.code,
          confidence: Math.round(entry.probability * 10_000) / 10_000,
        })),
      };
    },

    /**
     * Applies a suggestion to a report's case, in the caller's transaction (staff's "apply"). Throws a
     * PlazaError when it cannot: an imported report (no case), a closed case, a type that is not a published
     * report service, a state the new type's workflow lacks, or the type it already has.
     */
    async applyTriage(
      trx: Db,
      reportId: string,
      suggestion: TriageSuggestion,
      actor: Actor,
    ): Promise<{ applicationId: string }> {
      return apply(trx, reportId, suggestion, actor, false);
    },

    /**
     * Applies a suggestion if the deployment set a threshold and its confidence reaches it, in the caller's
     * transaction (filing a report); otherwise, or when it does not apply to this report, changes nothing
     * and says why. Never throws for a suggestion that does not fit: the report is filed either way.
     */
    async autoApplyTriage(trx: Db, reportId: string, suggestion: TriageSuggestion): Promise<ApplyOutcome> {
      const threshold = deps.autoApplyThreshold;
      if (threshold === undefined) return { applied: false, reason: 'off' };
      if (suggestion.confidence < threshold) return { applied: false, reason: 'below_threshold' };
      const check = await applicable(trx, reportId, suggestion);
      if (!check.ok) return { applied: false, reason: check.sameType ? 'same_type' : 'not_applicable' };
      const { applicationId } = await apply(trx, reportId, suggestion, systemActor, true);
      return { applied: true, applicationId };
    },

    /** Puts back what the last applied suggestion replaced; refused if the case was re-filed since. */
    async undoTriage(reportId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const application = await trx
          .selectFrom('triage_applications')
          .selectAll()
          .where('report_id', '=', reportId)
          .where('undone_at', 'is', null)
          .orderBy('applied_at', 'desc')
          .limit(1)
          .forUpdate()
          .executeTakeFirst();
        if (!application) throw notFound('triage.nothing_to_undo', describe('nothingToUndo'));
        const current = await trx
          .selectFrom('cases')
          .select(['service_slug', 'department_id', 'assignee_id', 'closed_at'])
          .where('id', '=', application.case_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (
          current.service_slug !== application.applied.serviceCode ||
          current.department_id !== application.applied.departmentId
        )
          throw conflict('triage.changed_since', describe('changedSince'));
        if (current.closed_at) throw conflict('triage.case_closed', describe('caseClosed'));
        const report = await trx
          .selectFrom('reports')
          .select('triage')
          .where('id', '=', reportId)
          .executeTakeFirstOrThrow();
        const restored: CaseClassification = {
          ...application.previous,
          // Someone assigned since the suggestion was applied keeps the case.
          assigneeId: current.assignee_id ?? application.previous.assigneeId,
        };
        await reclassify(trx, reportId, application.case_id, restored, {
          ...(report.triage ?? {
            serviceCode: application.applied.serviceCode,
            department: application.applied.departmentId,
            confidence: application.confidence,
            modelVersion: application.model_version,
          }),
          applied: false,
        });
        await trx
          .updateTable('triage_applications')
          .set({ undone_at: clock.now(), undone_by: actorId(actor) })
          .where('id', '=', application.id)
          .execute();
        await appendAudit(trx, clock, {
          actor,
          action: 'report.triage_undone',
          subject: { type: 'case', id: application.case_id },
          details: {
            reportId,
            applicationId: application.id,
            modelVersion: application.model_version,
            undone: application.applied,
            restored,
          },
        });
      });
    },

    /** The last suggestion applied to a report (undone or not), for staff to see and undo. */
    async lastApplication(reportId: string): Promise<TriageApplicationView | null> {
      const row = await db
        .selectFrom('triage_applications')
        .selectAll()
        .where('report_id', '=', reportId)
        .orderBy('applied_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            modelVersion: row.model_version,
            confidence: row.confidence,
            automatic: row.automatic,
            previous: row.previous,
            applied: row.applied,
            appliedAt: row.applied_at,
            undoneAt: row.undone_at,
          }
        : null;
    },

    /** The threshold from which suggestions apply themselves, if the deployment set one. */
    autoApplyThreshold: deps.autoApplyThreshold,

    /** Reports with words to learn from (all, and filed since the active model), and the active model. */
    async trainingStatus(): Promise<TrainingStatus> {
      const active = await db
        .selectFrom('triage_models')
        .select(['version', 'report_count', 'trained_at'])
        .where('active', '=', true)
        .executeTakeFirst();
      const count = await db
        .selectFrom('reports')
        .select((eb) => [
          eb.fn.countAll<string>().as('usable'),
          eb.fn
            .count<string>('id')
            .filterWhere('requested_at', '>', active?.trained_at ?? new Date(0))
            .as('since'),
        ])
        .where('description', 'is not', null)
        .where(sql<boolean>`btrim(description) <> ''`)
        .executeTakeFirstOrThrow();
      return {
        usableReports: Number(count.usable),
        newSinceTraining: Number(count.since),
        active: active
          ? { version: active.version, reportCount: active.report_count, trainedAt: active.trained_at }
          : null,
      };
    },

    /**
     * Trains on the newest reports with a description (their type as it stands now, after any
     * correction by staff), evaluates on a time-ordered holdout, stores the model and activates it.
     */
    async train(options: {
      trainedBy: Actor;
      limit?: number;
      holdoutFraction?: number;
      progress?: (step: string) => void;
    }): Promise<TrainOutcome> {
      const say = options.progress ?? (() => undefined);
      say('reading reports');
      const rows = await db
        .selectFrom('reports')
        .select(['description', 'service_code', 'department_id', 'requested_at'])
        .where('description', 'is not', null)
        .where(sql<boolean>`btrim(description) <> ''`)
        .orderBy('requested_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? DEFAULT_TRAINING_LIMIT)
        .execute();
      const examples: TimedExample[] = rows.reverse().map((row) => ({
        text: row.description as string,
        label: row.service_code,
        department: row.department_id,
        requestedAt: row.requested_at,
      }));
      const classes = new Set(examples.map((example) => example.label));
      if (examples.length < MIN_TRAINING_REPORTS || classes.size < 2)
        throw invalid(
          'triage.not_enough_reports',
          describe('notEnoughReports', { count: examples.length, minimum: MIN_TRAINING_REPORTS }),
        );
      const { model, metrics } = await trainWithHoldout(examples, {
        holdoutFraction: options.holdoutFraction,
        progress: say,
      });
      say('storing the model');
      const version = await db.transaction().execute(async (trx) => {
        // One training stores at a time, so versions follow each other.
        await sql`select pg_advisory_xact_lock(${TRAINING_LOCK_KEY})`.execute(trx);
        const last = await trx
          .selectFrom('triage_models')
          .select((eb) => eb.fn.max('version').as('version'))
          .executeTakeFirst();
        const next = (last?.version ?? 0) + 1;
        const now = clock.now();
        await trx.updateTable('triage_models').set({ active: false }).where('active', '=', true).execute();
        await trx
          .insertInto('triage_models')
          .values({
            version: next,
            trained_at: now,
            trained_by: actorId(options.trainedBy) ?? 'system',
            report_count: examples.length,
            class_count: model.classes.length,
            metrics: JSON.stringify(metrics),
            model: JSON.stringify(model),
            active: true,
            activated_at: now,
          })
          .execute();
        await appendAudit(trx, clock, {
          actor: options.trainedBy,
          action: 'triage.model_activated',
          subject: { type: 'triage_model', id: String(next) },
          details: {
            reports: examples.length,
            accuracy: metrics.accuracy,
            baselineAccuracy: metrics.baselineAccuracy,
          },
        });
        return next;
      });
      checkedAt = -Infinity;
      return { version, metrics, reportCount: examples.length };
    },
  };
}

const TRAINING_LOCK_KEY = 7_072_010;

export type TriageService = ReturnType<typeof createTriageService>;
