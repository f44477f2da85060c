/**
 * What staff may do to a case and why a button is refused, what a citizen's reply does, which workflow
 * definitions are refused before they reach a case, and that the demo city's workflows have no dead ends.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadWorkflows } from './workflow.loader.js';
import {
  availableTransitions,
  checkStaffTransition,
  citizenResponseTransition,
  informationRequestTransition,
} from './workflow-engine.js';
import { workflowSchema, type Workflow } from './workflow.schema.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A permit workflow, as a service designer writes it (before defaults are applied). */
function permitDefinition() {
  return {
    id: 'permit',
    title: 'Permit',
    initial: 'submitted',
    states: {
      submitted: { label: 'Submitted', public: true },
      in_review: { label: 'In review', public: true },
      awaiting_information: { label: 'Waiting for the applicant', public: true, sla: 'paused' },
      recommended: { label: 'Recommended', public: false },
      approved: { label: 'Approved', public: true, terminal: true, outcome: 'approved' },
      rejected: { label: 'Rejected', public: true, terminal: true, outcome: 'rejected' },
    },
    transitions: [
      {
        id: 'start_review',
        label: 'Start review',
        from: ['submitted'],
        to: 'in_review',
        roles: ['caseworker'],
      },
      {
        id: 'request_information',
        label: 'Ask for information',
        from: ['submitted', 'in_review'],
        to: 'awaiting_information',
        roles: ['caseworker', 'manager'],
        action: 'request_information',
      },
      {
        id: 'information_received',
        label: 'Applicant replied',
        from: ['awaiting_information'],
        to: 'in_review',
        trigger: 'citizen_response',
      },
      { id: 'recommend', label: 'Recommend', from: ['in_review'], to: 'recommended', roles: ['caseworker'] },
      {
        id: 'approve',
        label: 'Approve',
        from: ['recommended'],
        to: 'approved',
        roles: ['manager'],
        requiresReason: true,
      },
      {
        id: 'reject',
        label: 'Reject',
        from: ['recommended', 'in_review'],
        to: 'rejected',
        roles: ['manager', 'admin'],
        requiresReason: true,
      },
    ],
  };
}

const permit: Workflow = workflowSchema.parse(permitDefinition());

describe('checkStaffTransition', () => {
  test('allows a transition from the right state by the right role, and names both states', () => {
    const check = checkStaffTransition(permit, {
      state: 'submitted',
      transitionId: 'start_review',
      roles: ['caseworker'],
    });
    expect(check.allowed).toBe(true);
    if (!check.allowed) return;
    expect(check.transition.id).toBe('start_review');
    expect(check.from.label).toBe('Submitted');
    expect(check.to.label).toBe('In review');
  });

  test('refuses a transition the workflow does not have', () => {
    expect(
      checkStaffTransition(permit, { state: 'submitted', transitionId: 'fast_track', roles: ['admin'] }),
    ).toEqual({ allowed: false, refusal: { reason: 'unknown_transition' } });
  });

  test('refuses a transition from the wrong state, naming the current state and where it can be used', () => {
    expect(
      checkStaffTransition(permit, {
        state: 'submitted',
        transitionId: 'approve',
        roles: ['manager'],
        reason: 'All in order',
      }),
    ).toEqual({
      allowed: false,
      refusal: { reason: 'wrong_state', currentState: 'submitted', allowedFrom: ['recommended'] },
    });
  });

  test('refuses a transition to someone without a required role, naming the roles', () => {
    expect(
      checkStaffTransition(permit, {
        state: 'recommended',
        transitionId: 'reject',
        roles: ['caseworker'],
        reason: 'Too tall',
      }),
    ).toEqual({
      allowed: false,
      refusal: { reason: 'role_not_allowed', requiredRoles: ['manager', 'admin'] },
    });
  });

  test('any one of the required roles is enough', () => {
    const check = checkStaffTransition(permit, {
      state: 'recommended',
      transitionId: 'reject',
      roles: ['caseworker', 'admin'],
      reason: 'Too tall',
    });
    expect(check.allowed).toBe(true);
  });

  test.each([undefined, '', '   \n'])(
    'refuses a decision that needs a reason when the reason is %j',
    (reason) => {
      expect(
        checkStaffTransition(permit, {
          state: 'recommended',
          transitionId: 'approve',
          roles: ['manager'],
          reason,
        }),
      ).toEqual({ allowed: false, refusal: { reason: 'reason_required' } });
    },
  );

  test.each([undefined, '', '  '])('refuses a request for information when the message is %j', (message) => {
    expect(
      checkStaffTransition(permit, {
        state: 'in_review',
        transitionId: 'request_information',
        roles: ['caseworker'],
        message,
      }),
    ).toEqual({ allowed: false, refusal: { reason: 'message_required' } });
  });

  test('allows a request for information with a message', () => {
    const check = checkStaffTransition(permit, {
      state: 'in_review',
      transitionId: 'request_information',
      roles: ['caseworker'],
      message: 'Please send a site plan',
    });
    expect(check.allowed && check.to.sla).toBe('paused');
  });

  test('staff cannot fire the transition reserved for the citizen’s reply', () => {
    expect(
      checkStaffTransition(permit, {
        state: 'awaiting_information',
        transitionId: 'information_received',
        roles: ['caseworker', 'manager', 'admin'],
      }),
    ).toEqual({ allowed: false, refusal: { reason: 'not_a_staff_transition' } });
  });
});

