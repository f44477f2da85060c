/**
 * The citizen's report journey, page by page: where (a search of the city's places, with a map and "use my
 * location" as enhancements), the type's own questions, what is wrong (public), photos, how to reach them
 * (or not), similar reports nearby, check and send.
 */
import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukCharacterCount } from '../../../platform/views/govuk/character-count.js';
import { GovukFileUpload } from '../../../platform/views/govuk/file-upload.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { GovukPanel } from '../../../platform/views/govuk/panel.js';
import { GovukRadios } from '../../../platform/views/govuk/radios.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout, type ErrorSummaryEntry } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { ResolvedService } from '../../catalogue/index.js';
import { AnswersSummary } from '../../cases/index.js';
import {
  PageQuestions,
  questionErrors,
  questionIsHeading,
  type Answers,
  type FieldError,
  type RawValue,
  type VisiblePage,
} from '../../forms/index.js';
import type { Place } from '../../places/index.js';
import type { ReportPhoto, ReportSteps } from '../report-drafts.js';
import { mapAttributes, MapAssets, type MapSettings } from './map-parts.js';
import { ReportStepLayout } from './report-step-layout.js';

function errorMessage(ctx: PageContext, message: string | undefined) {
  return message ? { text: message, visuallyHiddenText: ctx.t('forms:errorPrefix') } : undefined;
}

export function ReportStartPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  departmentName: string | undefined;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service } = props;
  const { t } = ctx;
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      backHref="/report"
      untranslatedNotice
      safeHelp={props.safeHelp}
    >
      <h1 class="govuk-heading-xl" safe>
        {service.title}
      </h1>
      {service.start.body.split(/\n\s*\n/).map((paragraph) => (
        <p class="govuk-body" safe>
          {paragraph.trim()}
        </p>
      ))}
      <h2 class="govuk-heading-m" safe>
        {t('reports:start.youWillNeed')}
      </h2>
      <ul class="govuk-list govuk-list--bullet">
        {service.start.youWillNeed.map((item) => (
          <li safe>{item}</li>
        ))}
      </ul>
      <GovukInsetText text={t('reports:start.publicNotice')} />
      <form method="post" action={`/report/${service.slug}`} novalidate>
        <CsrfField ctx={ctx} />
        <GovukButton text={t('reports:start.button')} isStartButton />
      </form>
      {service.start.afterYouApply ? (
        <>
          <h2 class="govuk-heading-m" safe>
            {t('reports:start.whatHappensNext')}
          </h2>
          <p class="govuk-body" safe>
            {service.start.afterYouApply}
          </p>
        </>
      ) : (
        ''
      )}
      {props.departmentName ? (
        <p class="govuk-body" safe>
          {t('reports:start.department', { department: props.departmentName })}
        </p>
      ) : (
        ''
      )}
    </ReportStepLayout>
  );
}

