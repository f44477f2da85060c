import { GovukBackLink } from '../../../platform/views/govuk/back-link.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { GovukPanel } from '../../../platform/views/govuk/panel.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { UntranslatedNotice, type ResolvedService } from '../../catalogue/index.js';
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

export interface QuestionPageProps {
  ctx: PageContext;
  service: ResolvedService;
  visible: VisiblePage;
  raw: Record<string, RawValue>;
  errors: Map<string, FieldError>;
  action: string;
  backHref: string;
  saveHref?: string;
  /** For a staff member filling the form in for a citizen: who, and how they reached them. */
  assisting?: string;
  /** "Get help with this service". */
  safeHelp?: JSX.Element;
}

export function QuestionPage(props: QuestionPageProps): JSX.Element {
  const safeHelp = props.safeHelp ?? '';
  const { ctx, visible, raw, errors } = props;
  const { t } = ctx;
  const { page, questions } = visible;
  const title = page.title ?? questions[0]?.label ?? props.service.title;
  const multipart = questions.some((question) => question.type === 'file');
  const summary = questionErrors(questions, errors).map(({ href, message }) => ({ href, text: message }));
  return (
    <Layout
      ctx={ctx}
      title={`${title} – ${props.service.title}`}
      errors={summary}
      beforeContent={<GovukBackLink href={props.backHref} text={t('layout.back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <UntranslatedNotice ctx={ctx} service={props.service} />
          {props.assisting ? <GovukInsetText text={props.assisting} /> : ''}
          <form
            method="post"
            action={props.action}
            novalidate
            enctype={multipart ? 'multipart/form-data' : undefined}
          >
            <CsrfField ctx={ctx} />
            <PageQuestions
              questions={questions}
              raw={raw}
              errors={errors}
              heading={questionIsHeading(questions, page.title) ? undefined : title}
              t={t}
            />
            <GovukButton text={t('applications:continue')} />
          </form>
          {props.saveHref ? (
            <p class="govuk-body">
              <a class="govuk-link" href={props.saveHref} safe>
                {t('applications:saveAndReturn')}
              </a>
            </p>
          ) : (
            ''
          )}
          {safeHelp}
        </div>
      </div>
    </Layout>
  );
}

export function CheckAnswersPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  answers: Answers;
  draftId: string;
  backHref: string;
  assisting?: string;
  safeHelp?: JSX.Element;
}): JSX.Element {
  const safeHelp = props.safeHelp ?? '';
  const { ctx, service } = props;
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={`${t('applications:check.title')} – ${service.title}`}
      beforeContent={<GovukBackLink href={props.backHref} text={t('layout.back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <UntranslatedNotice ctx={ctx} service={service} />
          {props.assisting ? <GovukInsetText text={props.assisting} /> : ''}
          <span class="govuk-caption-l" safe>
            {service.title}
          </span>
          <h1 class="govuk-heading-l" safe>
            {t('applications:check.title')}
          </h1>
          <AnswersSummary
            ctx={ctx}
            service={service}
            answers={props.answers}
            changeHref={(pageId) => `/apply/${props.draftId}/${pageId}?change=1`}
          />
          <h2 class="govuk-heading-m" safe>
            {t('applications:check.sendHeading')}
          </h2>
          <p class="govuk-body" safe>
            {service.declaration ?? t('applications:check.declaration')}
          </p>
          <form method="post" action={`/apply/${props.draftId}/check`} novalidate>
            <CsrfField ctx={ctx} />
            <GovukButton text={t('applications:check.send')} preventDoubleClick={true} />
          </form>
          {safeHelp}
        </div>
      </div>
    </Layout>
  );
}

export function ConfirmationPage(props: {
  ctx: PageContext;
  service: ResolvedService | undefined;
  reference: string;
  contactEmail: string | null;
  signedIn: boolean;
  safeHelp?: JSX.Element;
}): JSX.Element {
  const safeHelp = props.safeHelp ?? '';
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('applications:confirmation.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <GovukPanel
            titleText={t('applications:confirmation.title')}
            html={
              (
                <>
                  <span safe>{t('applications:confirmation.reference')}</span>
                  <br />
                  <strong safe>{props.reference}</strong>
                </>
              ) as string
            }
          />
          {props.contactEmail ? (
            <p class="govuk-body" safe>
              {t('applications:confirmation.emailSent', { email: props.contactEmail })}
            </p>
          ) : (
            ''
          )}
          <h2 class="govuk-heading-m" safe>
            {t('applications:confirmation.next')}
          </h2>
          <p class="govuk-body" safe>
            {props.service?.start.afterYouApply ??
              t('applications:confirmation.nextDefault', { count: props.service?.sla.workingDays ?? 0 })}
          </p>
          <p class="govuk-body">
            {props.signedIn ? (
              <a class="govuk-link" href="/account/applications" safe>
                {t('applications:confirmation.follow')}
              </a>
            ) : (
              <a class="govuk-link" href={`/sign-in?returnTo=/account/applications/${props.reference}`} safe>
                {t('applications:confirmation.signInToFollow')}
              </a>
            )}
          </p>
          {safeHelp}
        </div>
      </div>
    </Layout>
  );
}

export function SaveForLaterPage(props: {
  ctx: PageContext;
  service: ResolvedService;
  draftId: string;
  expiresAt: Date;
  signedIn: boolean;
  sentTo?: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  continueHref: string;
}): JSX.Element {
  const { ctx, service } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const errors = props.errors ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('applications:save.title')}
      errors={Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }))}
      beforeContent={<GovukBackLink href={props.continueHref} text={t('layout.back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l" safe>
            {service.title}
          </span>
          <h1 class="govuk-heading-l" safe>
            {props.sentTo ? t('applications:save.sentTitle') : t('applications:save.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('applications:save.savedUntil', { date: format.date(props.expiresAt) })}
          </p>
          {props.signedIn ? (
            <p class="govuk-body">
              <span safe>{t('applications:save.signedIn')}</span>{' '}
              <a class="govuk-link" href="/account/applications" safe>
                {t('applications:save.yourApplications')}
              </a>
            </p>
          ) : props.sentTo ? (
            <p class="govuk-body" role="status" safe>
              {t('applications:save.sent', { email: props.sentTo })}
            </p>
          ) : (
            <form method="post" action={`/apply/${props.draftId}/save`} novalidate>
              <CsrfField ctx={ctx} />
              <GovukInput
                id="email"
                name="email"
                type="email"
                autocomplete="email"
                spellcheck={false}
                value={props.values?.email ?? ''}
                label={{ text: t('applications:save.emailLabel'), classes: 'govuk-label--m' }}
                hint={{ text: t('applications:save.emailHint') }}
                errorMessage={
                  errors.email
                    ? { text: errors.email, visuallyHiddenText: t('forms:errorPrefix') }
                    : undefined
                }
              />
              <GovukButton text={t('applications:save.send')} />
            </form>
          )}
          <GovukWarningText
            text={t('applications:save.warning')}
            iconFallbackText={t('applications:warning')}
          />
          <p class="govuk-body">
            <a class="govuk-link" href={props.continueHref} safe>
              {t('applications:save.continue')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
