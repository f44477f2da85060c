/**
 * Retraining on a schedule: each night, when enough reports have arrived since the active model was
 * trained (or there is none yet and enough to learn from), train and activate a new one. Quiet nights cost
 * one count.
 */
import type { JobHandler } from '../../platform/jobs/jobs.js';
import { systemActor } from '../audit/index.js';
import { MIN_TRAINING_REPORTS } from './training.js';
import { DEFAULT_TRAINING_LIMIT, type TrainingStatus, type TriageService } from './triage.service.js';

/** New reports that make retraining worth it: this many, or this share of what the model learnt from. */
const MIN_NEW_REPORTS = 200;
const MIN_NEW_SHARE = 0.05;

export function shouldRetrain(status: TrainingStatus): boolean {
  if (!status.active) return status.usableReports >= MIN_TRAINING_REPORTS;
  // New reports, or history imported since (older, so counted by the difference in size).
  const added = Math.max(
    status.newSinceTraining,
    Math.min(status.usableReports, DEFAULT_TRAINING_LIMIT) - status.active.reportCount,
  );
  return (
    added > 0 && added >= Math.min(MIN_NEW_REPORTS, Math.ceil(status.active.reportCount * MIN_NEW_SHARE))
  );
}

export function triageRetrainJob(
  triage: TriageService,
  log?: { info(object: object, message: string): void },
): JobHandler {
  return {
    name: 'triage.retrain',
    schedule: '41 2 * * *',
    retryLimit: 1,
    run: async () => {
      if (!shouldRetrain(await triage.trainingStatus())) return;
      const outcome = await triage.train({ trainedBy: systemActor });
      log?.info(
        { version: outcome.version, reports: outcome.reportCount, accuracy: outcome.metrics.accuracy },
        'triage model retrained',
      );
    },
  };
}
