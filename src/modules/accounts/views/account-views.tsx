import { fieldError, OneTimeCodeInput } from '../../../platform/views/form-fields.js';
import { GovukBackLink } from '../../../platform/views/govuk/back-link.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { errorSummary, type FieldMessages } from '../../../platform/http/forms.js';
import { describeUserAgent, type AccountDetails, type SignedInSession } from '../accounts.service.js';

export type AccountNotice = 'details' | 'email' | 'session_ended';

export interface LinkedProvider {
  providerName: string;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

function deviceOf(ctx: PageContext, session: SignedInSession): string {
  const { browser, system } = describeUserAgent(session.userAgent);
  if (browser && system) return ctx.t('accounts:sessions.browserOn', { browser, system });
  return browser ?? system ?? ctx.t('accounts:sessions.unknownDevice');
}

export function AccountPage(props: {
  ctx: PageContext;
  details: AccountDetails;
  pendingEmail: string | undefined;
  sessions: SignedInSession[];
  linked: LinkedProvider[];
  signIn: { method: string | undefined; assurance: string | undefined };
  notice: AccountNotice | undefined;
}): JSX.Element {
  const { ctx, details } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const others = props.sessions.filter((session) => !session.current);
  return (
    <Layout ctx={ctx} title={t('accounts:title')}>
      {props.notice ? (
        <GovukNotificationBanner
          type="success"
          titleText={t('accounts:notices.title')}
          text={t(`accounts:notices.${props.notice}`)}
        />
      ) : (
        ''
      )}
      <h1 class="govuk-heading-l" safe>
        {t('accounts:title')}
      </h1>
      <ul class="govuk-list">
        <li>
          <a class="govuk-link" href="/account/applications" safe>
            {t('accounts:links.applications')}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/account/security" safe>
            {t('accounts:links.security')}
          </a>
        </li>
        <li>
          <a class="govuk-link" href="/account/data" safe>
            {t('accounts:links.data')}
          </a>
        </li>
      </ul>

      <h2 class="govuk-heading-m" safe>
        {t('accounts:details.heading')}
      </h2>
      <GovukSummaryList
        rows={[
          {
            key: { text: t('accounts:details.name') },
            value: { text: details.name ?? t('accounts:details.notGiven') },
            actions: {
              items: [
                {
                  href: '/account/details',
                  text: t('accounts:change'),
                  visuallyHiddenText: t('accounts:details.name'),
                },
              ],
            },
          },
          {
            key: { text: t('accounts:details.email') },
            value: {
              html: (
                <>
                  <span safe>{details.email}</span>
                  {props.pendingEmail ? (
                    <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0">
                      <span safe>{t('accounts:details.pendingEmail', { email: props.pendingEmail })}</span>{' '}
                      <a class="govuk-link" href="/account/email/code" safe>
                        {t('accounts:details.enterCode')}
                      </a>
                    </p>
                  ) : (
                    ''
                  )}
                </>
              ) as string,
            },
            actions: {
              items: [
                {
                  href: '/account/email',
                  text: t('accounts:change'),
                  visuallyHiddenText: t('accounts:details.email'),
                },
              ],
            },
          },
          {
            key: { text: t('accounts:details.phone') },
            value: { text: details.phone ?? t('accounts:details.notGiven') },
            actions: {
              items: [
                {
                  href: '/account/details',
                  text: t('accounts:change'),
                  visuallyHiddenText: t('accounts:details.phone'),
                },
              ],
            },
          },
          {
            key: { text: t('accounts:details.since') },
            value: { text: format.date(details.createdAt) },
          },
        ]}
      />

      <h2 class="govuk-heading-m" safe>
        {t('accounts:signIn.heading')}
      </h2>
      <p class="govuk-body" safe>
        {t('accounts:signIn.current', {
          method: t(`accounts:signIn.methods.${props.signIn.method ?? 'unknown'}`),
          level: t(`accounts:signIn.levels.${props.signIn.assurance ?? 'unknown'}`),
        })}
      </p>
      {props.linked.length > 0 ? (
        <GovukTable
          caption={t('accounts:signIn.linked')}
          captionClasses="govuk-table__caption--s"
          head={[
            { text: t('accounts:signIn.provider') },
            { text: t('accounts:signIn.linkedOn') },
            { text: t('accounts:signIn.lastUsed') },
          ]}
          rows={props.linked.map((link) => [
            { text: link.providerName },
            { text: format.date(link.linkedAt) },
            { text: link.lastUsedAt ? format.dateTime(link.lastUsedAt) : '' },
          ])}
        />
      ) : (
        ''
      )}

      <h2 class="govuk-heading-m" id="sessions" safe>
        {t('accounts:sessions.heading')}
      </h2>
      <p class="govuk-body" safe>
        {t('accounts:sessions.intro')}
      </p>
      <GovukTable
        caption={t('accounts:sessions.heading')}
        captionClasses="govuk-visually-hidden"
        firstCellIsHeader={true}
        head={[
          { text: t('accounts:sessions.device') },
          { text: t('accounts:sessions.ip') },
          { text: t('accounts:sessions.signedIn') },
          { text: t('accounts:sessions.lastActive') },
          { html: `<span class="govuk-visually-hidden">${ctx.t('accounts:sessions.action')}</span>` },
        ]}
        rows={props.sessions.map((session) => [
          {
            html: (
              <>
                <span safe>{deviceOf(ctx, session)}</span>
                {session.current ? (
                  <>
                    {' '}
                    <GovukTag text={t('accounts:sessions.thisDevice')} classes="govuk-tag--green" />
                  </>
                ) : (
                  ''
                )}
                {session.userAgent ? (
                  <span class="govuk-body-s govuk-!-display-block" safe>
                    {session.userAgent}
                  </span>
                ) : (
                  ''
                )}
              </>
            ) as string,
          },
          { text: session.ip ?? '' },
          { text: format.dateTime(session.signedInAt) },
          { text: format.dateTime(session.lastActiveAt) },
          {
            html: session.current
              ? ''
              : ((
                  <form
                    method="post"
                    action={`/account/sessions/${session.handle}/sign-out`}
                    class="plaza-inline-form"
                  >
                    <CsrfField ctx={ctx} />
                    <button
                      type="submit"
                      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      data-module="govuk-button"
                    >
                      <span safe>{t('accounts:sessions.signOut')}</span>
                      <span class="govuk-visually-hidden" safe>
                        {` ${deviceOf(ctx, session)}, ${format.dateTime(session.lastActiveAt)}`}
                      </span>
                    </button>
                  </form>
                ) as string),
          },
        ])}
      />

      <h2 class="govuk-heading-m" safe>
        {t('accounts:everywhere.heading')}
      </h2>
      <p class="govuk-body" safe>
        {others.length > 0
          ? t('accounts:everywhere.intro', { count: others.length })
          : t('accounts:everywhere.introAlone')}
      </p>
      <form method="post" action="/account/sign-out-everywhere" novalidate>
        <CsrfField ctx={ctx} />
        <GovukButton text={t('accounts:everywhere.button')} classes="govuk-button--warning" />
      </form>
    </Layout>
  );
}

export function DetailsPage(props: {
  ctx: PageContext;
  values: { name: string; phone: string };
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('accounts:details.editTitle')}
      errors={errorSummary(errors)}
      beforeContent={<GovukBackLink href="/account" text={t('accounts:back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('accounts:details.editTitle')}
          </h1>
          <form method="post" action="/account/details" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="name"
              name="name"
              autocomplete="name"
              spellcheck={false}
              value={props.values.name}
              label={{ text: t('accounts:details.name'), classes: 'govuk-label--s' }}
              hint={{ text: t('accounts:details.nameHint') }}
              errorMessage={fieldError(ctx, errors, 'name')}
            />
            <GovukInput
              id="phone"
              name="phone"
              type="tel"
              autocomplete="tel"
              classes="govuk-input--width-20"
              value={props.values.phone}
              label={{ text: t('accounts:details.phone'), classes: 'govuk-label--s' }}
              hint={{ text: t('accounts:details.phoneHint') }}
              errorMessage={fieldError(ctx, errors, 'phone')}
            />
            <GovukButton text={t('accounts:save')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function NewEmailPage(props: {
  ctx: PageContext;
  current: string;
  values?: Record<string, string>;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('accounts:email.title')}
      errors={errorSummary(errors)}
      beforeContent={<GovukBackLink href="/account" text={t('accounts:back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <form method="post" action="/account/email" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              spellcheck={false}
              value={props.values?.email ?? ''}
              label={{ text: t('accounts:email.title'), isPageHeading: true, classes: 'govuk-label--l' }}
              hint={{ text: t('accounts:email.hint', { current: props.current }) }}
              errorMessage={fieldError(ctx, errors, 'email')}
            />
            <GovukButton text={t('accounts:email.send')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function EmailCodePage(props: {
  ctx: PageContext;
  email: string;
  showOutboxHint: boolean;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('accounts:code.title')}
      errors={errorSummary(errors)}
      beforeContent={<GovukBackLink href="/account/email" text={t('accounts:back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('accounts:code.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('accounts:code.sent', { email: props.email })}
          </p>
          {props.showOutboxHint ? (
            <p class="govuk-body">
              <a class="govuk-link" href="/dev/outbox" safe>
                {t('accounts:code.openOutbox')}
              </a>
            </p>
          ) : (
            ''
          )}
          <form method="post" action="/account/email/code" novalidate>
            <CsrfField ctx={ctx} />
            <OneTimeCodeInput ctx={ctx} label={t('accounts:code.label')} errors={errors} />
            <GovukButton text={t('accounts:code.submit')} />
          </form>
          <p class="govuk-body">
            <a class="govuk-link" href="/account/email" safe>
              {t('accounts:code.again')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function SignedOutEverywherePage(props: { ctx: PageContext }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts:signedOut.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('accounts:signedOut.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('accounts:signedOut.body')}
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href="/sign-in" safe>
              {t('accounts:signedOut.signIn')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
