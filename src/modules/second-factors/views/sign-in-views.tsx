/**
 * The staff member's second step at sign-in: setting up a first factor, proving one, or using a recovery
 * code; and the citizen's passkey button on the sign-in page.
 */
import { fieldError, OneTimeCodeInput } from '../../../platform/views/form-fields.js';
import { errorSummary, type FieldMessages } from '../../../platform/http/forms.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukDetails } from '../../../platform/views/govuk/details.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { FactorStatus } from '../second-factors.service.js';
import { PasskeyForm } from './passkey-form.js';

/** The key in groups of four, easier to type into an app by hand. */
function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Setting up an authenticator app: a QR code to scan, the same key as text for anyone who cannot scan it
 * (no camera, a screen reader, the app on the same device), and a code from the app to show it works.
 */
export function AuthenticatorSetUp(props: {
  ctx: PageContext;
  action: string;
  secret: string;
  qrCode: string;
  errors: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <>
      <ol class="govuk-list govuk-list--number">
        <li safe>{t('secondFactors:totp.install')}</li>
        <li safe>{t('secondFactors:totp.scan')}</li>
      </ol>
      <img
        src={props.qrCode}
        alt={t('secondFactors:totp.qrAlt')}
        width="200"
        height="200"
        class="govuk-!-margin-bottom-4"
      />
      <GovukDetails summaryText={t('secondFactors:totp.cannotScan')}>
        <p class="govuk-body" safe>
          {t('secondFactors:totp.enterKey')}
        </p>
        <p class="govuk-body govuk-!-font-size-24">
          <code id="totp-secret" data-secret={props.secret} safe>
            {groupedSecret(props.secret)}
          </code>
        </p>
        <p class="govuk-body" safe>
          {t('secondFactors:totp.keyDetails')}
        </p>
      </GovukDetails>
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        <OneTimeCodeInput
          ctx={ctx}
          label={t('secondFactors:totp.confirmLabel')}
          hint={t('secondFactors:totp.codeHint')}
          errors={props.errors}
        />
        <GovukButton text={t('secondFactors:continue')} />
      </form>
    </>
  );
}

