/** Notifications: the outbox, its delivery job, message templates and the development outbox page. */
export type { NotificationsTables } from './notifications.tables.js';
export {
  createNotifier,
  deliveryJob,
  messagesTo,
  openMessage,
  outboxContext,
  recentOutbox,
  redactAddresses,
  sealMessage,
  sentTo,
  DELIVER_JOB,
  type Notifier,
  type OutboxEntry,
  type OutgoingEmail,
} from './notifications.service.js';
export { fillTemplate, type MessageTemplate } from './templates.js';
export { smtpTransport, type MailTransport } from './mail-transport.js';
export { registerOutboxPage } from './notifications.pages.js';