export function LocationPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  action: string;
  backHref: string;
  /** Where the citizen goes on with the place already chosen. */
  continueHref: string | undefined;
  query: string;
  /** undefined: no search made yet */
  results: Place[] | undefined;
  chosen: ReportSteps['location'];
  errors: Map<string, string>;
  map: MapSettings;
  /** The point the map form holds (kept after a refused post). */
  point: { lat: string; long: string };
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service, errors, results } = props;
  const { t } = ctx;
  const summary: ErrorSummaryEntry[] = [...errors].map(([field, text]) => ({
    href: field === 'place' && results && results.length > 0 ? '#place' : '#q',
    text,
  }));
  const searchError =
    errors.get('place') ?? errors.get('location') ?? errors.get('lat') ?? errors.get('long');
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={t('reports:location.title')}
      errors={summary}
      backHref={props.backHref}
      safeHelp={props.safeHelp}
    >
      <h1 class="govuk-heading-l" safe>
        {t('reports:location.title')}
      </h1>
      {props.chosen ? (
        <GovukInsetText
          text={t('reports:location.chosen', {
            place:
              props.chosen.address ??
              t('reports:location.point', { lat: props.chosen.lat, long: props.chosen.long }),
          })}
        />
      ) : (
        ''
      )}
      <form method="get" action={props.action} role="search" novalidate>
        <GovukInput
          id="q"
          name="q"
          type="search"
          value={props.query}
          label={{ text: t('reports:location.searchLabel'), classes: 'govuk-label--m' }}
          hint={{ text: t('reports:location.searchHint') }}
          errorMessage={errorMessage(ctx, results && results.length > 0 ? undefined : searchError)}
          autocomplete="off"
          spellcheck={false}
        />
        <GovukButton text={t('reports:location.searchButton')} classes="govuk-button--secondary" />
      </form>
      {results === undefined ? (
        ''
      ) : results.length === 0 ? (
        <div role="status">
          <p class="govuk-body" safe>
            {t('reports:location.noResults', { query: props.query })}
          </p>
          <p class="govuk-body" safe>
            {t('reports:location.noResultsTip')}
          </p>
        </div>
      ) : (
        <form method="post" action={props.action} novalidate>
          <CsrfField ctx={ctx} />
          <GovukRadios
            name="place"
            idPrefix="place"
            fieldset={{
              legend: {
                text: t('reports:location.resultsLegend', { count: results.length, query: props.query }),
                classes: 'govuk-fieldset__legend--m',
              },
            }}
            errorMessage={errorMessage(ctx, searchError)}
            items={results.map((place) => ({
              value: String(place.id),
              text: place.name,
              hint: place.area
                ? { text: t(`reports:location.kind.${place.kind}`, { area: place.area }) }
                : undefined,
            }))}
          />
          <GovukButton text={t('reports:location.usePlace')} />
        </form>
      )}
      <div data-report-map-section hidden>
        <h2 class="govuk-heading-m" safe>
          {t('reports:location.mapHeading')}
        </h2>
        <p class="govuk-body" safe>
          {t('reports:location.mapHint')}
        </p>
        <div
          id="report-map"
          class="plaza-report-map"
          // A map is geography: east stays on the right on a right-to-left page.
          dir="ltr"
          data-report-map="pick"
          role="region"
          aria-label={t('reports:location.mapLabel')}
          data-pin-label={t('reports:location.pinLabel')}
          data-pin-placed={t('reports:location.pinPlaced')}
          data-locating={t('reports:location.locating')}
          data-locate-failed={t('reports:location.locateFailed')}
          {...mapAttributes(props.map)}
        ></div>
        <p class="govuk-body" aria-live="polite" data-report-map-status></p>
        <form method="post" action={props.action} data-report-map-form novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="lat" value={props.point.lat} />
          <input type="hidden" name="long" value={props.point.long} />
          <div class="govuk-button-group">
            <button type="button" class="govuk-button govuk-button--secondary" data-use-my-location hidden>
              <span safe>{t('reports:location.useMyLocation')}</span>
            </button>
            <GovukButton
              text={t('reports:location.usePoint')}
              attributes={{ 'data-report-map-submit': '' }}
            />
          </div>
        </form>
        <MapAssets map={props.map} />
      </div>
      {props.continueHref ? (
        <p class="govuk-body">
          <a class="govuk-link" href={props.continueHref} safe>
            {t('reports:location.keepChosen')}
          </a>
        </p>
      ) : (
        ''
      )}
    </ReportStepLayout>
  );
}

/** One of the report type's own pages (or the contact page), rendered by the form engine. */
export function ReportQuestionPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  visible: VisiblePage;
  raw: Record<string, RawValue>;
  errors: Map<string, FieldError>;
  action: string;
  backHref: string;
  /** Words shown before the questions (the contact page says it is optional and private). */
  intro?: string[];
  heading?: string;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, visible, raw, errors, service } = props;
  const { t } = ctx;
  const { page, questions } = visible;
  const title = props.heading ?? page.title ?? questions[0]?.label ?? service.title;
  const summary = questionErrors(questions, errors).map(({ href, message }) => ({ href, text: message }));
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={title}
      errors={summary}
      backHref={props.backHref}
      untranslatedNotice
      formAction={props.action}
      safeHelp={props.safeHelp}
    >
      <PageQuestions
        questions={questions}
        raw={raw}
        errors={errors}
        heading={questionIsHeading(questions, page.title ?? props.heading) ? undefined : title}
        t={t}
      >
        {(props.intro ?? []).map((line) => (
          <p class="govuk-body" safe>
            {line}
          </p>
        ))}
      </PageQuestions>
      <GovukButton text={t('reports:continue')} />
    </ReportStepLayout>
  );
}

export function DescriptionPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  action: string;
  backHref: string;
  value: string;
  maxLength: number;
  error: string | undefined;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service } = props;
  const { t } = ctx;
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={t('reports:description.label')}
      errors={props.error ? [{ href: '#description', text: props.error }] : []}
      backHref={props.backHref}
      safeHelp={props.safeHelp}
    >
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        <GovukCharacterCount
          id="description"
          name="description"
          rows={6}
          maxlength={props.maxLength}
          value={props.value}
          label={{ text: t('reports:description.label'), isPageHeading: true, classes: 'govuk-label--l' }}
          hint={{ text: t('reports:description.hint') }}
          errorMessage={errorMessage(ctx, props.error)}
          spellcheck={true}
        />
        <GovukWarningText
          text={t('reports:description.publicNotice')}
          iconFallbackText={t('reports:warning')}
        />
        <GovukButton text={t('reports:continue')} />
      </form>
    </ReportStepLayout>
  );
}

