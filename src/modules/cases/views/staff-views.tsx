import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukPagination } from '../../../platform/views/govuk/pagination.js';
import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { GovukTextarea } from '../../../platform/views/govuk/textarea.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout, type ErrorSummaryEntry } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { fieldError } from '../../../platform/views/form-fields.js';
import { PersonalDataPanel } from '../../privacy/index.js';
import type { ChangeSince, QueueFilters, QueuePage, StaffCaseView } from '../cases.service.js';
import { AnswersSummary, DocumentList, SlaTag, Timeline } from './case-parts.js';

export interface QueueViewProps {
  ctx: PageContext;
  departments: { id: string; name: string }[];
  department: { id: string; name: string };
  filters: QueueFilters;
  queue: QueuePage;
  services: { value: string; label: string }[];
  states: { value: string; label: string }[];
  colleagues: { id: string; name: string | null }[];
  notice?: string;
}

function queueHref(filters: QueueFilters, page: number): string {
  const query = new URLSearchParams({ department: filters.departmentId, include: filters.include });
  if (filters.service) query.set('service', filters.service);
  if (filters.state) query.set('state', filters.state);
  if (filters.assignee) query.set('assignee', filters.assignee);
  if (page > 1) query.set('page', String(page));
  return `/staff/queue?${query.toString()}`;
}

export function QueuePageView(props: QueueViewProps): JSX.Element {
  const { ctx, filters, queue } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize), queue.page);
  // Past the counted limit, a full page means there may be another.
  const hasNext = queue.page < pages || (queue.moreThanTotal && queue.items.length === queue.pageSize);
  const first = queue.total === 0 ? 0 : (queue.page - 1) * queue.pageSize + 1;
  const last = (queue.page - 1) * queue.pageSize + queue.items.length;
  return (
    <Layout ctx={ctx} title={t('cases:queue.title', { department: props.department.name })}>
      {props.notice ? (
        <GovukNotificationBanner type="success" titleText={t('cases:case.success')} text={props.notice} />
      ) : (
        ''
      )}
      <h1 class="govuk-heading-l" safe>
        {t('cases:queue.title', { department: props.department.name })}
      </h1>
      <form
        method="get"
        action="/staff/queue"
        class="plaza-queue-filters"
        aria-label={t('cases:queue.filters')}
      >
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-quarter">
            <GovukSelect
              id="department"
              name="department"
              label={{ text: t('cases:queue.department') }}
              value={props.department.id}
              items={props.departments.map((department) => ({ value: department.id, text: department.name }))}
            />
          </div>
          <div class="govuk-grid-column-one-quarter">
            <GovukSelect
              id="service"
              name="service"
              label={{ text: t('cases:queue.service') }}
              value={filters.service ?? ''}
              items={[
                { value: '', text: t('cases:queue.anyService') },
                ...props.services.map((service) => ({ value: service.value, text: service.label })),
              ]}
            />
          </div>
          <div class="govuk-grid-column-one-quarter">
            <GovukSelect
              id="state"
              name="state"
              label={{ text: t('cases:queue.status') }}
              value={filters.state ?? ''}
              items={[
                { value: '', text: t('cases:queue.anyStatus') },
                ...props.states.map((state) => ({ value: state.value, text: state.label })),
              ]}
            />
          </div>
          <div class="govuk-grid-column-one-quarter">
            <GovukSelect
              id="assignee"
              name="assignee"
              label={{ text: t('cases:queue.assignee') }}
              value={filters.assignee ?? ''}
              items={[
                { value: '', text: t('cases:queue.anyone') },
                { value: 'me', text: t('cases:queue.me') },
                { value: 'unassigned', text: t('cases:queue.unassigned') },
                ...props.colleagues.map((colleague) => ({
                  value: colleague.id,
                  text: colleague.name ?? colleague.id,
                })),
              ]}
            />
          </div>
        </div>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-quarter">
            <GovukSelect
              id="include"
              name="include"
              label={{ text: t('cases:queue.include') }}
              value={filters.include}
              items={[
                { value: 'open', text: t('cases:queue.open') },
                { value: 'closed', text: t('cases:queue.closed') },
                { value: 'all', text: t('cases:queue.all') },
              ]}
            />
          </div>
          <div class="govuk-grid-column-three-quarters">
            <GovukButton
              text={t('cases:queue.apply')}
              classes="govuk-button--secondary govuk-!-margin-top-6"
            />
          </div>
        </div>
      </form>
      <p class="govuk-body" role="status" safe>
        {queue.total === 0
          ? t('cases:queue.empty')
          : t(queue.moreThanTotal ? 'cases:queue.showingMany' : 'cases:queue.showing', {
              first: format.number(first),
              last: format.number(last),
              total: format.number(queue.total),
            })}
      </p>
      {queue.total > 0 ? (
        <GovukTable
          caption={t('cases:queue.caption')}
          captionClasses="govuk-visually-hidden"
          head={[
            { text: t('cases:queue.columns.reference') },
            { text: t('cases:queue.columns.service') },
            { text: t('cases:queue.columns.status') },
            { text: t('cases:queue.columns.assignee') },
            { text: t('cases:queue.columns.submitted') },
            { text: t('cases:queue.columns.due'), attributes: { 'aria-sort': 'ascending' } },
          ]}
          rows={queue.items.map((item) => [
            {
              html: `<a class="govuk-link" href="/staff/cases/${item.reference}">${Html.escapeHtml(item.reference)}</a>`,
            },
            { text: item.serviceTitle },
            { text: item.stateLabel },
            { text: item.assignee ? (item.assignee.name ?? '') : t('cases:queue.unassigned') },
            { text: format.date(item.submittedAt) },
            {
              html: `${item.slaDueAt ? Html.escapeHtml(format.date(item.slaDueAt)) : ''} ${
                item.sla === 'on_track' ? '' : ((<SlaTag ctx={ctx} status={item.sla} />) as string)
              }`,
            },
          ])}
        />
      ) : (
        ''
      )}
      {pages > 1 || hasNext ? (
        <GovukPagination
          landmarkLabel={t('cases:queue.pagination')}
          previous={
            queue.page > 1
              ? { href: queueHref(filters, queue.page - 1), text: t('cases:queue.previous') }
              : undefined
          }
          next={
            hasNext ? { href: queueHref(filters, queue.page + 1), text: t('cases:queue.next') } : undefined
          }
          items={pageNumbers(queue.page, pages).map((number) =>
            number === null
              ? { ellipsis: true }
              : { number, href: queueHref(filters, number), current: number === queue.page },
          )}
        />
      ) : (
        ''
      )}
    </Layout>
  );
}

