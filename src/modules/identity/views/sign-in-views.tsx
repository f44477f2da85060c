import { fieldError, OneTimeCodeInput } from '../../../platform/views/form-fields.js';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { GovukPasswordInput } from '../../../platform/views/govuk/password-input.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { errorSummary, type FieldMessages } from '../../../platform/http/forms.js';

export function CitizenSignInPage(props: {
  ctx: PageContext;
  returnTo: string;
  /** Other ways to sign in, rendered by the modules that offer them. */
  others?: JSX.Element[];
  values?: Record<string, string>;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('identity:citizen.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <form method="post" action="/sign-in" novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="returnTo" value={props.returnTo} />
            <GovukInput
              id="email"
              name="email"
              type="email"
              autocomplete="email"
              spellcheck={false}
              value={props.values?.email ?? ''}
              label={{
                text: t('identity:citizen.emailLabel'),
                isPageHeading: true,
                classes: 'govuk-label--l',
              }}
              hint={{ text: t('identity:citizen.emailHint') }}
              errorMessage={fieldError(ctx, errors, 'email')}
            />
            <GovukButton text={t('identity:continue')} />
          </form>
          {props.others?.length ? (
            <>
              <h2 class="govuk-heading-m" safe>
                {t('identity:citizen.otherWays')}
              </h2>
              {props.others as 'safe'[]}
            </>
          ) : (
            ''
          )}
        </div>
      </div>
    </Layout>
  );
}

export function CodePage(props: {
  ctx: PageContext;
  email: string;
  errors?: FieldMessages;
  showOutboxHint: boolean;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('identity:code.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('identity:code.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('identity:code.sent', { email: props.email })}
          </p>
          {props.showOutboxHint ? (
            <GovukInsetText
              html={
                (
                  <>
                    <span safe>{t('identity:code.developmentHint')}</span>{' '}
                    <a class="govuk-link" href="/dev/outbox" safe>
                      {t('identity:code.openOutbox')}
                    </a>
                  </>
                ) as string
              }
            />
          ) : (
            ''
          )}
          <form method="post" action="/sign-in/code" novalidate>
            <CsrfField ctx={ctx} />
            <OneTimeCodeInput
              ctx={ctx}
              label={t('identity:code.label')}
              hint={t('identity:code.hint')}
              errors={errors}
            />
            <GovukButton text={t('identity:code.submit')} />
          </form>
          <p class="govuk-body">
            <a class="govuk-link" href="/sign-in" safe>
              {t('identity:code.again')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function StaffSignInPage(props: {
  ctx: PageContext;
  returnTo: string;
  values?: Record<string, string>;
  errors?: FieldMessages;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={t('identity:staff.title')} errors={errorSummary(errors)}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('identity:staff.title')}
          </h1>
          <form method="post" action="/staff/sign-in" novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="returnTo" value={props.returnTo} />
            <GovukInput
              id="email"
              name="email"
              type="email"
              autocomplete="username"
              spellcheck={false}
              value={props.values?.email ?? ''}
              label={{ text: t('identity:staff.emailLabel') }}
              errorMessage={fieldError(ctx, errors, 'email')}
            />
            <GovukPasswordInput
              id="password"
              name="password"
              label={{ text: t('identity:staff.passwordLabel') }}
              errorMessage={fieldError(ctx, errors, 'password')}
              showPasswordText={t('identity:staff.show')}
              hidePasswordText={t('identity:staff.hide')}
              showPasswordAriaLabelText={t('identity:staff.showAria')}
              hidePasswordAriaLabelText={t('identity:staff.hideAria')}
              passwordShownAnnouncementText={t('identity:staff.shownAnnouncement')}
              passwordHiddenAnnouncementText={t('identity:staff.hiddenAnnouncement')}
            />
            <GovukButton text={t('identity:staff.submit')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}