export function PhotosPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  action: string;
  backHref: string;
  photos: ReportPhoto[];
  maxPhotos: number;
  error: string | undefined;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service, photos } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const room = props.maxPhotos - photos.length;
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={t('reports:photos.title')}
      errors={props.error ? [{ href: '#photos', text: props.error }] : []}
      backHref={props.backHref}
      safeHelp={props.safeHelp}
    >
      <h1 class="govuk-heading-l" safe>
        {t('reports:photos.title')}
      </h1>
      <p class="govuk-body" safe>
        {t('reports:photos.lead', { count: props.maxPhotos })}
      </p>
      <p class="govuk-body" safe>
        {t('reports:photos.privacy')}
      </p>
      {photos.length > 0 ? (
        <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
          <CsrfField ctx={ctx} />
          <GovukSummaryList
            rows={photos.map((photo, index) => ({
              key: { text: t('reports:photos.photoNumber', { number: index + 1 }) },
              value: { text: `${photo.name} (${format.bytes(photo.size)})` },
              actions: {
                items: [],
              },
            }))}
          />
          <div class="govuk-button-group">
            {photos.map((photo, index) => (
              <button
                type="submit"
                name="remove_photo"
                value={photo.id}
                class="govuk-button govuk-button--warning"
              >
                <span safe>{t('reports:photos.remove', { number: index + 1 })}</span>
              </button>
            ))}
          </div>
        </form>
      ) : (
        ''
      )}
      <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {room > 0 ? (
          <GovukFileUpload
            id="photos"
            name="photos"
            multiple={room > 1}
            label={{
              text: photos.length > 0 ? t('reports:photos.addAnother') : t('reports:photos.label'),
              classes: 'govuk-label--m',
            }}
            hint={{ text: t('reports:photos.hint', { count: room }) }}
            errorMessage={errorMessage(ctx, props.error)}
            attributes={{ accept: 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif' }}
          />
        ) : (
          <p class="govuk-body" id="photos" safe>
            {t('reports:photos.full', { count: props.maxPhotos })}
          </p>
        )}
        <div class="govuk-button-group">
          {room > 0 ? (
            <GovukButton
              text={t('reports:photos.upload')}
              name="action"
              value="upload"
              classes="govuk-button--secondary"
            />
          ) : (
            ''
          )}
          <GovukButton text={t('reports:continue')} name="action" value="continue" />
        </div>
      </form>
    </ReportStepLayout>
  );
}

export interface SimilarReport {
  serviceRequestId: string;
  serviceName: string;
  description: string | null;
  stateLabel: string | null;
  requestedAt: Date;
  reasons: string;
}

export function SimilarReportsPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  action: string;
  backHref: string;
  similar: SimilarReport[];
  /** Whether Plaza can reach the citizen already (signed in, or an email given). */
  reachable: boolean;
  errors: Map<string, string>;
  values: { choice?: string; email?: string };
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service, errors } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const emailField = props.reachable ? (
    ''
  ) : (
    <GovukInput
      id="email"
      name="email"
      type="email"
      autocomplete="email"
      spellcheck={false}
      value={props.values.email ?? ''}
      label={{ text: t('reports:similar.emailLabel') }}
      hint={{ text: t('reports:similar.emailHint') }}
      errorMessage={errorMessage(ctx, errors.get('email'))}
    />
  );
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={t('reports:similar.title')}
      errors={[...errors].map(([field, text]) => ({
        href: `#${field === 'choice' ? 'choice' : field}`,
        text,
      }))}
      backHref={props.backHref}
      formAction={props.action}
      safeHelp={props.safeHelp}
    >
      <GovukRadios
        name="choice"
        idPrefix="choice"
        fieldset={{
          legend: {
            text: t('reports:similar.title'),
            isPageHeading: true,
            classes: 'govuk-fieldset__legend--l',
          },
        }}
        hint={{ text: t('reports:similar.hint') }}
        errorMessage={errorMessage(ctx, errors.get('choice'))}
        value={props.values.choice}
        items={[
          ...props.similar.map((report) => ({
            value: report.serviceRequestId,
            text: t('reports:similar.option', {
              service: report.serviceName,
              reference: report.serviceRequestId,
            }),
            hint: {
              text: [
                report.description ?? '',
                t('reports:similar.reported', {
                  date: format.date(report.requestedAt),
                  status: report.stateLabel ?? '',
                }),
                report.reasons,
              ]
                .filter((part) => part !== '')
                .join(' – '),
            },
          })),
          { divider: t('reports:similar.or') },
          { value: 'none', text: t('reports:similar.none') },
        ]}
      />
      {emailField}
      <GovukButton text={t('reports:continue')} />
    </ReportStepLayout>
  );
}

