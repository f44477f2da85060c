import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukFileUpload } from '../../../platform/views/govuk/file-upload.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { GovukTextarea } from '../../../platform/views/govuk/textarea.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { fieldError } from '../../../platform/views/form-fields.js';
import { AnswersSummary, DocumentList, Timeline, type CaseDetail } from '../../cases/index.js';
import type { Draft } from '../applications.service.js';

export interface CitizenCaseSummary {
  reference: string;
  serviceTitle: string;
  status: string;
  submittedAt: Date;
  updatedAt: Date;
  closed: boolean;
}

export function MyApplicationsPage(props: {
  ctx: PageContext;
  drafts: Draft[];
  cases: CitizenCaseSummary[];
  continueHref: (draft: Draft) => string;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  return (
    <Layout ctx={ctx} title={t('applications:account.title')}>
      <h1 class="govuk-heading-l" safe>
        {t('applications:account.title')}
      </h1>
      <h2 class="govuk-heading-m" safe>
        {t('applications:account.sent')}
      </h2>
      {props.cases.length === 0 ? (
        <p class="govuk-body" safe>
          {t('applications:account.noneSent')}
        </p>
      ) : (
        <GovukTable
          caption={t('applications:account.sent')}
          captionClasses="govuk-visually-hidden"
          head={[
            { text: t('applications:account.columns.service') },
            { text: t('applications:account.columns.reference') },
            { text: t('applications:account.columns.submitted') },
            { text: t('applications:account.columns.status') },
          ]}
          rows={props.cases.map((item) => [
            {
              html: `<a class="govuk-link" href="/account/applications/${item.reference}">${Html.escapeHtml(item.serviceTitle)}</a>`,
            },
            { text: item.reference },
            { text: format.date(item.submittedAt) },
            {
              html: (
                <GovukTag text={item.status} classes={item.closed ? 'govuk-tag--grey' : 'govuk-tag--blue'} />
              ) as string,
            },
          ])}
        />
      )}
      <h2 class="govuk-heading-m" safe>
        {t('applications:account.inProgress')}
      </h2>
      {props.drafts.length === 0 ? (
        <p class="govuk-body" safe>
          {t('applications:account.noDrafts')}
        </p>
      ) : (
        <GovukSummaryList
          rows={props.drafts.map((draft) => ({
            key: { text: draft.service.definition.title },
            value: { text: t('applications:account.draftExpires', { date: format.date(draft.expiresAt) }) },
            actions: {
              items: [
                {
                  href: props.continueHref(draft),
                  text: t('applications:account.continue'),
                  visuallyHiddenText: draft.service.definition.title,
                },
              ],
            },
          }))}
        />
      )}
      <p class="govuk-body">
        <a class="govuk-link" href="/" safe>
          {t('applications:account.applyForAnother')}
        </a>
      </p>
    </Layout>
  );
}

export function ApplicationDetailPage(props: {
  ctx: PageContext;
  view: CaseDetail;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  notice?: string;
  /** Why what the citizen just did was not done. */
  problem?: string;
}): JSX.Element {
  const { ctx, view } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const workflow = view.service.definition.resolvedWorkflow;
  const stateLabel = (state: string): string =>
    workflow.states[state]?.publicLabel ?? workflow.states[state]?.label ?? state;
  // A closed application takes no more answers, so its open questions are not offered.
  const open = view.closedAt ? [] : view.informationRequests.filter((request) => !request.respondedAt);
  const fileHref = (id: string) => `/account/applications/${view.reference}/files/${id}`;
  const errors = props.errors ?? {};
  return (
    <Layout
      ctx={ctx}
      title={`${view.service.definition.title} – ${view.reference}`}
      errors={Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }))}
    >
      {props.problem ? (
        <GovukNotificationBanner
          role="alert"
          titleText={t('applications:detail.problem')}
          text={props.problem}
        />
      ) : props.notice ? (
        <GovukNotificationBanner
          type="success"
          titleText={t('applications:detail.success')}
          text={props.notice}
        />
      ) : (
        ''
      )}
      <span class="govuk-caption-l" safe>
        {view.reference}
      </span>
      <h1 class="govuk-heading-l" safe>
        {view.service.definition.title}
      </h1>
      <GovukSummaryList
        rows={[
          {
            key: { text: t('applications:detail.status') },
            value: {
              html: (
                <GovukTag
                  text={view.publicStateLabel}
                  classes={view.closedAt ? 'govuk-tag--grey' : 'govuk-tag--blue'}
                />
              ) as string,
            },
          },
          {
            key: { text: t('applications:detail.submitted') },
            value: { text: format.dateTime(view.submittedAt) },
          },
          view.decisionReason
            ? { key: { text: t('applications:detail.reason') }, value: { text: view.decisionReason } }
            : undefined,
        ].filter((row) => row !== undefined)}
      />
      {open.map((request) => (
        <section class="govuk-!-margin-bottom-8" aria-labelledby={`request-${request.id}`}>
          <h2 class="govuk-heading-m" id={`request-${request.id}`} safe>
            {t('applications:detail.requestHeading')}
          </h2>
          <div class="govuk-inset-text plaza-pre-line" safe>
            {request.question}
          </div>
          <form
            method="post"
            action={`/account/applications/${view.reference}/requests/${request.id}`}
            enctype="multipart/form-data"
            novalidate
          >
            <CsrfField ctx={ctx} />
            <GovukTextarea
              id="response"
              name="response"
              rows={5}
              value={props.values?.response ?? ''}
              label={{ text: t('applications:detail.responseLabel'), classes: 'govuk-label--s' }}
              errorMessage={fieldError(ctx, errors, 'response')}
            />
            <GovukFileUpload
              id="files"
              name="files"
              multiple={true}
              label={{ text: t('applications:detail.filesLabel'), classes: 'govuk-label--s' }}
              hint={{ text: t('applications:detail.filesHint') }}
              errorMessage={fieldError(ctx, errors, 'files')}
            />
            <GovukButton text={t('applications:detail.sendResponse')} preventDoubleClick={true} />
          </form>
        </section>
      ))}
      <h2 class="govuk-heading-m" safe>
        {t('applications:detail.history')}
      </h2>
      <Timeline ctx={ctx} events={view.events} stateLabel={stateLabel} audience="citizen" />
      {view.informationRequests.some((request) => request.respondedAt) ? (
        <>
          <h2 class="govuk-heading-m" safe>
            {t('applications:detail.yourResponses')}
          </h2>
          {view.informationRequests
            .filter((request) => request.respondedAt)
            .map((request) => (
              <div class="govuk-inset-text">
                <p class="govuk-body govuk-!-font-weight-bold plaza-pre-line" safe>
                  {request.question}
                </p>
                <p class="govuk-body plaza-pre-line" safe>
                  {request.response ?? ''}
                </p>
                <DocumentList ctx={ctx} files={request.files} hrefFor={fileHref} />
              </div>
            ))}
        </>
      ) : (
        ''
      )}
      <h2 class="govuk-heading-m" safe>
        {t('applications:detail.answers')}
      </h2>
      <AnswersSummary
        ctx={ctx}
        service={view.service.definition}
        answers={view.answers}
        fileHref={fileHref}
      />
    </Layout>
  );
}
