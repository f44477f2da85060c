/**
 * The texts of a workflow people read (state names, and the buttons staff press), each with the key its
 * translation is given under in the workflow file's `translations` block.
 */
import { visitText, type TextVisitor } from '../../platform/definitions/translations.js';
import type { Workflow } from './workflow.schema.js';

export function mapWorkflowTexts(workflow: Workflow, visit: TextVisitor): Workflow {
  const text = <T extends string | undefined>(key: string, value: T): T => visitText(key, value, visit);
  return {
    ...workflow,
    states: Object.fromEntries(
      Object.entries(workflow.states).map(([id, state]) => [
        id,
        {
          ...state,
          label: text(`states.${id}.label`, state.label),
          publicLabel: text(`states.${id}.publicLabel`, state.publicLabel),
        },
      ]),
    ),
    transitions: workflow.transitions.map((transition) => ({
      ...transition,
      label: text(`transitions.${transition.id}.label`, transition.label),
    })),
  };
}