export function CheckReportPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  slug: string;
  draftId: string;
  backHref: string;
  answers: Answers;
  steps: ReportSteps;
  photos: ReportPhoto[];
  /** The type's own answers and the contact details, as the summary shows them. */
  questions: ResolvedService;
  contact: ResolvedService;
  anonymous: boolean;
  error?: string;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const { ctx, service, steps } = props;
  const { t } = ctx;
  const base = `/report/${props.slug}/${props.draftId}`;
  const location = steps.location;
  return (
    <ReportStepLayout
      ctx={ctx}
      service={service}
      title={t('reports:check.title')}
      errors={props.error ? [{ href: '#send', text: props.error }] : []}
      backHref={props.backHref}
      untranslatedNotice
      safeHelp={props.safeHelp}
    >
      <h1 class="govuk-heading-l" safe>
        {t('reports:check.title')}
      </h1>
      <h2 class="govuk-heading-m" safe>
        {t('reports:check.problem')}
      </h2>
      <GovukSummaryList
        rows={[
          {
            key: { text: t('reports:check.location') },
            value: {
              text: location
                ? (location.address ??
                  t('reports:location.point', { lat: location.lat, long: location.long }))
                : '',
            },
            actions: {
              items: [
                {
                  href: `${base}/location?change=1`,
                  text: t('reports:check.change'),
                  visuallyHiddenText: t('reports:check.location'),
                },
              ],
            },
          },
          {
            key: { text: t('reports:check.description') },
            value: { text: steps.description ?? '' },
            actions: {
              items: [
                {
                  href: `${base}/description?change=1`,
                  text: t('reports:check.change'),
                  visuallyHiddenText: t('reports:check.description'),
                },
              ],
            },
          },
          {
            key: { text: t('reports:check.photos') },
            value: {
              text:
                props.photos.length === 0
                  ? t('reports:check.noPhotos')
                  : props.photos.map((photo) => photo.name).join(', '),
            },
            actions: {
              items: [
                {
                  href: `${base}/photos?change=1`,
                  text: t('reports:check.change'),
                  visuallyHiddenText: t('reports:check.photos'),
                },
              ],
            },
          },
        ]}
      />
      <AnswersSummary
        ctx={ctx}
        service={props.questions}
        answers={props.answers}
        changeHref={(pageId) => `${base}/${pageId}?change=1`}
      />
      <h2 class="govuk-heading-m" safe>
        {t('reports:check.contact')}
      </h2>
      {props.anonymous ? (
        <p class="govuk-body" safe>
          {t('reports:check.anonymous')}
        </p>
      ) : (
        ''
      )}
      <AnswersSummary
        ctx={ctx}
        service={props.contact}
        answers={props.answers}
        changeHref={(pageId) => `${base}/${pageId}?change=1`}
      />
      <GovukWarningText text={t('reports:check.publicNotice')} iconFallbackText={t('reports:warning')} />
      <form method="post" action={`${base}/check`} novalidate>
        <CsrfField ctx={ctx} />
        <GovukButton text={t('reports:check.send')} id="send" preventDoubleClick />
      </form>
    </ReportStepLayout>
  );
}

export function ReportConfirmationPage(props: {
  ctx: PageContext;
  serviceRequestId: string;
  serviceTitle: string | undefined;
  emailed: boolean;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
}): JSX.Element {
  const safeHelp = props.safeHelp ?? '';
  const { ctx } = props;
  const { t } = ctx;
  const link = `/reports/${props.serviceRequestId}`;
  return (
    <Layout ctx={ctx} title={t('reports:confirmation.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <GovukPanel
            titleText={t('reports:confirmation.title')}
            html={`${Html.escapeHtml(t('reports:confirmation.reference'))}<br><strong>${Html.escapeHtml(props.serviceRequestId)}</strong>`}
          />
          <p class="govuk-body" safe>
            {props.emailed ? t('reports:confirmation.emailed') : t('reports:confirmation.notEmailed')}
          </p>
          <h2 class="govuk-heading-m" safe>
            {t('reports:confirmation.followHeading')}
          </h2>
          <p class="govuk-body">
            <span safe>{t('reports:confirmation.publicLink')}</span>{' '}
            <a class="govuk-link" href={link} safe>
              {t('reports:confirmation.publicLinkText', { reference: props.serviceRequestId })}
            </a>
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href="/report" safe>
              {t('reports:confirmation.another')}
            </a>
          </p>
          {safeHelp}
        </div>
      </div>
    </Layout>
  );
}
