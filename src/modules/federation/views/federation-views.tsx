import { fieldError, OneTimeCodeInput } from '../../../platform/views/form-fields.js';
import { GovukBackLink } from '../../../platform/views/govuk/back-link.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { errorSummary, type FieldMessages } from '../../../platform/http/forms.js';
import type { Assurance, SignInMethod } from '../../identity/index.js';
import type { FederationFailure, ProviderSummary } from '../federation.service.js';

export interface ProviderOption {
  provider: ProviderSummary;
  available: boolean;
}

/** One button per identity provider (a form, so the sign-in starts with a CSRF-checked POST). */
export function ProviderButtons(props: {
  ctx: PageContext;
  returnTo: string;
  options: ProviderOption[];
  /** The level the sign-in must give (a step-up). */
  level?: Assurance;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <div class="plaza-identity-providers">
      {props.options.map(({ provider, available }) =>
        available ? (
          <form method="post" action={`/sign-in/oidc/${provider.id}`} novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="returnTo" value={props.returnTo} />
            {props.level ? <input type="hidden" name="level" value={props.level} /> : ''}
            <GovukButton
              text={t('federation:signInWith', { provider: provider.name })}
              classes="govuk-button--secondary govuk-!-margin-bottom-2"
              preventDoubleClick={true}
            />
            {provider.description ? (
              <p class="govuk-hint" safe>
                {provider.description}
              </p>
            ) : (
              ''
            )}
          </form>
        ) : (
          <p class="govuk-body" safe>
            {t('federation:unavailableOption', { provider: provider.name })}
          </p>
        ),
      )}
    </div>
  );
}

export function StepUpPage(props: {
  ctx: PageContext;
  level: Assurance;
  returnTo: string;
  /** The level of the session now, when someone is signed in. */
  current: Assurance | undefined;
  method: SignInMethod | undefined;
  options: ProviderOption[];
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const level = t(`federation:levels.${props.level}`);
  return (
    <Layout ctx={ctx} title={t('federation:stepUp.title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('federation:stepUp.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('federation:stepUp.why', { level })}
          </p>
          <p class="govuk-body" safe>
            {t('federation:stepUp.levels')}
          </p>
          {props.current ? (
            <GovukInsetText
              text={t('federation:stepUp.current', {
                method: t(`federation:methods.${props.method ?? 'unknown'}`),
                level: t(`federation:levels.${props.current}`),
              })}
            />
          ) : (
            ''
          )}
          {props.options.length > 0 ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('federation:stepUp.ways', { level })}
              </h2>
              <ProviderButtons
                ctx={ctx}
                returnTo={props.returnTo}
                options={props.options}
                level={props.level}
              />
            </>
          ) : (
            <p class="govuk-body" safe>
              {t('federation:stepUp.noWay', { level })}
            </p>
          )}
          <p class="govuk-body">
            <a class="govuk-link" href="/" safe>
              {t('federation:stepUp.notNow')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function FederationFailedPage(props: {
  ctx: PageContext;
  reason: FederationFailure | 'no_sign_in';
  providerName: string;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(`federation:failed.${props.reason}.title`)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t(`federation:failed.${props.reason}.title`)}
          </h1>
          <p class="govuk-body" safe>
            {t(`federation:failed.${props.reason}.body`, { provider: props.providerName })}
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href="/sign-in" safe>
              {t('federation:failed.tryAgain')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function EmailNeededPage(props: {
  ctx: PageContext;
  providerName: string;
  values?: Record<string, string>;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('federation:email.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <form method="post" action="/sign-in/oidc/email" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              spellcheck={false}
              value={props.values?.email ?? ''}
              label={{ text: t('federation:email.title'), isPageHeading: true, classes: 'govuk-label--l' }}
              hint={{ text: t('federation:email.hint', { provider: props.providerName }) }}
              errorMessage={fieldError(ctx, errors, 'email')}
            />
            <GovukButton text={t('federation:continue')} />
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
      title={t('federation:code.title')}
      errors={errorSummary(errors)}
      beforeContent={<GovukBackLink href="/sign-in/oidc/email" text={t('federation:back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('federation:code.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('federation:code.sent', { email: props.email })}
          </p>
          {props.showOutboxHint ? (
            <p class="govuk-body">
              <a class="govuk-link" href="/dev/outbox" safe>
                {t('federation:code.openOutbox')}
              </a>
            </p>
          ) : (
            ''
          )}
          <form method="post" action="/sign-in/oidc/email/code" novalidate>
            <CsrfField ctx={ctx} />
            <OneTimeCodeInput ctx={ctx} label={t('federation:code.label')} errors={errors} />
            <GovukButton text={t('federation:continue')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}
