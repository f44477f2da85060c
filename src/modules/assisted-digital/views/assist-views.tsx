import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukRadios } from '../../../platform/views/govuk/radios.js';
import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { fieldError } from '../../../platform/views/form-fields.js';
import { assistedChannels } from '../../cases/index.js';

export interface AssistableService {
  slug: string;
  title: string;
  kind: 'application' | 'report';
  departmentName: string;
}

/** The staff member's first page: the service, how the citizen reached them, and who the citizen is. */
export function AssistStartPage(props: {
  ctx: PageContext;
  services: AssistableService[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const order = ['service', 'channel', 'name', 'email', 'phone'];
  const summary = order
    .filter((field) => errors[field])
    .map((field) => ({ href: `#${field}`, text: errors[field] as string }));
  const error = (field: string) => fieldError(ctx, errors, field);
  return (
    <Layout ctx={ctx} title={t('assisted:start.title')} errors={summary}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('assisted:start.title')}
          </h1>
          <p class="govuk-body" safe>
            {t('assisted:start.lead')}
          </p>
          {props.services.length === 0 ? (
            <p class="govuk-body" safe>
              {t('assisted:start.noServices')}
            </p>
          ) : (
            <form method="post" action="/staff/assist" novalidate>
              <CsrfField ctx={ctx} />
              <GovukSelect
                id="service"
                name="service"
                label={{ text: t('assisted:start.service'), classes: 'govuk-label--m' }}
                value={values.service ?? ''}
                errorMessage={error('service')}
                items={[
                  { value: '', text: t('assisted:start.chooseService') },
                  ...props.services.map((service) => ({
                    value: service.slug,
                    text: t(`assisted:start.serviceOption.${service.kind}`, {
                      title: service.title,
                      department: service.departmentName,
                    }),
                  })),
                ]}
              />
              <GovukRadios
                name="channel"
                idPrefix="channel"
                value={values.channel ?? ''}
                fieldset={{
                  legend: { text: t('assisted:start.channel'), classes: 'govuk-fieldset__legend--m' },
                }}
                errorMessage={error('channel')}
                items={assistedChannels.map((channel) => ({
                  value: channel,
                  text: t(`assisted:channel.${channel}`),
                }))}
              />
              <h2 class="govuk-heading-m" safe>
                {t('assisted:start.citizen')}
              </h2>
              <GovukInput
                id="name"
                name="name"
                autocomplete="off"
                spellcheck={false}
                value={values.name ?? ''}
                label={{ text: t('assisted:start.name') }}
                errorMessage={error('name')}
              />
              <GovukInput
                id="email"
                name="email"
                type="email"
                autocomplete="off"
                spellcheck={false}
                value={values.email ?? ''}
                label={{ text: t('assisted:start.email') }}
                hint={{ text: t('assisted:start.emailHint') }}
                errorMessage={error('email')}
              />
              <GovukInput
                id="phone"
                name="phone"
                type="tel"
                autocomplete="off"
                classes="govuk-input--width-20"
                value={values.phone ?? ''}
                label={{ text: t('assisted:start.phone') }}
                hint={{ text: t('assisted:start.phoneHint') }}
                errorMessage={error('phone')}
              />
              <GovukButton text={t('assisted:start.continue')} />
            </form>
          )}
        </div>
      </div>
    </Layout>
  );
}
