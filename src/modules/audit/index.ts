export type { AuditTables } from './audit.tables.js';
export {
  appendAudit,
  recordAudit,
  systemActor,
  verifyAuditChain,
  type Actor,
  type AuditEvent,
  type VerifyResult,
} from './audit.service.js';
export { describeBreak, type ChainBreak } from './audit-chain.js';
export { registerAuditPages } from './audit.pages.js';
