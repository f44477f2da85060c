import { fieldError } from '../../../platform/views/form-fields.js';
import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukCheckboxes } from '../../../platform/views/govuk/checkboxes.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukPanel } from '../../../platform/views/govuk/panel.js';
import { GovukRadios } from '../../../platform/views/govuk/radios.js';
import { GovukSummaryList, type SummaryListRow } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { apiScopes } from '../../identity/index.js';
import { clientKinds, DEFAULT_REQUESTS_PER_MINUTE } from '../partners.schemas.js';
import type { ApiClient } from '../partners.service.js';

type Departments = { id: string; name: string }[];

const LIST_PATH = '/staff/api-clients';

function departmentNames(departments: Departments, ids: string[]): string {
  return ids.map((id) => departments.find((department) => department.id === id)?.name ?? id).join(', ');
}

/** How a person recognises the client's credential: its client_id, or the beginning of its key. */
function identifier(client: ApiClient): string {
  return client.clientId ?? `${client.secretPrefix}…`;
}

function StatusTag({ ctx, client }: { ctx: PageContext; client: ApiClient }): JSX.Element {
  return (
    <GovukTag
      text={ctx.t(client.revokedAt ? 'partners:status.revoked' : 'partners:status.active')}
      classes={client.revokedAt ? 'govuk-tag--grey' : 'govuk-tag--green'}
    />
  );
}

export function ApiClientListPage(props: {
  ctx: PageContext;
  clients: ApiClient[];
  departments: Departments;
}): JSX.Element {
  const { ctx, departments } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  return (
    <Layout ctx={ctx} title={t('partners:list.title')}>
      <h1 class="govuk-heading-l" safe>
        {t('partners:list.title')}
      </h1>
      <p class="govuk-body" safe>
        {t('partners:list.lead')}
      </p>
      <GovukButton text={t('partners:list.add')} href={`${LIST_PATH}/new`} />
      {props.clients.length === 0 ? (
        <p class="govuk-body" safe>
          {t('partners:list.empty')}
        </p>
      ) : (
        <GovukTable
          caption={t('partners:list.title')}
          captionClasses="govuk-visually-hidden"
          head={[
            { text: t('partners:fields.name') },
            { text: t('partners:fields.identifier') },
            { text: t('partners:fields.scopes') },
            { text: t('partners:fields.departments') },
            { text: t('partners:fields.lastUsed') },
            { text: t('partners:fields.status') },
          ]}
          rows={props.clients.map((client) => [
            {
              html: `<a class="govuk-link" href="${LIST_PATH}/${client.id}">${Html.escapeHtml(client.name)}</a>`,
            },
            { html: `<code>${Html.escapeHtml(identifier(client))}</code>` },
            { text: client.scopes.join(', ') },
            { text: departmentNames(departments, client.departmentIds) },
            { text: client.lastUsedAt ? format.dateTime(client.lastUsedAt) : t('partners:never') },
            { html: (<StatusTag ctx={ctx} client={client} />) as string },
          ])}
        />
      )}
    </Layout>
  );
}

