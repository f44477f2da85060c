/**
 * Messages to the citizen about their case: the service's own template for the event when it has one,
 * Plaza's default wording otherwise, filled with the case's values.
 */
import type { Db } from '../../database.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import type { NotificationEvent, ResolvedService } from '../catalogue/index.js';
import { fillTemplate, type Notifier } from '../notifications/index.js';

export interface CitizenMessageContext {
  notifier: Notifier;
  translator: Translator;
  baseUrl: string;
  organisationName: string;
}

export interface CaseForMessage {
  id: string;
  reference: string;
  recipient: string | null;
  service: ResolvedService;
  stateLabel: string;
}

export async function notifyCitizen(
  context: CitizenMessageContext,
  trx: Db,
  target: CaseForMessage,
  event: NotificationEvent,
  values: { reason?: string; message?: string } = {},
): Promise<void> {
  if (!target.recipient) return;
  const { t } = context.translator;
  const template = target.service.notifications[event] ?? {
    subject: t(`notifications:defaults.${event}.subject`),
    body: t(`notifications:defaults.${event}.body`),
  };
  const filled = fillTemplate(template, {
    reference: target.reference,
    service: target.service.title,
    status: target.stateLabel,
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
