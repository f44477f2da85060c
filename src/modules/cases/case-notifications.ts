/**
 * Messages to the citizen about their case: the service's own template for the event when it has one,
 * Plaza's default wording otherwise, filled with the case's values, in the language the citizen used when
 * they applied (whoever acts on the case, in whatever language).
 */
import type { Db } from '../../database.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { NotificationEvent, PublishedService } from '../catalogue/index.js';
import { fillTemplate, type Notifier } from '../notifications/index.js';

export interface CitizenMessageContext {
  notifier: Notifier;
  translator: (language: string | null) => Translator;
  localise: (service: PublishedService, language: string | null) => PublishedService;
  baseUrl: string;
  organisationName: string;
}

export interface CaseForMessage {
  id: string;
  reference: string;
  recipient: string | null;
  service: PublishedService;
  /** The state the case is now in (its public name goes into the message). */
  state: string;
  /** The language the citizen used; null for the default language. */
  language: string | null;
}

export async function notifyCitizen(
  context: CitizenMessageContext,
  trx: Db,
  target: CaseForMessage,
  event: NotificationEvent,
  values: { reason?: string; message?: string } = {},
): Promise<void> {
  if (!target.recipient) return;
  const { t } = context.translator(target.language);
  const service = context.localise(target.service, target.language).definition;
  const state = service.resolvedWorkflow.states[target.state];
  const template = service.notifications[event] ?? {
    subject: t(`notifications:defaults.${event}.subject`),
    body: t(`notifications:defaults.${event}.body`),
  };
  const filled = fillTemplate(template, {
    reference: target.reference,
    service: service.title,
    status: state ? (state.publicLabel ?? state.label) : target.state,
    reason: values.reason,
    message: values.message,
    link: `${context.baseUrl}/account/applications/${target.reference}`,
    organisation: context.organisationName,
  });
  await context.notifier.queueEmail(trx, {
    recipient: target.recipient,
    subject: filled.subject,
    body: filled.body,
    template: `case.${event}`,
    caseId: target.id,
  });
}
