/**
 * What anyone may see of reports: a report's page (status, public updates, where, a map; never who reported
 * it) and the list of reports with its filters, whose map shows the same results (the list is its text twin).
 */
import { GovukBackLink } from '../../../platform/views/govuk/back-link.js';
import { GovukBreadcrumbs } from '../../../platform/views/govuk/breadcrumbs.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukPagination } from '../../../platform/views/govuk/pagination.js';
import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout, type ErrorSummaryEntry } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { PublicReport, ReportList } from '../reports.service.js';
import { ShowMap, StaticMap, type MapPoint, type MapSettings } from './map-parts.js';

function StatusTag({
  ctx,
  status,
  label,
}: {
  ctx: PageContext;
  status: 'open' | 'closed';
  label: string | null;
}) {
  return (
    <GovukTag
      text={label ?? ctx.t(`reports:status.${status}`)}
      classes={status === 'closed' ? 'govuk-tag--green' : 'govuk-tag--blue'}
    />
  );
}

/** Where a report is, in words. */
export function placeText(
  ctx: PageContext,
  report: { address: string | null; nearestPlace?: string | null; lat: number | null; long: number | null },
): string {
  if (report.address) return report.address;
  if (report.nearestPlace) return ctx.t('reports:public.near', { place: report.nearestPlace });
  if (report.lat !== null && report.long !== null)
    return ctx.t('reports:location.point', { lat: report.lat, long: report.long });
  return ctx.t('reports:public.noLocation');
}

