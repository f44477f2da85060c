/**
 * Decides what may happen to a case: the transitions open from its state to someone with given roles, and
 * whether a requested one is allowed. Pure functions over a workflow; the cases module applies the result.
 */
import type { StaffRole, Workflow, WorkflowState, WorkflowTransition } from './workflow.schema.js';

export type TransitionRefusal =
  | { reason: 'unknown_transition' }
  | { reason: 'wrong_state'; currentState: string; allowedFrom: string[] }
  | { reason: 'role_not_allowed'; requiredRoles: StaffRole[] }
  | { reason: 'not_a_staff_transition' }
  | { reason: 'reason_required' }
  | { reason: 'message_required' };

export type TransitionCheck =
  | { allowed: true; transition: WorkflowTransition; from: WorkflowState; to: WorkflowState }
  | { allowed: false; refusal: TransitionRefusal };

export function stateOf(workflow: Workflow, state: string): WorkflowState {
  const found = workflow.states[state];
  if (!found) throw new Error(`Workflow ${workflow.id} has no state "${state}"`);
  return found;
}

/** Staff transitions leaving `state` that someone holding `roles` may fire. */
export function availableTransitions(
  workflow: Workflow,
  state: string,
  roles: readonly StaffRole[],
): WorkflowTransition[] {
  return workflow.transitions.filter(
    (transition) =>
      transition.trigger === 'staff' &&
      transition.from.includes(state) &&
      transition.roles.some((role) => roles.includes(role)),
  );
}

export function checkStaffTransition(
  workflow: Workflow,
  request: {
    state: string;
    transitionId: string;
    roles: readonly StaffRole[];
    reason?: string;
    message?: string;
  },
): TransitionCheck {
  const transition = workflow.transitions.find((candidate) => candidate.id === request.transitionId);
  if (!transition) return { allowed: false, refusal: { reason: 'unknown_transition' } };
  if (transition.trigger !== 'staff')
    return { allowed: false, refusal: { reason: 'not_a_staff_transition' } };
  if (!transition.from.includes(request.state)) {
    return {
      allowed: false,
      refusal: { reason: 'wrong_state', currentState: request.state, allowedFrom: transition.from },
    };
  }
  if (!transition.roles.some((role) => request.roles.includes(role))) {
    return { allowed: false, refusal: { reason: 'role_not_allowed', requiredRoles: transition.roles } };
  }
  if (transition.requiresReason && !request.reason?.trim())
    return { allowed: false, refusal: { reason: 'reason_required' } };
  if (transition.action === 'request_information' && !request.message?.trim()) {
    return { allowed: false, refusal: { reason: 'message_required' } };
  }
  return {
    allowed: true,
    transition,
    from: stateOf(workflow, request.state),
    to: stateOf(workflow, transition.to),
  };
}

/** The transition a citizen's answer fires from `state`, if the workflow has one. */
export function citizenResponseTransition(workflow: Workflow, state: string): WorkflowTransition | undefined {
  return workflow.transitions.find(
    (transition) => transition.trigger === 'citizen_response' && transition.from.includes(state),
  );
}

/** The transition that asks the citizen for information from `state`, for someone with `roles`. */
export function informationRequestTransition(
  workflow: Workflow,
  state: string,
  roles: readonly StaffRole[],
): WorkflowTransition | undefined {
  return availableTransitions(workflow, state, roles).find(
    (transition) => transition.action === 'request_information',
  );
}
