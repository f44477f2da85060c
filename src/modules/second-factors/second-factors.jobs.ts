import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { SecondFactorsService } from './second-factors.service.js';

/** Forgets pending sign-ins and authenticator apps never confirmed, once they are a day old. */
export function secondFactorsCleanupJob(secondFactors: SecondFactorsService): JobHandler {
  return {
    name: 'second-factors.cleanup',
    schedule: '41 * * * *',
    run: async () => {
      await secondFactors.deleteStale();
    },
  };
}
