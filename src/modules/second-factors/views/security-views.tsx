/**
 * The sign-in methods of the person signed in: a citizen's passkeys (/account/security) and a staff
 * member's second factors (/staff/security).
 */
import Html from '@kitajs/html';
import { errorSummary, type FieldMessages } from '../../../platform/http/forms.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { FactorStatus, PasskeySummary } from '../second-factors.service.js';
import { PasskeyForm } from './passkey-form.js';
import { AuthenticatorSetUp } from './sign-in-views.js';

function passkeyName(ctx: PageContext, passkey: PasskeySummary, index: number): string {
  return passkey.name ?? ctx.t('secondFactors:passkeys.unnamed', { number: index + 1 });
}

/** Each passkey with when it was added and last used, and a button to remove it. */
function PasskeyTable(props: { ctx: PageContext; passkeys: PasskeySummary[]; base: string }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  if (props.passkeys.length === 0) {
    return (
      <p class="govuk-body" safe>
        {t('secondFactors:passkeys.none')}
      </p>
    );
  }
  return (
    <GovukTable
      caption={t('secondFactors:passkeys.heading')}
      captionClasses="govuk-visually-hidden"
      head={[
        { text: t('secondFactors:passkeys.name') },
        { text: t('secondFactors:passkeys.added') },
        { text: t('secondFactors:passkeys.lastUsed') },
        {
          html: `<span class="govuk-visually-hidden">${Html.escapeHtml(t('secondFactors:passkeys.actions'))}</span>`,
        },
      ]}
      rows={props.passkeys.map((passkey, index) => {
        const name = passkeyName(ctx, passkey, index);
        return [
          { text: name },
          { text: format.date(passkey.createdAt) },
          { text: passkey.lastUsedAt ? format.date(passkey.lastUsedAt) : t('secondFactors:passkeys.never') },
          {
            html: (
              <form
                method="post"
                action={`${props.base}/passkeys/${passkey.id}/remove`}
                class="plaza-inline-form"
              >
                <CsrfField ctx={ctx} />
                <button
                  type="submit"
                  class="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                  data-module="govuk-button"
                >
                  <span safe>{t('secondFactors:passkeys.remove')}</span>
                  <span class="govuk-visually-hidden" safe>
                    {` ${name}`}
                  </span>
                </button>
              </form>
            ) as string,
          },
        ];
      })}
    />
  );
}

function Notice(props: { ctx: PageContext; notice?: string; problem?: string }): JSX.Element {
  const { ctx } = props;
  if (props.problem) {
    return (
      <GovukNotificationBanner role="alert" titleText={ctx.t('secondFactors:problem')} text={props.problem} />
    );
  }
  if (props.notice) {
    return (
      <GovukNotificationBanner type="success" titleText={ctx.t('secondFactors:done')} text={props.notice} />
    );
  }
  return <></>;
}

function PasskeyNameInput(props: { ctx: PageContext; hint: string }): JSX.Element {
  return (
    <GovukInput
      id="name"
      name="name"
      autocomplete="off"
      classes="govuk-!-width-two-thirds"
      label={{ text: props.ctx.t('secondFactors:passkeys.nameLabel') }}
      hint={{ text: props.hint }}
      attributes={{ maxlength: '60' }}
    />
  );
}

export function CitizenSecurityPage(props: {
  ctx: PageContext;
  status: FactorStatus;
  script: string;
  notice?: string;
  problem?: string;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('secondFactors:citizen.securityTitle')}>
      <Notice ctx={ctx} notice={props.notice} problem={props.problem} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:citizen.securityTitle')}
          </h1>
          <p class="govuk-body" safe>
            {t('secondFactors:citizen.emailAlways')}
          </p>
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:passkeys.heading')}
          </h2>
          <p class="govuk-body" safe>
            {t('secondFactors:citizen.passkeyExplain')}
          </p>
        </div>
      </div>
      <PasskeyTable ctx={ctx} passkeys={props.status.passkeys} base="/account/security" />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:passkeys.addHeading')}
          </h2>
          <PasskeyForm
            ctx={ctx}
            ceremony="register"
            optionsUrl="/account/security/passkeys/options"
            action="/account/security/passkeys"
            buttonText={t('secondFactors:passkeys.addButton')}
            unavailableText={t('secondFactors:passkey.needsJavaScript')}
            script={props.script}
          >
            <PasskeyNameInput ctx={ctx} hint={t('secondFactors:passkeys.nameHint')} />
          </PasskeyForm>
        </div>
      </div>
    </Layout>
  );
}