export function SetUpPage(props: {
  ctx: PageContext;
  secret: string;
  qrCode: string;
  script: string;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('secondFactors:setUp.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:setUp.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('secondFactors:setUp.why')}
          </p>
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:setUp.appHeading')}
          </h2>
          <AuthenticatorSetUp
            ctx={ctx}
            action="/staff/sign-in/set-up"
            secret={props.secret}
            qrCode={props.qrCode}
            errors={errors}
          />
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:setUp.passkeyHeading')}
          </h2>
          <p class="govuk-body" safe>
            {t('secondFactors:setUp.passkeyExplain')}
          </p>
          <PasskeyForm
            ctx={ctx}
            error={errors.credential}
            ceremony="register"
            optionsUrl="/staff/sign-in/set-up/passkey/options"
            action="/staff/sign-in/set-up/passkey"
            buttonText={t('secondFactors:setUp.passkeyButton')}
            unavailableText={t('secondFactors:passkey.needsJavaScript')}
            script={props.script}
          />
        </div>
      </div>
    </Layout>
  );
}

/** Recovery codes, shown once: only their hashes are kept. */
export function RecoveryCodesPage(props: {
  ctx: PageContext;
  codes: string[];
  /** During sign-in a form finishes it; from the security page a link goes back. */
  next: { action: string } | { href: string };
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('secondFactors:recoveryCodes.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:recoveryCodes.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('secondFactors:recoveryCodes.explain')}
          </p>
          <GovukWarningText
            text={t('secondFactors:recoveryCodes.warning')}
            iconFallbackText={t('secondFactors:warning')}
          />
          <ul class="govuk-list govuk-!-font-size-24" aria-label={t('secondFactors:recoveryCodes.listLabel')}>
            {props.codes.map((code) => (
              <li>
                <code class="plaza-recovery-code" safe>
                  {code}
                </code>
              </li>
            ))}
          </ul>
          <p class="govuk-body" safe>
            {t('secondFactors:recoveryCodes.keep')}
          </p>
          {'action' in props.next ? (
            <form method="post" action={props.next.action} novalidate>
              <CsrfField ctx={ctx} />
              <GovukButton text={t('secondFactors:recoveryCodes.saved')} />
            </form>
          ) : (
            <GovukButton text={t('secondFactors:recoveryCodes.saved')} href={props.next.href} />
          )}
        </div>
      </div>
    </Layout>
  );
}

export function VerifyPage(props: {
  ctx: PageContext;
  status: FactorStatus;
  script: string;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx, status } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  const title = status.totp ? t('secondFactors:verify.titleApp') : t('secondFactors:verify.titlePasskey');
  return (
    <Layout ctx={ctx} title={title} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {title}
          </h1>
          {status.totp ? (
            <form method="post" action="/staff/sign-in/second-factor" novalidate>
              <CsrfField ctx={ctx} />
              <OneTimeCodeInput
                ctx={ctx}
                label={t('secondFactors:verify.codeLabel')}
                hint={t('secondFactors:totp.codeHint')}
                errors={errors}
              />
              <GovukButton text={t('secondFactors:continue')} />
            </form>
          ) : (
            ''
          )}
          {status.passkeys.length > 0 ? (
            <>
              {status.totp ? (
                <h2 class="govuk-heading-m" safe>
                  {t('secondFactors:verify.passkeyHeading')}
                </h2>
              ) : (
                ''
              )}
              <PasskeyForm
                ctx={ctx}
                error={errors.credential}
                ceremony="authenticate"
                optionsUrl="/staff/sign-in/second-factor/passkey/options"
                action="/staff/sign-in/second-factor/passkey"
                buttonText={t('secondFactors:verify.passkeyButton')}
                unavailableText={t('secondFactors:passkey.needsJavaScriptToUse')}
                script={props.script}
              />
            </>
          ) : (
            ''
          )}
          <h2 class="govuk-heading-m" safe>
            {t('secondFactors:verify.otherHeading')}
          </h2>
          <p class="govuk-body">
            <a class="govuk-link" href="/staff/sign-in/recovery-code" safe>
              {t('secondFactors:verify.useRecoveryCode')}
            </a>
          </p>
          <p class="govuk-body" safe>
            {t('secondFactors:verify.lostEverything')}
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function RecoveryCodeEntryPage(props: { ctx: PageContext; errors?: FieldMessages }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('secondFactors:recoveryEntry.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <form method="post" action="/staff/sign-in/recovery-code" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="code"
              name="code"
              autocomplete="off"
              spellcheck={false}
              autocapitalize="none"
              classes="govuk-input--width-10 govuk-input--extra-letter-spacing"
              label={{
                text: t('secondFactors:recoveryEntry.title'),
                isPageHeading: true,
                classes: 'govuk-label--l',
              }}
              hint={{ text: t('secondFactors:recoveryEntry.hint') }}
              errorMessage={fieldError(ctx, errors, 'code')}
            />
            <GovukButton text={t('secondFactors:continue')} />
          </form>
          <p class="govuk-body">
            <a class="govuk-link" href="/staff/sign-in/second-factor" safe>
              {t('secondFactors:recoveryEntry.back')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export type StartAgainReason = 'attempts' | 'locked' | 'expired';

/** The pending sign-in has ended: too many wrong codes, too many such sign-ins, or too slow. */
export function StartAgainPage(props: { ctx: PageContext; reason: StartAgainReason }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('secondFactors:startAgain.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:startAgain.title')}
          </h1>
          <p class="govuk-body" safe>
            {t(`secondFactors:startAgain.${props.reason}`)}
          </p>
          <GovukButton text={t('secondFactors:startAgain.signIn')} href="/staff/sign-in" />
        </div>
      </div>
    </Layout>
  );
}

/** The citizen sign-in page's passkey option (in the "other ways to sign in" slot). */
export function CitizenPasskeySignIn(props: {
  ctx: PageContext;
  returnTo: string;
  script: string;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <PasskeyForm
      ctx={ctx}
      ceremony="authenticate"
      optionsUrl="/sign-in/passkey/options"
      action="/sign-in/passkey"
      buttonText={t('secondFactors:citizen.signInButton')}
      unavailableText={t('secondFactors:citizen.signInNeedsJavaScript')}
      script={props.script}
    >
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <p class="govuk-body" safe>
        {t('secondFactors:citizen.signInIntro')}
      </p>
    </PasskeyForm>
  );
}

export function PasskeySignInFailedPage(props: { ctx: PageContext; returnTo: string }): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('secondFactors:citizen.failedTitle')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('secondFactors:citizen.failedTitle')}
          </h1>
          <GovukInsetText text={t('secondFactors:citizen.failedExplain')} />
          <GovukButton
            text={t('secondFactors:citizen.tryAgain')}
            href={`/sign-in?returnTo=${encodeURIComponent(props.returnTo)}`}
          />
        </div>
      </div>
    </Layout>
  );
}
