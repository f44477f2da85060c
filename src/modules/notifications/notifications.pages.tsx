/**
 * The development outbox: every message Plaza would send, readable in the browser, so a developer or a
 * demo can sign in and follow notifications without a mail server. Never registered in production.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../database.js';
import type { KeyRing } from '../../platform/crypto/key-ring.js';
import { Layout } from '../../platform/views/layout.js';
import { formatters } from '../../platform/views/page-context.js';
import { GovukTag } from '../../platform/views/govuk/tag.js';
import { recentOutbox } from './notifications.service.js';

export function registerOutboxPage(app: FastifyInstance, deps: { db: Db; keyRing: KeyRing }): void {
  app.get('/dev/outbox', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const format = formatters(ctx);
    const messages = await recentOutbox(deps.db, deps.keyRing, 50);
    return reply.page(
      <Layout ctx={ctx} title={t('notifications:outbox.title')}>
        <h1 class="govuk-heading-l" safe>
          {t('notifications:outbox.title')}
        </h1>
        <p class="govuk-body" safe>
          {t('notifications:outbox.lead')}
        </p>
        {messages.length === 0 ? (
          <p class="govuk-body" safe>
            {t('notifications:outbox.empty')}
          </p>
        ) : (
          messages.map((message) => (
            <article class="plaza-email" aria-labelledby={`message-${message.id}`}>
              <h2 class="govuk-heading-s" id={`message-${message.id}`} safe>
                {message.subject}
              </h2>
              <p class="govuk-body-s">
                <span safe>{t('notifications:outbox.to', { recipient: message.recipient })}</span> ·{' '}
                <span safe>{format.dateTime(message.createdAt)}</span> ·{' '}
                <GovukTag
                  text={t(`notifications:outbox.status.${message.status}`)}
                  classes="govuk-tag--grey"
                />
              </p>
              <p class="govuk-body plaza-pre-line" safe>
                {message.body}
              </p>
            </article>
          ))
        )}
      </Layout>,
    );
  });
}