export function StaffSecurityPage(props: {
  ctx: PageContext;
  status: FactorStatus;
  script: string;
  mfaRequired: boolean;
  /** Signed in with a recovery code just now: say how many are left and what to do. */
  recovered: boolean;
  notice?: string;
  problem?: string;
}): JSX.Element {
  const { ctx, status } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('secondFactors:staff.title')}>
      {props.recovered ? (
        <GovukNotificationBanner
          titleText={t('secondFactors:staff.recoveredTitle')}
          text={t('secondFactors:staff.recovered', { count: status.recoveryCodesLeft })}
        />
      ) : (
        ''
      )}
      <Notice ctx={ctx} notice={props.notice} problem={props.problem} />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:staff.title')}
          </h1>
          <p class="govuk-body" safe>
            {props.mfaRequired ? t('secondFactors:staff.required') : t('secondFactors:staff.optional')}
          </p>
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:staff.appHeading')}
          </h2>
          <GovukSummaryList
            rows={[
              {
                key: { text: t('secondFactors:staff.app') },
                value: {
                  text: status.totp ? t('secondFactors:staff.appOn') : t('secondFactors:staff.appOff'),
                },
                actions: {
                  items: [
                    {
                      href: '/staff/security/authenticator',
                      text: status.totp
                        ? t('secondFactors:staff.appChange')
                        : t('secondFactors:staff.appSetUp'),
                      visuallyHiddenText: t('secondFactors:staff.app'),
                    },
                  ],
                },
              },
              {
                key: { text: t('secondFactors:staff.recoveryCodes') },
                value: {
                  text: t('secondFactors:staff.recoveryCodesLeft', { count: status.recoveryCodesLeft }),
                },
              },
            ]}
          />
        </div>
      </div>
      <h2 class="govuk-heading-m" safe>
        {t('secondFactors:passkeys.heading')}
      </h2>
      <PasskeyTable ctx={ctx} passkeys={status.passkeys} base="/staff/security" />
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <PasskeyForm
            ctx={ctx}
            ceremony="register"
            optionsUrl="/staff/security/passkeys/options"
            action="/staff/security/passkeys"
            buttonText={t('secondFactors:passkeys.addButton')}
            unavailableText={t('secondFactors:passkey.needsJavaScript')}
            script={props.script}
          >
            <PasskeyNameInput ctx={ctx} hint={t('secondFactors:passkeys.nameHintStaff')} />
          </PasskeyForm>
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:staff.recoveryCodes')}
          </h2>
          <p class="govuk-body" safe>
            {t('secondFactors:staff.regenerateExplain')}
          </p>
          <form method="post" action="/staff/security/recovery-codes" novalidate>
            <CsrfField ctx={ctx} />
            <GovukButton text={t('secondFactors:staff.regenerate')} classes="govuk-button--secondary" />
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function AuthenticatorPage(props: {
  ctx: PageContext;
  secret: string;
  qrCode: string;
  replacing: boolean;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  const title = props.replacing ? t('secondFactors:staff.replaceTitle') : t('secondFactors:setUp.appHeading');
  return (
    <Layout ctx={ctx} title={title} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {title}
          </h1>
          {props.replacing ? (
            <p class="govuk-body" safe>
              {t('secondFactors:staff.replaceExplain')}
            </p>
          ) : (
            ''
          )}
          <AuthenticatorSetUp
            ctx={ctx}
            action="/staff/security/authenticator"
            secret={props.secret}
            qrCode={props.qrCode}
            errors={errors}
          />
          <p class="govuk-body">
            <a class="govuk-link" href="/staff/security" safe>
              {t('secondFactors:staff.back')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