/** Page links around the current page, with gaps: 1 … 4 5 6 … 20. */
export function pageNumbers(current: number, total: number): (number | null)[] {
  const wanted = new Set(
    [1, total, current - 1, current, current + 1].filter((page) => page >= 1 && page <= total),
  );
  const sorted = [...wanted].sort((a, b) => a - b);
  const result: (number | null)[] = [];
  sorted.forEach((page, index) => {
    if (index > 0 && page - (sorted[index - 1] as number) > 1) result.push(null);
    result.push(page);
  });
  return result;
}

export interface CasePageProps {
  ctx: PageContext;
  view: StaffCaseView;
  errors?: ErrorSummaryEntry[];
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  conflict?: { message: string; changes: (ChangeSince & { description: string })[] };
  notice?: string;
  /** Sections other modules add for the cases they know (see StaffCasePanel). */
  panels?: JSX.Element[];
}

export function CasePageView(props: CasePageProps): JSX.Element {
  const { ctx, view } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const workflow = view.service.definition.resolvedWorkflow;
  const stateLabel = (state: string): string => workflow.states[state]?.label ?? state;
  const errorOf = (id: string) => fieldError(ctx, props.fieldErrors, id);
  const fileHref = (id: string) => `/staff/cases/${view.reference}/files/${id}`;
  return (
    <Layout ctx={ctx} title={t('cases:case.title', { reference: view.reference })} errors={props.errors}>
      {props.conflict ? (
        <GovukNotificationBanner
          titleText={t('cases:conflict.title')}
          role="alert"
          html={
            (
              <>
                <p class="govuk-notification-banner__heading" safe>
                  {props.conflict.message}
                </p>
                <ul class="govuk-list govuk-list--bullet">
                  {props.conflict.changes.map((change) => (
                    <li>
                      <span safe>{change.description}</span> (
                      <span safe>{format.dateTime(change.occurredAt)}</span>)
                    </li>
                  ))}
                </ul>
              </>
            ) as string
          }
        />
      ) : props.notice ? (
        <GovukNotificationBanner type="success" titleText={t('cases:case.success')} text={props.notice} />
      ) : (
        ''
      )}
      <span class="govuk-caption-l" safe>
        {view.reference}
      </span>
      <h1 class="govuk-heading-l" safe>
        {view.service.definition.title}
      </h1>
      <p class="govuk-body">
        <GovukTag text={view.stateLabel} classes={view.closedAt ? 'govuk-tag--grey' : 'govuk-tag--blue'} />{' '}
        <SlaTag ctx={ctx} status={view.sla} />
      </p>
      <GovukSummaryList
        rows={[
          { key: { text: t('cases:case.status') }, value: { text: view.stateLabel } },
          { key: { text: t('cases:case.submitted') }, value: { text: format.dateTime(view.submittedAt) } },
          {
            key: { text: t('cases:case.due') },
            value: {
              text: view.slaDueAt ? `${format.date(view.slaDueAt)} (${t(`cases:sla.${view.sla}`)})` : '',
            },
          },
          {
            key: { text: t('cases:case.assignee') },
            value: { text: view.assignee?.name ?? t('cases:queue.unassigned') },
          },
          {
            key: { text: t('cases:case.contact') },
            value: {
              text: view.personalData.anonymisedAt
                ? t('privacy:erasedValue')
                : view.personalData.hidden
                  ? t('privacy:hidden')
                  : (view.contactEmail ?? ''),
            },
          },
          view.assistedBy
            ? {
                key: { text: t('cases:case.received') },
                value: {
                  text: t('cases:case.receivedAssisted', {
                    channel: t(`cases:channel.${view.channel}`),
                    name: view.assistedBy.name ?? t('cases:someone'),
                  }),
                },
              }
            : undefined,
          // A report keeps the citizen's details on its contact page instead (the report panel shows them).
          view.assistedBy && view.service.definition.kind === 'application'
            ? {
                key: { text: t('cases:case.assistedCitizen') },
                value: {
                  text: view.personalData.anonymisedAt
                    ? t('privacy:erasedValue')
                    : view.personalData.hidden
                      ? t('privacy:hidden')
                      : [view.assistedCitizen?.name, view.assistedCitizen?.phone].filter(Boolean).join(', '),
                },
              }
            : undefined,
          {
            key: { text: t('cases:case.assurance') },
            value: {
              text: view.assistedBy
                ? t('cases:assurance.assisted')
                : view.assurance
                  ? t(`cases:assurance.${view.assurance}`)
                  : view.citizenUserId
                    ? t('cases:assurance.unrecorded')
                    : t('cases:assurance.notSignedIn'),
            },
          },
          view.decision
            ? {
                key: { text: t('cases:case.decision') },
                value: {
                  text: `${t(`cases:decision.${view.decision}`)}${view.decisionReason ? `: ${view.decisionReason}` : ''}`,
                },
              }
            : undefined,
        ].filter((row) => row !== undefined)}
      />
      {props.panels?.length ? <>{props.panels as 'safe'[]}</> : ''}
      {view.canWork && !view.closedAt ? (
        <section aria-labelledby="actions-heading" class="govuk-!-margin-bottom-8">
          <h2 class="govuk-heading-m" id="actions-heading" safe>
            {t('cases:case.actions')}
          </h2>
          <form method="post" action={`/staff/cases/${view.reference}/assignment`} novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(view.version)} />
            <GovukSelect
              id="assignee"
              name="assignee"
              label={{ text: t('cases:case.assignTo'), classes: 'govuk-label--s' }}
              value={view.assignee?.id ?? ''}
              errorMessage={errorOf('assignee')}
              items={[
                { value: '', text: t('cases:queue.unassigned') },
                ...view.colleagues.map((colleague) => ({
                  value: colleague.id,
                  text: colleague.name ?? colleague.id,
                })),
              ]}
            />
            <div class="govuk-button-group">
              <GovukButton text={t('cases:case.assign')} classes="govuk-button--secondary" />
              {view.assignee?.id === ctx.user?.id ? (
                ''
              ) : (
                <GovukButton
                  text={t('cases:case.assignToMe')}
                  classes="govuk-button--secondary"
                  name="assign_to_me"
                  value="1"
                />
              )}
            </div>
          </form>
          {view.transitions.map((transition) => {
            const to = workflow.states[transition.to];
            const field =
              transition.action === 'request_information'
                ? 'message'
                : transition.requiresReason
                  ? 'reason'
                  : to?.public
                    ? 'message'
                    : undefined;
            const id = `${transition.id}-${field ?? 'submit'}`;
            return (
              <form
                method="post"
                action={`/staff/cases/${view.reference}/transitions`}
                novalidate
                class="govuk-!-margin-bottom-6"
              >
                <CsrfField ctx={ctx} />
                <input type="hidden" name="version" value={String(view.version)} />
                <input type="hidden" name="transition" value={transition.id} />
                {field ? (
                  <GovukTextarea
                    id={id}
                    name={field}
                    rows={3}
                    value={props.values?.transition === transition.id ? (props.values[field] ?? '') : ''}
                    label={{ text: transition.label, classes: 'govuk-label--s' }}
                    hint={{
                      text: t(
                        transition.action === 'request_information'
                          ? 'cases:case.requestHint'
                          : transition.requiresReason
                            ? 'cases:case.reasonHint'
                            : 'cases:case.messageHint',
                      ),
                    }}
                    errorMessage={errorOf(id)}
                  />
                ) : (
                  ''
                )}
                <GovukButton
                  text={transition.label}
                  classes={
                    to?.outcome === 'rejected'
                      ? 'govuk-button--warning'
                      : to?.outcome === 'approved'
                        ? ''
                        : 'govuk-button--secondary'
                  }
                />
              </form>
            );
          })}
          <form method="post" action={`/staff/cases/${view.reference}/notes`} novalidate>
            <CsrfField ctx={ctx} />
            <GovukTextarea
              id="note"
              name="note"
              rows={3}
              value={props.values?.note ?? ''}
              label={{ text: t('cases:case.noteLabel'), classes: 'govuk-label--s' }}
              hint={{ text: t('cases:case.noteHint') }}
              errorMessage={errorOf('note')}
            />
            <GovukButton text={t('cases:case.addNote')} classes="govuk-button--secondary" />
          </form>
        </section>
      ) : (
        ''
      )}
      <PersonalDataPanel
        ctx={ctx}
        action={`/staff/cases/${view.reference}/personal-data`}
        hidden={view.personalData.hidden}
        revealedUntil={view.personalData.revealedUntil}
        anonymisedAt={view.personalData.anonymisedAt}
        error={props.fieldErrors?.['reveal-reason']}
        reason={props.fieldErrors?.['reveal-reason'] ? props.values?.reason : undefined}
      />
      <h2 class="govuk-heading-m" safe>
        {t('cases:case.answers')}
      </h2>
      <AnswersSummary
        ctx={ctx}
        service={view.service.definition}
        answers={view.answers}
        fileHref={fileHref}
        withheld={{ hidden: view.personalData.hiddenAnswers, erased: view.personalData.erasedAnswers }}
      />
      <h2 class="govuk-heading-m" safe>
        {t('cases:case.documents')}
      </h2>
      {view.personalData.hiddenFiles > 0 ? (
        <p class="govuk-body" safe>
          {t('privacy:reveal.filesHidden', { count: view.personalData.hiddenFiles })}
        </p>
      ) : (
        <DocumentList ctx={ctx} files={view.documents} hrefFor={fileHref} />
      )}
      {view.informationRequests.length > 0 ? (
        <>
          <h2 class="govuk-heading-m" safe>
            {t('cases:case.informationRequests')}
          </h2>
          {view.informationRequests.map((request) => (
            <div class="govuk-inset-text">
              <p class="govuk-body govuk-!-font-weight-bold plaza-pre-line" safe>
                {request.question}
              </p>
              {request.respondedAt ? (
                <>
                  <p class={`govuk-body plaza-pre-line${request.responseHidden ? ' govuk-hint' : ''}`} safe>
                    {request.responseHidden ? t('privacy:hidden') : (request.response ?? '')}
                  </p>
                  <DocumentList ctx={ctx} files={request.files} hrefFor={fileHref} />
                </>
              ) : (
                <p class="govuk-body" safe>
                  {t('cases:case.awaitingResponse')}
                </p>
              )}
            </div>
          ))}
        </>
      ) : (
        ''
      )}
      <h2 class="govuk-heading-m" safe>
        {t('cases:case.history')}
      </h2>
      <Timeline ctx={ctx} events={view.events} stateLabel={stateLabel} audience="staff" />
    </Layout>
  );
}