describe('availableTransitions', () => {
  const ids = (state: string, roles: Parameters<typeof availableTransitions>[2]) =>
    availableTransitions(permit, state, roles).map((transition) => transition.id);

  test('a caseworker sees the transitions open to caseworkers from the case’s state', () => {
    expect(ids('in_review', ['caseworker'])).toEqual(['request_information', 'recommend']);
  });

  test('a manager sees other ones from the same state', () => {
    expect(ids('in_review', ['manager'])).toEqual(['request_information', 'reject']);
    expect(ids('recommended', ['manager'])).toEqual(['approve', 'reject']);
  });

  test('someone with several roles sees the transitions of all of them, once each', () => {
    expect(ids('in_review', ['caseworker', 'manager'])).toEqual([
      'request_information',
      'recommend',
      'reject',
    ]);
  });

  test('a caseworker cannot decide a recommended case', () => {
    expect(ids('recommended', ['caseworker'])).toEqual([]);
  });

  test('no staff transition is offered while waiting for the citizen or once closed', () => {
    expect(ids('awaiting_information', ['caseworker', 'manager', 'admin'])).toEqual([]);
    expect(ids('approved', ['caseworker', 'manager', 'admin'])).toEqual([]);
  });

  test('the citizen’s reply is never offered to staff, even if it lists roles', () => {
    const definition = permitDefinition();
    (definition.transitions[2] as Record<string, unknown>).roles = ['caseworker'];
    const withRoles = workflowSchema.parse(definition);
    expect(availableTransitions(withRoles, 'awaiting_information', ['caseworker'])).toEqual([]);
  });

  test('nobody without a role sees anything', () => {
    expect(ids('submitted', [])).toEqual([]);
  });

  test('the request for information is found for roles that may ask', () => {
    expect(informationRequestTransition(permit, 'submitted', ['manager'])?.id).toBe('request_information');
    expect(informationRequestTransition(permit, 'recommended', ['manager'])).toBeUndefined();
    expect(informationRequestTransition(permit, 'submitted', ['admin'])).toBeUndefined();
  });
});

describe('citizenResponseTransition', () => {
  test('the citizen’s reply moves a waiting case back into review', () => {
    const transition = citizenResponseTransition(permit, 'awaiting_information');
    expect(transition?.id).toBe('information_received');
    expect(transition?.to).toBe('in_review');
  });

  test('a reply does nothing to a case that is not waiting for one', () => {
    expect(citizenResponseTransition(permit, 'in_review')).toBeUndefined();
    expect(citizenResponseTransition(permit, 'approved')).toBeUndefined();
  });
});

