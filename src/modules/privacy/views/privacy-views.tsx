/** The citizen's "your data" pages (download, erasure) and the staff page that exports a person's data. */
import { fieldError } from '../../../platform/views/form-fields.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukCheckboxes } from '../../../platform/views/govuk/checkboxes.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukPanel } from '../../../platform/views/govuk/panel.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTextarea } from '../../../platform/views/govuk/textarea.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { ErasureSummary } from '../erasure.js';
import type { SubjectFound } from '../subject-access.js';

type Errors = Record<string, string>;

const summaryOf = (errors: Errors | undefined, ids: Record<string, string> = {}) =>
  errors && Object.keys(errors).length > 0
    ? Object.entries(errors).map(([field, text]) => ({ href: `#${ids[field] ?? field}`, text }))
    : undefined;

export function YourDataPage({ ctx }: { ctx: PageContext }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy:yourData.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('privacy:yourData.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('privacy:yourData.intro', { organisation: ctx.branding.organisationName })}
          </p>
          <ul class="govuk-list govuk-list--bullet">
            {(['account', 'applications', 'drafts', 'files', 'sessions', 'emails'] as const).map((item) => (
              <li safe>{t(`privacy:yourData.holds.${item}`)}</li>
            ))}
          </ul>
          <p class="govuk-body" safe>
            {t('privacy:yourData.protection')}
          </p>
          <h2 class="govuk-heading-m" safe>
            {t('privacy:yourData.downloadHeading')}
          </h2>
          <p class="govuk-body" safe>
            {t('privacy:yourData.downloadBody')}
          </p>
          <GovukButton text={t('privacy:yourData.download')} href="/account/data/download" />
          <h2 class="govuk-heading-m" safe>
            {t('privacy:yourData.eraseHeading')}
          </h2>
          <p class="govuk-body" safe>
            {t('privacy:yourData.eraseBody')}
          </p>
          <GovukButton
            text={t('privacy:yourData.erase')}
            href="/account/data/erase"
            classes="govuk-button--warning"
          />
        </div>
      </div>
    </Layout>
  );
}

export function ErasePage(props: { ctx: PageContext; summary: ErasureSummary; error?: string }): JSX.Element {
  const { ctx, summary } = props;
  const { t } = ctx;
  const errors = props.error ? { confirm: props.error } : undefined;
  return (
    <Layout ctx={ctx} title={t('privacy:erase.title')} errors={summaryOf(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('privacy:erase.title')}
          </h1>
          <GovukSummaryList
            rows={[
              {
                key: { text: t('privacy:erase.closedCases') },
                value: { text: t('privacy:erase.closedCasesValue', { count: summary.closedCases }) },
              },
              {
                key: { text: t('privacy:erase.openCases') },
                value: { text: t('privacy:erase.openCasesValue', { count: summary.openCases }) },
              },
              {
                key: { text: t('privacy:erase.drafts') },
                value: { text: t('privacy:erase.draftsValue', { count: summary.drafts }) },
              },
            ]}
          />
          <p class="govuk-body" safe>
            {t('privacy:erase.account')}
          </p>
          <p class="govuk-body" safe>
            {t('privacy:erase.followedReports')}
          </p>
          <p class="govuk-body" safe>
            {t('privacy:erase.kept')}
          </p>
          <GovukWarningText
            text={t('privacy:erase.warning')}
            iconFallbackText={t('privacy:reveal.warningPrefix')}
          />
          <p class="govuk-body">
            <a class="govuk-link" href="/account/data/download" safe>
              {t('privacy:erase.downloadFirst')}
            </a>
          </p>
          <form method="post" action="/account/data/erase" novalidate>
            <CsrfField ctx={ctx} />
            <GovukCheckboxes
              name="confirm"
              idPrefix="confirm"
              errorMessage={fieldError(ctx, errors, 'confirm')}
              items={[{ value: 'yes', text: t('privacy:erase.confirm') }]}
            />
            <GovukButton text={t('privacy:erase.button')} classes="govuk-button--warning" />
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function ErasedPage({ ctx }: { ctx: PageContext }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy:erased.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <GovukPanel titleText={t('privacy:erased.title')} />
          <p class="govuk-body" safe>
            {t('privacy:erased.body')}
          </p>
          <p class="govuk-body" safe>
            {t('privacy:erased.open')}
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function StaffSubjectPage(props: {
  ctx: PageContext;
  values?: Record<string, string>;
  errors?: Errors;
  found?: SubjectFound;
}): JSX.Element {
  const { ctx, found } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const values = props.values ?? {};
  return (
    <Layout ctx={ctx} title={t('privacy:staff.title')} errors={summaryOf(props.errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('privacy:staff.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('privacy:staff.intro')}
          </p>
          {found ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('privacy:staff.foundHeading', { email: found.email })}
              </h2>
              <GovukSummaryList
                rows={[
                  {
                    key: { text: t('privacy:staff.account') },
                    value: {
                      text: found.account
                        ? t('privacy:staff.accountSince', {
                            date: format.date(found.account.createdAt),
                            lastSignIn: found.account.lastSignedInAt
                              ? format.dateTime(found.account.lastSignedInAt)
                              : t('privacy:staff.never'),
                          })
                        : t('privacy:staff.noAccount'),
                    },
                  },
                  {
                    key: { text: t('privacy:staff.applications') },
                    value: { text: format.number(found.applications) },
                  },
                  { key: { text: t('privacy:staff.drafts') }, value: { text: format.number(found.drafts) } },
                ]}
              />
              {found.account || found.applications > 0 ? (
                <form method="post" action="/staff/privacy/export" novalidate>
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="email" value={found.email} />
                  <GovukTextarea
                    id="reason"
                    name="reason"
                    rows={2}
                    value={values.reason ?? ''}
                    label={{ text: t('privacy:staff.reasonLabel'), classes: 'govuk-label--s' }}
                    hint={{ text: t('privacy:staff.reasonHint') }}
                    errorMessage={fieldError(ctx, props.errors, 'reason')}
                  />
                  <GovukButton text={t('privacy:staff.export')} />
                </form>
              ) : (
                <p class="govuk-body" safe>
                  {t('privacy:staff.nothing')}
                </p>
              )}
            </>
          ) : (
            ''
          )}
          <form method="post" action="/staff/privacy" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="email"
              name="email"
              type="email"
              autocomplete="off"
              spellcheck={false}
              value={found ? '' : (values.email ?? '')}
              label={{ text: t('privacy:staff.emailLabel'), classes: 'govuk-label--s' }}
              errorMessage={fieldError(ctx, props.errors, 'email')}
            />
            <GovukButton text={t('privacy:staff.find')} classes={found ? 'govuk-button--secondary' : ''} />
          </form>
        </div>
      </div>
    </Layout>
  );
}
