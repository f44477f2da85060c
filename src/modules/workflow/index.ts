export {
  staffRoles,
  workflowSchema,
  type StaffRole,
  type Workflow,
  type WorkflowState,
  type WorkflowTransition,
} from './workflow.schema.js';
export {
  availableTransitions,
  checkStaffTransition,
  citizenResponseTransition,
  informationRequestTransition,
  stateOf,
  type TransitionCheck,
  type TransitionRefusal,
} from './workflow-engine.js';
export { moveSla, slaStatus, startSla, type SlaClock, type SlaStatus } from './sla.js';
export { loadWorkflows } from './workflow.loader.js';
export { mapWorkflowTexts } from './workflow-texts.js';
