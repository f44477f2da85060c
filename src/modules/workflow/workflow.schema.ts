/**
 * A workflow is a declarative state machine shared by the services that name it: its states (which the
 * citizen sees, whether the SLA clock runs) and its transitions (from where, to where, who may fire them,
 * what they require). Workflows live in YAML files beside the service definitions.
 */
import { z } from 'zod';
import { translationsSchema } from '../../platform/definitions/translations.js';

import { staffRoles, type StaffRole } from '../identity/roles.js';

export { staffRoles, type StaffRole };

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and underscores, starting with a letter');

export const workflowStateSchema = z
  .object({
    label: z.string().min(1).describe('Name of the state shown to staff'),
    publicLabel: z.string().min(1).optional().describe('Name shown to the citizen, when it differs'),
    public: z.boolean().describe('Whether the citizen sees this state and its steps in their timeline'),
    sla: z
      .enum(['running', 'paused'])
      .default('running')
      .describe('Whether the service-level clock runs in this state; paused while waiting for the citizen'),
    terminal: z.boolean().default(false).describe('The case is closed once it reaches this state'),
    outcome: z.enum(['approved', 'rejected']).optional().describe('The decision a terminal state records'),
  })
  .strict();

export const workflowTransitionSchema = z
  .object({
    id: identifier,
    label: z.string().min(1).describe('Text of the button staff press'),
    from: z.array(identifier).min(1),
    to: identifier,
    roles: z.array(z.enum(staffRoles)).default([]).describe('Staff roles that may fire it'),
    trigger: z
      .enum(['staff', 'citizen_response'])
      .default('staff')
      .describe('citizen_response: fired when the citizen answers a request for information'),
    action: z
      .enum(['none', 'request_information'])
      .default('none')
      .describe('request_information: the message becomes a question the citizen answers'),
    requiresReason: z.boolean().default(false).describe('Staff must give a reason the citizen will read'),
    notify: z
      .string()
      .regex(/^[a-z_]+$/)
      .optional()
      .describe('Notification template sent to the citizen'),
  })
  .strict();

export const workflowSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string().min(1),
    initial: identifier,
    states: z.record(identifier, workflowStateSchema),
    transitions: z.array(workflowTransitionSchema).min(1),
    translations: translationsSchema,
  })
  .strict()
  .superRefine((workflow, context) => {
    const states = new Set(Object.keys(workflow.states));
    if (!states.has(workflow.initial)) {
      context.addIssue({ code: 'custom', path: ['initial'], message: `unknown state "${workflow.initial}"` });
    }
    const seen = new Set<string>();
    workflow.transitions.forEach((transition, index) => {
      if (seen.has(transition.id)) {
        context.addIssue({
          code: 'custom',
          path: ['transitions', index, 'id'],
          message: `duplicate transition "${transition.id}"`,
        });
      }
      seen.add(transition.id);
      transition.from.forEach((state, fromIndex) => {
        if (!states.has(state)) {
          context.addIssue({
            code: 'custom',
            path: ['transitions', index, 'from', fromIndex],
            message: `unknown state "${state}"`,
          });
        }
      });
      if (!states.has(transition.to)) {
        context.addIssue({
          code: 'custom',
          path: ['transitions', index, 'to'],
          message: `unknown state "${transition.to}"`,
        });
      }
      if (transition.trigger === 'staff' && transition.roles.length === 0) {
        context.addIssue({
          code: 'custom',
          path: ['transitions', index, 'roles'],
          message: 'a staff transition needs at least one role',
        });
      }
      const target = workflow.states[transition.to];
      if (transition.action === 'request_information' && target && target.sla !== 'paused') {
        context.addIssue({
          code: 'custom',
          path: ['transitions', index, 'to'],
          message: 'a request for information must lead to a state where the SLA clock is paused',
        });
      }
    });
    for (const [name, state] of Object.entries(workflow.states)) {
      if (state.outcome && !state.terminal) {
        context.addIssue({
          code: 'custom',
          path: ['states', name, 'outcome'],
          message: 'only a terminal state can record an outcome',
        });
      }
    }
  });

export type Workflow = z.output<typeof workflowSchema>;
export type WorkflowState = z.output<typeof workflowStateSchema>;
export type WorkflowTransition = z.output<typeof workflowTransitionSchema>;
