/**
 * Triage on a real database, in the real app: it learns from the deployment's stored reports with a
 * time-ordered holdout, suggests with the active model (a new version is used as soon as it is activated),
 * applies a confident suggestion to the report's case by itself (new type, department and queue, audited
 * with the model's version and what it replaced) and can be undone; below the threshold it only suggests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Actor } from '../../src/modules/audit/index.js';
import { shouldRetrain, triageRetrainJob } from '../../src/modules/triage/index.js';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { storeHistory, syntheticHistory } from './synthetic-reports.js';

const cli: Actor = { type: 'cli', id: null };

describe.each(testDatabases())('triage on $name', (database) => {
  let t: TestApp;
  let staff: Actor;
  beforeAll(async () => {
    t = await startTestApp({ database: await database.open(), env: { PLAZA_TRIAGE_AUTO_APPLY: '0.9' } });
    staff = {
      type: 'user',
      id: await t.createStaff('caseworker@example.org', [{ role: 'caseworker', departmentId: 'highways' }]),
    };
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  /** A report filed by a citizen under `serviceSlug`, with its case, as the reports module files one. */
  async function fileReport(
    serviceSlug: string,
    description: string,
  ): Promise<{ reportId: string; caseId: string }> {
    const service = t.app.catalogue.current(serviceSlug);
    if (!service) throw new Error(`${serviceSlug} is not published`);
    const reportId = randomUUID();
    const opened = await t.database.db.transaction().execute(async (trx) => {
      const opened = await t.app.cases.openCase(trx, {
        service,
        answers: {},
        citizenUserId: null,
        contactEmail: null,
        actor: { type: 'anonymous', id: null },
      });
      await trx
        .insertInto('reports')
        .values({
          id: reportId,
          service_request_id: opened.reference,
          case_id: opened.id,
          service_code: serviceSlug,
          service_name: service.definition.title,
          department_id: service.definition.department,
          status: 'open',
          status_notes: null,
          description,
          lat: 51.5,
          long: -0.12,
          address: null,
          requested_at: t.clock.now(),
          updated_at: t.clock.now(),
          expected_at: null,
          closed_at: null,
          channel: 'web',
          import_source: null,
          external_id: null,
          triage: null,
        })
        .execute();
      return opened;
    });
    return { reportId, caseId: opened.id };
  }

  const caseOf = (caseId: string) =>
    t.database.db
      .selectFrom('cases')
      .select(['service_slug', 'service_version_id', 'department_id', 'assignee_id', 'version'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
  const reportRow = (reportId: string) =>
    t.database.db
      .selectFrom('reports')
      .select(['service_code', 'service_name', 'department_id', 'triage'])
      .where('id', '=', reportId)
      .executeTakeFirstOrThrow();
  const lastAudit = () =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_type', 'actor_id', 'subject_id', 'details'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  test('with too little history it says so, and suggests nothing', async () => {
    expect(await t.app.triage.suggestTriage('a deep pothole')).toBeNull();
    await expect(t.app.triage.train({ trainedBy: cli })).rejects.toMatchObject({
      code: 'triage.not_enough_reports',
    });
  });

  test('it trains on the stored reports, tests on the newest, beats the baseline and activates the model', async () => {
    // Stored in no particular order: the split goes by when they were made.
    const history = syntheticHistory(800, { seed: 11 });
    await storeHistory(t.database.db, [...history].reverse());
    const outcome = await t.app.triage.train({ trainedBy: cli });
    expect(outcome.version).toBe(1);
    expect(outcome.reportCount).toBe(800);
    expect(outcome.metrics.testCount).toBe(160);
    expect(new Date(outcome.metrics.trainUntil as string).getTime()).toBeLessThan(
      new Date(outcome.metrics.testFrom as string).getTime(),
    );
    expect(outcome.metrics.testFrom).toBe(history[640]?.requestedAt.toISOString());
    expect(outcome.metrics.accuracy).toBeGreaterThan(outcome.metrics.baselineAccuracy + 0.3);
    expect(await lastAudit()).toMatchObject({ action: 'triage.model_activated', subject_id: '1' });

    const suggestion = await t.app.triage.suggestTriage('Deep pothole in the tarmac, it burst my tyre');
    expect(suggestion).toMatchObject({
      serviceCode: 'report-pothole',
      department: 'highways',
      modelVersion: 1,
    });
    expect(suggestion?.confidence).toBeGreaterThan(0.9);
    expect(suggestion?.topWords).toEqual(expect.arrayContaining(['pothole', 'tarmac']));
  });

  test('a newly activated model is used at once', async () => {
    const outcome = await t.app.triage.train({ trainedBy: cli });
    expect(outcome.version).toBe(2);
    expect((await t.app.triage.suggestTriage('graffiti spray paint'))?.modelVersion).toBe(2);
    const models = await t.database.db
      .selectFrom('triage_models')
      .select(['version', 'active'])
      .orderBy('version')
      .execute();
    expect(models).toEqual([
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
  });

  test('above the threshold the suggestion re-files the case, audited with the model version, and can be undone', async () => {
    const { reportId, caseId } = await fileReport(
      'report-graffiti',
      'A deep pothole in the tarmac outside the school',
    );
    const before = await caseOf(caseId);
    await t.database.db
      .updateTable('cases')
      .set({ assignee_id: staff.id })
      .where('id', '=', caseId)
      .execute();
    const suggestion = await t.app.triage.suggestTriage('A deep pothole in the tarmac outside the school');
    expect(suggestion?.serviceCode).toBe('report-pothole');
    expect(suggestion?.confidence).toBeGreaterThanOrEqual(0.9);

    const outcome = await t.database.db
      .transaction()
      .execute((trx) => t.app.triage.autoApplyTriage(trx, reportId, suggestion!));
    expect(outcome.applied).toBe(true);
    const after = await caseOf(caseId);
    expect(after).toMatchObject({
      service_slug: 'report-pothole',
      service_version_id: t.app.catalogue.current('report-pothole')?.versionId,
      department_id: 'highways',
      // The environment department's caseworker no longer works this queue.
      assignee_id: null,
      version: before.version + 1,
    });
    expect(await reportRow(reportId)).toMatchObject({
      service_code: 'report-pothole',
      department_id: 'highways',
      triage: { serviceCode: 'report-pothole', modelVersion: 2, applied: true },
    });
    const applied = await lastAudit();
    expect(applied).toMatchObject({
      action: 'report.triage_applied',
      actor_type: 'system',
      subject_id: caseId,
    });
    expect(applied.details).toMatchObject({
      reportId,
      automatic: true,
      modelVersion: 2,
      confidence: suggestion?.confidence,
      previous: { serviceCode: 'report-graffiti', departmentId: 'environment', assigneeId: staff.id },
      applied: { serviceCode: 'report-pothole', departmentId: 'highways', assigneeId: null },
    });
    expect(await t.app.triage.lastApplication(reportId)).toMatchObject({
      modelVersion: 2,
      automatic: true,
      undoneAt: null,
    });

    await t.app.triage.undoTriage(reportId, staff);
    expect(await caseOf(caseId)).toMatchObject({
      service_slug: 'report-graffiti',
      service_version_id: before.service_version_id,
      department_id: 'environment',
      assignee_id: staff.id,
    });
    expect(await reportRow(reportId)).toMatchObject({
      service_code: 'report-graffiti',
      department_id: 'environment',
      triage: { applied: false },
    });
    const undone = await lastAudit();
    expect(undone).toMatchObject({ action: 'report.triage_undone', actor_type: 'user', actor_id: staff.id });
    expect(undone.details).toMatchObject({ modelVersion: 2, restored: { serviceCode: 'report-graffiti' } });
    await expect(t.app.triage.undoTriage(reportId, staff)).rejects.toMatchObject({
      code: 'triage.nothing_to_undo',
    });
  });

  test('below the threshold it only suggests; staff may still apply it themselves', async () => {
    const { reportId, caseId } = await fileReport(
      'report-graffiti',
      'near the corner of the park, pothole or spray paint?',
    );
    const suggestion = await t.app.triage.suggestTriage(
      'near the corner of the park, pothole or spray paint?',
    );
    expect(suggestion?.confidence).toBeLessThan(0.9);
    const seqBefore = (await lastAudit()).details;
    const outcome = await t.database.db
      .transaction()
      .execute((trx) =>
        t.app.triage.autoApplyTriage(trx, reportId, { ...suggestion!, serviceCode: 'report-pothole' }),
      );
    expect(outcome).toEqual({ applied: false, reason: 'below_threshold' });
    expect((await caseOf(caseId)).service_slug).toBe('report-graffiti');
    expect((await lastAudit()).details).toEqual(seqBefore);

    await t.database.db
      .transaction()
      .execute((trx) =>
        t.app.triage.applyTriage(
          trx,
          reportId,
          { ...suggestion!, serviceCode: 'report-street-light' },
          staff,
        ),
      );
    expect((await caseOf(caseId)).service_slug).toBe('report-street-light');
    expect(await lastAudit()).toMatchObject({ action: 'report.triage_applied', actor_id: staff.id });
    expect((await lastAudit()).details).toMatchObject({ automatic: false });
  });

  test('a suggestion that does not fit is refused with a reason and changes nothing', async () => {
    const { reportId } = await fileReport('report-graffiti', 'spray paint');
    const suggestion = (await t.app.triage.suggestTriage('deep pothole tarmac crater'))!;
    const apply = (change: Partial<typeof suggestion>, id = reportId) =>
      t.database.db
        .transaction()
        .execute((trx) => t.app.triage.applyTriage(trx, id, { ...suggestion, ...change }, staff));
    await expect(apply({ serviceCode: 'bulky-waste-collection' })).rejects.toMatchObject({
      code: 'triage.unknown_service',
    });
    await expect(apply({ serviceCode: 'report-graffiti' })).rejects.toMatchObject({
      code: 'triage.same_type',
    });
    const imported = await t.database.db
      .selectFrom('reports')
      .select('id')
      .where('channel', '=', 'import')
      .limit(1)
      .executeTakeFirstOrThrow();
    await expect(apply({}, imported.id)).rejects.toMatchObject({ code: 'triage.imported_report' });
    // Filing goes on when an automatic suggestion does not fit.
    const outcome = await t.database.db.transaction().execute((trx) =>
      t.app.triage.autoApplyTriage(trx, reportId, {
        ...suggestion,
        serviceCode: 'bulky-waste-collection',
        confidence: 0.99,
      }),
    );
    expect(outcome).toEqual({ applied: false, reason: 'not_applicable' });
  });

  test('the nightly job retrains only when enough new reports arrived', async () => {
    const job = triageRetrainJob(t.app.triage);
    expect(job.schedule).toBeDefined();
    const context = { attempt: 1, isLastAttempt: false };
    const version = async () =>
      (
        await t.database.db
          .selectFrom('triage_models')
          .select('version')
          .where('active', '=', true)
          .executeTakeFirstOrThrow()
      ).version;
    expect(shouldRetrain(await t.app.triage.trainingStatus())).toBe(false);
    await job.run({}, context);
    expect(await version()).toBe(2);
    await storeHistory(
      t.database.db,
      syntheticHistory(300, { seed: 5, start: new Date('2026-04-01T00:00:00Z') }),
    );
    expect(shouldRetrain(await t.app.triage.trainingStatus())).toBe(true);
    await job.run({}, context);
    expect(await version()).toBe(3);
    expect(await lastAudit()).toMatchObject({ action: 'triage.model_activated', actor_type: 'system' });
  });
});