export function NewApiClientPage(props: {
  ctx: PageContext;
  /** The departments this administrator may give a client. */
  departments: Departments;
  errors?: Record<string, string>;
  values?: {
    kind?: string;
    name?: string;
    scopes?: string[];
    departments?: string[];
    requestsPerMinute?: string;
  };
}): JSX.Element {
  const { ctx, departments } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('partners:new.title')}
      errors={Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }))}
      beforeContent={
        <a href={LIST_PATH} class="govuk-back-link" safe>
          {t('layout.back')}
        </a>
      }
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('partners:new.title')}
          </h1>
          <form method="post" action={`${LIST_PATH}/new`} novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="name"
              name="name"
              autocomplete="off"
              spellcheck={false}
              value={values.name ?? ''}
              label={{ text: t('partners:fields.name'), classes: 'govuk-label--s' }}
              hint={{ text: t('partners:new.nameHint') }}
              errorMessage={fieldError(ctx, errors, 'name')}
            />
            <GovukRadios
              name="kind"
              idPrefix="kind"
              value={values.kind ?? 'api_key'}
              fieldset={{ legend: { text: t('partners:fields.kind'), classes: 'govuk-fieldset__legend--s' } }}
              errorMessage={fieldError(ctx, errors, 'kind')}
              items={clientKinds.map((kind) => ({
                value: kind,
                text: t(`partners:kinds.${kind}`),
                hint: { text: t(`partners:kindHints.${kind}`) },
              }))}
            />
            <GovukCheckboxes
              name="scopes"
              idPrefix="scopes"
              values={values.scopes ?? []}
              fieldset={{
                legend: { text: t('partners:fields.scopes'), classes: 'govuk-fieldset__legend--s' },
              }}
              hint={{ text: t('partners:new.scopesHint') }}
              errorMessage={fieldError(ctx, errors, 'scopes')}
              items={apiScopes.map((scope) => ({
                value: scope,
                text: scope,
                hint: { text: t(`partners:scopes.${scope.replace(':', '_')}`) },
              }))}
            />
            <GovukCheckboxes
              name="departments"
              idPrefix="departments"
              values={values.departments ?? []}
              fieldset={{
                legend: { text: t('partners:fields.departments'), classes: 'govuk-fieldset__legend--s' },
              }}
              hint={{ text: t('partners:new.departmentsHint') }}
              errorMessage={fieldError(ctx, errors, 'departments')}
              items={departments.map((department) => ({ value: department.id, text: department.name }))}
            />
            <GovukInput
              id="requestsPerMinute"
              name="requestsPerMinute"
              inputmode="numeric"
              classes="govuk-input--width-5"
              spellcheck={false}
              value={values.requestsPerMinute ?? String(DEFAULT_REQUESTS_PER_MINUTE)}
              label={{ text: t('partners:fields.requestsPerMinute'), classes: 'govuk-label--s' }}
              hint={{ text: t('partners:new.requestsPerMinuteHint') }}
              errorMessage={fieldError(ctx, errors, 'requestsPerMinute')}
            />
            <GovukButton text={t('partners:new.submit')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** Shown once: the key or secret is kept only as a hash, so nobody can show it again. */
export function ApiClientCreatedPage(props: {
  ctx: PageContext;
  client: ApiClient;
  secret: string;
  /** The site's public address, for the example commands. */
  baseUrl: string;
}): JSX.Element {
  const { ctx, client, secret, baseUrl } = props;
  const { t } = ctx;
  const oauth = client.kind === 'oauth';
  const title = t(oauth ? 'partners:created.oauthTitle' : 'partners:created.apiKeyTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <GovukPanel titleText={title} text={client.name} />
          <GovukWarningText
            text={t('partners:created.once')}
            iconFallbackText={t('partners:created.warning')}
          />
          <GovukSummaryList
            rows={[
              ...(client.clientId
                ? [
                    {
                      key: { text: 'client_id' },
                      value: { html: `<code class="plaza-code">${Html.escapeHtml(client.clientId)}</code>` },
                    },
                  ]
                : []),
              {
                key: { text: oauth ? 'client_secret' : t('partners:created.apiKey') },
                value: { html: `<code class="plaza-code">${Html.escapeHtml(secret)}</code>` },
              },
            ]}
          />
          <h2 class="govuk-heading-m" safe>
            {t('partners:created.howTitle')}
          </h2>
          <p class="govuk-body" safe>
            {t(oauth ? 'partners:created.howOauth' : 'partners:created.howApiKey')}
          </p>
          <pre class="govuk-body plaza-code" safe>
            {oauth
              ? `curl -u '${client.clientId ?? ''}:${client.secretPrefix}…' \\\n  -d grant_type=client_credentials ${baseUrl}/api/oauth/token`
              : `curl -H 'Authorization: Bearer ${client.secretPrefix}…' \\\n  '${baseUrl}/api/cases?department=${client.departmentIds[0] ?? ''}'`}
          </pre>
          <p class="govuk-body">
            <a class="govuk-link" href={`${LIST_PATH}/${client.id}`} safe>
              {t('partners:created.back')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function ApiClientPage(props: {
  ctx: PageContext;
  client: ApiClient;
  departments: Departments;
  notice?: string;
}): JSX.Element {
  const { ctx, client, departments } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const rows: SummaryListRow[] = [
    { key: { text: t('partners:fields.kind') }, value: { text: t(`partners:kinds.${client.kind}`) } },
    {
      key: { text: t(client.clientId ? 'partners:fields.clientId' : 'partners:fields.keyPrefix') },
      value: { html: `<code>${Html.escapeHtml(identifier(client))}</code>` },
    },
    { key: { text: t('partners:fields.scopes') }, value: { text: client.scopes.join(', ') } },
    {
      key: { text: t('partners:fields.departments') },
      value: { text: departmentNames(departments, client.departmentIds) },
    },
    {
      key: { text: t('partners:fields.requestsPerMinute') },
      value: { text: format.number(client.requestsPerMinute) },
    },
    {
      key: { text: t('partners:fields.created') },
      value: {
        text: t('partners:createdBy', {
          when: format.dateTime(client.createdAt),
          who: client.createdBy?.name ?? t('partners:commandLine'),
        }),
      },
    },
    {
      key: { text: t('partners:fields.lastUsed') },
      value: { text: client.lastUsedAt ? format.dateTime(client.lastUsedAt) : t('partners:never') },
    },
    {
      key: { text: t('partners:fields.status') },
      value: {
        html: client.revokedAt
          ? `${(<StatusTag ctx={ctx} client={client} />) as string} ${Html.escapeHtml(format.dateTime(client.revokedAt))}`
          : ((<StatusTag ctx={ctx} client={client} />) as string),
      },
    },
  ];
  return (
    <Layout
      ctx={ctx}
      title={client.name}
      beforeContent={
        <a href={LIST_PATH} class="govuk-back-link" safe>
          {t('layout.back')}
        </a>
      }
    >
      {props.notice ? (
        <GovukNotificationBanner type="success" titleText={t('partners:done')} text={props.notice} />
      ) : (
        ''
      )}
      <span class="govuk-caption-l" safe>
        {t('partners:list.title')}
      </span>
      <h1 class="govuk-heading-l" safe>
        {client.name}
      </h1>
      <GovukSummaryList rows={rows} />
      {client.revokedAt ? (
        ''
      ) : (
        <>
          <h2 class="govuk-heading-m" safe>
            {t('partners:revoke.title')}
          </h2>
          <GovukWarningText
            text={t('partners:revoke.warning')}
            iconFallbackText={t('partners:created.warning')}
          />
          <form method="post" action={`${LIST_PATH}/${client.id}/revoke`}>
            <CsrfField ctx={ctx} />
            <GovukButton
              text={t('partners:revoke.submit')}
              classes="govuk-button--warning"
              attributes={{ 'aria-describedby': 'revoke-name' }}
            />
            <span id="revoke-name" class="govuk-visually-hidden" safe>
              {client.name}
            </span>
          </form>
        </>
      )}
    </Layout>
  );
}
