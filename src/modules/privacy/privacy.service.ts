/** The privacy module's use cases, composed: subject access (find, export) and erasure (anonymise, erase). */
import type { Db } from '../../database.js';
import type { Clock } from '../../platform/time/clock.js';
import type { CatalogueService } from '../catalogue/index.js';
import { createErasure } from './erasure.js';
import type { PersonalData } from './personal-data.js';
import { createSubjectAccess } from './subject-access.js';

export interface PrivacyDeps {
  db: Db;
  clock: Clock;
  catalogue: CatalogueService;
  personalData: PersonalData;
  organisationName: string;
  /** Days a closed case keeps personal data when its service does not say. */
  defaultRetentionDays: number;
}

export function createPrivacyService(deps: PrivacyDeps) {
  return { ...createSubjectAccess(deps), ...createErasure(deps) };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