export function PublicReportPage(props: {
  ctx: PageContext;
  report: PublicReport;
  map: MapSettings;
  signedIn: boolean;
  notice?: string;
  followErrors?: Map<string, string>;
  followEmail?: string;
}): JSX.Element {
  const { ctx, report } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const where = placeText(ctx, report);
  const points: MapPoint[] =
    report.lat !== null && report.long !== null
      ? [
          {
            lat: report.lat,
            long: report.long,
            label: report.serviceName,
            closed: report.status === 'closed',
          },
        ]
      : [];
  const errors: ErrorSummaryEntry[] = [...(props.followErrors ?? [])].map(([, text]) => ({
    href: '#email',
    text,
  }));
  const followError = props.followErrors?.get('email');
  return (
    <Layout
      ctx={ctx}
      title={`${report.serviceName} ${report.serviceRequestId}`}
      errors={errors}
      beforeContent={
        <GovukBreadcrumbs
          items={[
            { text: t('catalogue:home.breadcrumb'), href: '/' },
            { text: t('reports:list.title'), href: '/reports' },
          ]}
        />
      }
    >
      {props.notice ? (
        <GovukNotificationBanner type="success" text={props.notice} titleText={t('reports:public.success')} />
      ) : (
        ''
      )}
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l" safe>
            {t('reports:public.caption', { reference: report.serviceRequestId })}
          </span>
          <h1 class="govuk-heading-l" safe>
            {report.serviceName}
          </h1>
          <p class="govuk-body">
            <StatusTag ctx={ctx} status={report.status} label={report.stateLabel} />
          </p>
          {report.duplicateOf ? (
            <p class="govuk-body">
              <span safe>{t('reports:public.duplicateOf')}</span>{' '}
              <a class="govuk-link" href={`/reports/${report.duplicateOf}`} safe>
                {report.duplicateOf}
              </a>
            </p>
          ) : (
            ''
          )}
          <GovukSummaryList
            rows={[
              { key: { text: t('reports:public.where') }, value: { text: where } },
              { key: { text: t('reports:public.description') }, value: { text: report.description ?? '' } },
              {
                key: { text: t('reports:public.reported') },
                value: { text: format.dateTime(report.requestedAt) },
              },
              {
                key: { text: t('reports:public.updated') },
                value: { text: format.dateTime(report.updatedAt) },
              },
              {
                key: { text: t('reports:public.followers') },
                value: { text: t('reports:public.followersCount', { count: report.followersCount }) },
              },
            ]}
          />
          {points.length > 0 ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('reports:public.mapHeading')}
              </h2>
              <StaticMap
                ctx={ctx}
                map={props.map}
                points={points}
                label={t('reports:public.mapLabel', { place: where })}
              />
              <ShowMap
                ctx={ctx}
                map={props.map}
                points={points}
                label={t('reports:public.mapLabel', { place: where })}
              />
            </>
          ) : (
            ''
          )}
          <h2 class="govuk-heading-m" safe>
            {t('reports:public.updates')}
          </h2>
          {report.updates.length === 0 ? (
            <p class="govuk-body" safe>
              {t('reports:public.noUpdates')}
            </p>
          ) : (
            <ol class="govuk-list plaza-report-updates">
              {[...report.updates].reverse().map((update) => (
                <li class="govuk-!-margin-bottom-4">
                  <p class="govuk-body govuk-!-margin-bottom-1">
                    <strong safe>{update.stateLabel ?? t('reports:public.update')}</strong>
                    <span class="govuk-body-s" safe>
                      {` – ${format.dateTime(update.occurredAt)}`}
                    </span>
                  </p>
                  {update.message ? (
                    <p class="govuk-body" safe>
                      {update.message}
                    </p>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ol>
          )}
          {report.status === 'open' ? (
            <>
              <h2 class="govuk-heading-m" id="follow" safe>
                {t('reports:public.followHeading')}
              </h2>
              <p class="govuk-body" safe>
                {t('reports:public.followLead')}
              </p>
              <form method="post" action={`/reports/${report.serviceRequestId}/follow`} novalidate>
                <CsrfField ctx={ctx} />
                {props.signedIn ? (
                  ''
                ) : (
                  <GovukInput
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    spellcheck={false}
                    value={props.followEmail ?? ''}
                    label={{ text: t('reports:public.followEmail') }}
                    errorMessage={
                      followError
                        ? { text: followError, visuallyHiddenText: t('forms:errorPrefix') }
                        : undefined
                    }
                  />
                )}
                <GovukButton text={t('reports:public.followButton')} classes="govuk-button--secondary" />
              </form>
            </>
          ) : (
            ''
          )}
        </div>
      </div>
    </Layout>
  );
}

export interface ListFilterValues {
  type: string;
  status: string;
  area: string;
  from: string;
  to: string;
}

export function ReportListPage(props: {
  ctx: PageContext;
  list: ReportList | undefined;
  filters: ListFilterValues;
  errors: Map<string, string>;
  types: { value: string; label: string }[];
  areas: string[];
  map: MapSettings;
  pageHref: (page: number) => string;
  bboxNote: boolean;
  /** The same reports (type, status, dates) as Open311 JSON, for people who want the data. */
  dataHref: string;
}): JSX.Element {
  const { ctx, list, filters, errors } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const error = (field: string) => {
    const message = errors.get(field);
    return message ? { text: message, visuallyHiddenText: t('forms:errorPrefix') } : undefined;
  };
  const points: MapPoint[] = (list?.items ?? []).flatMap((item) =>
    item.lat !== null && item.long !== null
      ? [
          {
            lat: item.lat,
            long: item.long,
            label: `${item.serviceName} ${item.serviceRequestId}`,
            href: `/reports/${item.serviceRequestId}`,
            closed: item.status === 'closed',
          },
        ]
      : [],
  );
  const pages = list ? Math.max(1, Math.ceil(list.total / list.pageSize)) : 1;
  return (
    <Layout
      ctx={ctx}
      title={t('reports:list.title')}
      errors={[...errors].map(([field, text]) => ({ href: `#${field}`, text }))}
      beforeContent={<GovukBackLink href="/report" text={t('reports:list.reportOne')} />}
    >
      <h1 class="govuk-heading-xl" safe>
        {t('reports:list.title')}
      </h1>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-third">
          <form method="get" action="/reports" novalidate>
            <h2 class="govuk-heading-m" safe>
              {t('reports:list.filter')}
            </h2>
            <GovukSelect
              id="type"
              name="type"
              label={{ text: t('reports:list.type') }}
              value={filters.type}
              items={[
                { value: '', text: t('reports:list.anyType') },
                ...props.types.map((type) => ({ value: type.value, text: type.label })),
              ]}
            />
            <GovukSelect
              id="status"
              name="status"
              label={{ text: t('reports:list.status') }}
              value={filters.status}
              items={[
                { value: '', text: t('reports:list.anyStatus') },
                { value: 'open', text: t('reports:status.open') },
                { value: 'closed', text: t('reports:status.closed') },
              ]}
            />
            <GovukSelect
              id="area"
              name="area"
              label={{ text: t('reports:list.area') }}
              value={filters.area}
              items={[
                { value: '', text: t('reports:list.anyArea') },
                ...props.areas.map((area) => ({ value: area, text: area })),
              ]}
            />
            <GovukInput
              id="from"
              name="from"
              type="date"
              value={filters.from}
              label={{ text: t('reports:list.from') }}
              hint={{ text: t('reports:list.dateHint') }}
              errorMessage={error('from')}
              classes="govuk-input--width-10"
            />
            <GovukInput
              id="to"
              name="to"
              type="date"
              value={filters.to}
              label={{ text: t('reports:list.to') }}
              hint={{ text: t('reports:list.dateHint') }}
              errorMessage={error('to')}
              classes="govuk-input--width-10"
            />
            <GovukButton text={t('reports:list.apply')} classes="govuk-button--secondary" />
            <p class="govuk-body">
              <a class="govuk-link" href="/reports" safe>
                {t('reports:list.clear')}
              </a>
            </p>
          </form>
        </div>
        <div class="govuk-grid-column-two-thirds">
          {props.bboxNote ? (
            <p class="govuk-body" safe>
              {t('reports:list.bboxNote')}
            </p>
          ) : (
            ''
          )}
          {!list ? (
            ''
          ) : list.items.length === 0 ? (
            <p class="govuk-body" role="status" safe>
              {t('reports:list.none')}
            </p>
          ) : (
            <>
              <p class="govuk-body" role="status" safe>
                {list.moreThanTotal
                  ? t('reports:list.countMore', { count: list.total })
                  : t('reports:list.count', { count: list.total })}
              </p>
              <StaticMap
                ctx={ctx}
                map={props.map}
                points={points}
                label={t('reports:list.mapLabel', { count: points.length })}
              />
              <ShowMap
                ctx={ctx}
                map={props.map}
                points={points}
                label={t('reports:list.mapLabel', { count: points.length })}
              />
              <ul class="govuk-list plaza-report-list">
                {list.items.map((item) => (
                  <li class="govuk-!-margin-bottom-6">
                    <h2 class="govuk-heading-s govuk-!-margin-bottom-1">
                      <a class="govuk-link" href={`/reports/${item.serviceRequestId}`} safe>
                        {t('reports:list.itemTitle', {
                          service: item.serviceName,
                          reference: item.serviceRequestId,
                        })}
                      </a>
                    </h2>
                    <p class="govuk-body govuk-!-margin-bottom-1">
                      <StatusTag ctx={ctx} status={item.status} label={item.stateLabel} />
                    </p>
                    <p class="govuk-body govuk-!-margin-bottom-1" safe>
                      {placeText(ctx, item)}
                    </p>
                    {item.description ? (
                      <p class="govuk-body govuk-!-margin-bottom-1" safe>
                        {item.description.length > 200
                          ? `${item.description.slice(0, 200)}…`
                          : item.description}
                      </p>
                    ) : (
                      ''
                    )}
                    <p class="govuk-body-s" safe>
                      {t('reports:list.reportedOn', { date: format.date(item.requestedAt) })}
                    </p>
                  </li>
                ))}
              </ul>
              <p class="govuk-body">
                <a class="govuk-link" href={props.dataHref} safe>
                  {t('reports:list.data')}
                </a>
              </p>
              {pages > 1 ? (
                <GovukPagination
                  previous={
                    list.page > 1
                      ? { href: props.pageHref(list.page - 1), text: t('reports:list.previous') }
                      : undefined
                  }
                  next={
                    list.page < pages
                      ? { href: props.pageHref(list.page + 1), text: t('reports:list.next') }
                      : undefined
                  }
                  items={Array.from({ length: Math.min(pages, 10) }, (_, index) => ({
                    number: index + 1,
                    href: props.pageHref(index + 1),
                    current: index + 1 === list.page,
                  }))}
                  landmarkLabel={t('reports:list.pages')}
                />
              ) : (
                ''
              )}
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}