describe('workflowSchema', () => {
  const problems = (definition: unknown): { path: string; message: string }[] => {
    const result = workflowSchema.safeParse(definition);
    return result.success
      ? []
      : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  };

  test('applies defaults: the SLA runs, states are not terminal, transitions are fired by staff', () => {
    expect(permit.states.submitted).toMatchObject({ sla: 'running', terminal: false });
    expect(permit.transitions[0]).toMatchObject({ trigger: 'staff', action: 'none', requiresReason: false });
  });

  test('the permit workflow is valid', () => {
    expect(problems(permitDefinition())).toEqual([]);
  });

  test('refuses transitions from or to unknown states', () => {
    const definition = permitDefinition();
    definition.transitions.push({
      id: 'escalate',
      label: 'Escalate',
      from: ['in_reveiw'],
      to: 'escalated',
      roles: ['manager'],
    });
    expect(problems(definition)).toEqual([
      { path: 'transitions.6.from.0', message: 'unknown state "in_reveiw"' },
      { path: 'transitions.6.to', message: 'unknown state "escalated"' },
    ]);
  });

  test('refuses an unknown initial state', () => {
    expect(problems({ ...permitDefinition(), initial: 'draft' })).toEqual([
      { path: 'initial', message: 'unknown state "draft"' },
    ]);
  });

  test('refuses two transitions with the same id', () => {
    const definition = permitDefinition();
    definition.transitions.push({ ...definition.transitions[0]!, from: ['in_review'] });
    expect(problems(definition)).toEqual([
      { path: 'transitions.6.id', message: 'duplicate transition "start_review"' },
    ]);
  });

  test('refuses an outcome on a state that is not terminal', () => {
    const definition = permitDefinition();
    (definition.states.recommended as Record<string, unknown>).outcome = 'approved';
    expect(problems(definition)).toEqual([
      { path: 'states.recommended.outcome', message: 'only a terminal state can record an outcome' },
    ]);
  });

  test('refuses a request for information leading to a state where the SLA clock runs', () => {
    const definition = permitDefinition();
    definition.states.awaiting_information = { label: 'Waiting', public: true, sla: 'running' };
    expect(problems(definition)).toEqual([
      {
        path: 'transitions.1.to',
        message: 'a request for information must lead to a state where the SLA clock is paused',
      },
    ]);
  });

  test('refuses a staff transition nobody may fire', () => {
    const definition = permitDefinition();
    definition.transitions[0]!.roles = [];
    expect(problems(definition)).toEqual([
      { path: 'transitions.0.roles', message: 'a staff transition needs at least one role' },
    ]);
  });

  test('refuses a role that does not exist and a misspelt option', () => {
    const definition = permitDefinition();
    definition.transitions[0]!.roles = ['supervisor'];
    expect(problems(definition).map((problem) => problem.path)).toEqual(['transitions.0.roles.0']);
    expect(problems({ ...permitDefinition(), transitons: [] }).length).toBeGreaterThan(0);
  });
});

describe('the demo city’s workflows', () => {
  const { workflows, problems } = loadWorkflows(join(repo, 'definitions', 'demo-city', 'workflows'));

  test('all load without problems', () => {
    expect(problems).toEqual([]);
    expect([...workflows.keys()].sort()).toEqual([
      'collection-booking',
      'manager-approval',
      'report',
      'simple-request',
      'standard-permit',
    ]);
  });

  describe.each([...workflows.values()])('$id', (workflow) => {
    const exits = (state: string) =>
      workflow.transitions.filter((transition) => transition.from.includes(state));

    test('every state is reachable from the initial state', () => {
      const reached = new Set([workflow.initial]);
      const queue = [workflow.initial];
      for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
        for (const transition of exits(state)) {
          if (!reached.has(transition.to)) {
            reached.add(transition.to);
            queue.push(transition.to);
          }
        }
      }
      expect([...reached].sort()).toEqual(Object.keys(workflow.states).sort());
    });

    test('only terminal states have no way out', () => {
      for (const [name, state] of Object.entries(workflow.states)) {
        expect({ name, hasExit: exits(name).length > 0 }).toEqual({ name, hasExit: !state.terminal });
      }
    });

    test('a case waiting for the citizen moves on when they reply', () => {
      for (const [name, state] of Object.entries(workflow.states)) {
        if (state.sla !== 'paused' || state.terminal) continue;
        expect(citizenResponseTransition(workflow, name), `reply from ${name}`).toBeDefined();
      }
    });

    test('a refusal always asks staff for a reason the citizen will read', () => {
      for (const transition of workflow.transitions) {
        const target = workflow.states[transition.to];
        if (target?.outcome === 'rejected') expect(transition.requiresReason, transition.id).toBe(true);
      }
    });
  });
});
