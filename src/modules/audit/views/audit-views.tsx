import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukPagination } from '../../../platform/views/govuk/pagination.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { AuditEntryView, VerifyResult } from '../audit.service.js';
import { describeBreak } from '../audit-chain.js';

export function AuditLogPage(props: {
  ctx: PageContext;
  entries: AuditEntryView[];
  action: string;
  page: number;
  hasMore: boolean;
  verified?: VerifyResult;
}): JSX.Element {
  const { ctx, entries, verified } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const href = (page: number) =>
    `/staff/audit?${new URLSearchParams({ ...(props.action ? { action: props.action } : {}), page: String(page) }).toString()}`;
  return (
    <Layout ctx={ctx} title={t('audit:title')}>
      {verified ? (
        verified.intact ? (
          <GovukNotificationBanner
            type="success"
            titleText={t('audit:verify.title')}
            text={t('audit:verify.intact', { count: verified.checked, head: verified.headHash })}
          />
        ) : (
          <GovukNotificationBanner
            role="alert"
            titleText={t('audit:verify.title')}
            text={t('audit:verify.broken', {
              problem: verified.broken ? describeBreak(verified.broken) : '',
            })}
          />
        )
      ) : (
        ''
      )}
      <h1 class="govuk-heading-l" safe>
        {t('audit:title')}
      </h1>
      <p class="govuk-body" safe>
        {t('audit:lead')}
      </p>
      <form method="post" action="/staff/audit/verify">
        <CsrfField ctx={ctx} />
        <GovukButton text={t('audit:verify.button')} classes="govuk-button--secondary" />
      </form>
      <form method="get" action="/staff/audit" class="plaza-search govuk-!-margin-bottom-6">
        <GovukInput
          id="action"
          name="action"
          value={props.action}
          label={{ text: t('audit:filter'), classes: 'govuk-label--s' }}
          hint={{ text: t('audit:filterHint') }}
          spellcheck={false}
        />
        <GovukButton text={t('audit:apply')} classes="govuk-button--secondary" />
      </form>
      {entries.length === 0 ? (
        <p class="govuk-body" role="status" safe>
          {t('audit:empty')}
        </p>
      ) : (
        <GovukTable
          caption={t('audit:title')}
          captionClasses="govuk-visually-hidden"
          head={[
            { text: t('audit:columns.seq'), format: 'numeric' },
            { text: t('audit:columns.when') },
            { text: t('audit:columns.who') },
            { text: t('audit:columns.what') },
            { text: t('audit:columns.subject') },
            { text: t('audit:columns.details') },
          ]}
          rows={entries.map((entry) => [
            { text: String(entry.seq), format: 'numeric' },
            { text: format.dateTime(entry.occurredAt) },
            { text: entry.actorName ?? t(`audit:actors.${entry.actorType}`) },
            { text: entry.action },
            { text: entry.subjectType ? `${entry.subjectType} ${entry.subjectId ?? ''}` : '' },
            {
              html: `<code class="plaza-audit-details">${Html.escapeHtml(JSON.stringify(entry.details))}</code>`,
            },
          ])}
        />
      )}
      {props.page > 1 || props.hasMore ? (
        <GovukPagination
          landmarkLabel={t('audit:pagination')}
          previous={props.page > 1 ? { href: href(props.page - 1), text: t('audit:newer') } : undefined}
          next={props.hasMore ? { href: href(props.page + 1), text: t('audit:older') } : undefined}
        />
      ) : (
        ''
      )}
    </Layout>
  );
}
