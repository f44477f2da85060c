/**
 * The service-level clock of a case: due a number of working days after submission, stopped while the case
 * waits in a paused state (for the citizen), and moved later by the working days it was stopped.
 */
import {
  addWorkingDays,
  extendByWorkingDays,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../platform/time/working-calendar.js';
import type { WorkflowState } from './workflow.schema.js';

export interface SlaClock {
  dueAt: Date;
  pausedAt: Date | null;
}

export type SlaStatus = 'on_track' | 'due_soon' | 'overdue' | 'paused' | 'closed';

export function startSla(
  submittedAt: Date,
  workingDays: number,
  initial: WorkflowState,
  calendar: WorkingCalendar,
): SlaClock {
  return {
    dueAt: addWorkingDays(submittedAt, workingDays, calendar),
    pausedAt: initial.sla === 'paused' ? submittedAt : null,
  };
}

export function moveSla(clock: SlaClock, to: WorkflowState, at: Date, calendar: WorkingCalendar): SlaClock {
  const pausing = to.sla === 'paused' && !to.terminal;
  if (clock.pausedAt && !pausing) {
    return {
      dueAt: extendByWorkingDays(clock.dueAt, workingDaysBetween(clock.pausedAt, at, calendar), calendar),
      pausedAt: null,
    };
  }
  if (!clock.pausedAt && pausing) return { dueAt: clock.dueAt, pausedAt: at };
  return clock;
}

const DUE_SOON_MS = 2 * 86_400_000;

export function slaStatus(
  clock: { dueAt: Date | null; pausedAt: Date | null; closedAt: Date | null },
  now: Date,
): SlaStatus {
  if (clock.closedAt) return 'closed';
  if (clock.pausedAt) return 'paused';
  if (!clock.dueAt) return 'on_track';
  if (clock.dueAt.getTime() < now.getTime()) return 'overdue';
  if (clock.dueAt.getTime() - now.getTime() < DUE_SOON_MS) return 'due_soon';
  return 'on_track';
}
