import { fieldError } from '../../../platform/views/form-fields.js';
import Html from '@kitajs/html';
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../platform/views/govuk/input.js';
import { GovukNotificationBanner } from '../../../platform/views/govuk/notification-banner.js';
import { GovukPanel } from '../../../platform/views/govuk/panel.js';
import { GovukSelect } from '../../../platform/views/govuk/select.js';
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout } from '../../../platform/views/layout.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { staffRoles, type StaffRole } from '../../identity/index.js';
import type { StaffMember } from '../staff-admin.service.js';

type Departments = { id: string; name: string }[];

function roleText(
  ctx: PageContext,
  departments: Departments,
  role: { role: StaffRole; departmentId: string | null },
): string {
  const where = role.departmentId
    ? (departments.find((department) => department.id === role.departmentId)?.name ?? role.departmentId)
    : ctx.t('staffAdmin:allDepartments');
  return ctx.t('staffAdmin:roleIn', { role: ctx.t(`staffAdmin:roles.${role.role}`), where });
}

function roleFields(
  ctx: PageContext,
  departments: Departments,
  errors: Record<string, string>,
  values: Record<string, string>,
): JSX.Element {
  const { t } = ctx;
  return (
    <>
      <GovukSelect
        id="role"
        name="role"
        label={{ text: t('staffAdmin:fields.role') }}
        value={values.role ?? 'caseworker'}
        errorMessage={fieldError(ctx, errors, 'role')}
        items={staffRoles.map((role) => ({ value: role, text: t(`staffAdmin:roles.${role}`) }))}
      />
      <GovukSelect
        id="department"
        name="department"
        label={{ text: t('staffAdmin:fields.department') }}
        hint={{ text: t('staffAdmin:fields.departmentHint') }}
        value={values.department ?? ''}
        errorMessage={fieldError(ctx, errors, 'department')}
        items={[
          { value: '', text: t('staffAdmin:allDepartments') },
          ...departments.map((department) => ({ value: department.id, text: department.name })),
        ]}
      />
    </>
  );
}

export function StaffListPage({
  ctx,
  staff,
  departments,
}: {
  ctx: PageContext;
  staff: StaffMember[];
  departments: Departments;
}): JSX.Element {
  const { t } = ctx;
  const format = formatters(ctx);
  return (
    <Layout ctx={ctx} title={t('staffAdmin:list.title')}>
      <h1 class="govuk-heading-l" safe>
        {t('staffAdmin:list.title')}
      </h1>
      <GovukButton text={t('staffAdmin:list.add')} href="/staff/accounts/new" />
      <GovukTable
        caption={t('staffAdmin:list.title')}
        captionClasses="govuk-visually-hidden"
        head={[
          { text: t('staffAdmin:fields.name') },
          { text: t('staffAdmin:fields.email') },
          { text: t('staffAdmin:fields.roles') },
          { text: t('staffAdmin:fields.status') },
          { text: t('staffAdmin:fields.lastSignIn') },
        ]}
        rows={staff.map((member) => [
          {
            html: `<a class="govuk-link" href="/staff/accounts/${member.id}">${Html.escapeHtml(member.name ?? member.email)}</a>`,
          },
          { text: member.email },
          {
            html:
              member.roles.map((role) => Html.escapeHtml(roleText(ctx, departments, role))).join('<br>') ||
              Html.escapeHtml(t('staffAdmin:noRoles')),
          },
          {
            html: (
              <GovukTag
                text={t(member.disabled ? 'staffAdmin:disabled' : 'staffAdmin:active')}
                classes={member.disabled ? 'govuk-tag--grey' : 'govuk-tag--green'}
              />
            ) as string,
          },
          { text: member.lastSignedInAt ? format.dateTime(member.lastSignedInAt) : t('staffAdmin:never') },
        ])}
      />
    </Layout>
  );
}

export function NewStaffPage(props: {
  ctx: PageContext;
  departments: Departments;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  return (
    <Layout
      ctx={ctx}
      title={t('staffAdmin:new.title')}
      errors={Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }))}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {t('staffAdmin:new.title')}
          </h1>
          <form method="post" action="/staff/accounts/new" novalidate>
            <CsrfField ctx={ctx} />
            <GovukInput
              id="name"
              name="name"
              autocomplete="off"
              spellcheck={false}
              value={values.name ?? ''}
              label={{ text: t('staffAdmin:fields.name') }}
              errorMessage={fieldError(ctx, errors, 'name')}
            />
            <GovukInput
              id="email"
              name="email"
              type="email"
              spellcheck={false}
              value={values.email ?? ''}
              label={{ text: t('staffAdmin:fields.email') }}
              errorMessage={fieldError(ctx, errors, 'email')}
            />
            {roleFields(ctx, props.departments, errors, values)}
            <GovukButton text={t('staffAdmin:new.submit')} />
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** Shown once: the temporary password is not stored anywhere it can be read again. */
export function PasswordOncePage({
  ctx,
  member,
  password,
  created,
}: {
  ctx: PageContext;
  member: StaffMember;
  password: string;
  created: boolean;
}): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(created ? 'staffAdmin:once.createdTitle' : 'staffAdmin:once.resetTitle')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <GovukPanel
            titleText={t(created ? 'staffAdmin:once.createdTitle' : 'staffAdmin:once.resetTitle')}
            html={
              (
                <>
                  <span safe>{t('staffAdmin:once.password')}</span>
                  <br />
                  <strong class="plaza-password" safe>
                    {password}
                  </strong>
                </>
              ) as string
            }
          />
          <p class="govuk-body" safe>
            {t('staffAdmin:once.explain', { name: member.name ?? member.email })}
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href={`/staff/accounts/${member.id}`} safe>
              {t('staffAdmin:once.back')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function StaffMemberPage(props: {
  ctx: PageContext;
  member: StaffMember;
  departments: Departments;
  notice?: string;
  problem?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}): JSX.Element {
  const { ctx, member, departments } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const errors = props.errors ?? {};
  const base = `/staff/accounts/${member.id}`;
  return (
    <Layout
      ctx={ctx}
      title={member.name ?? member.email}
      errors={Object.entries(errors).map(([field, text]) => ({ href: `#${field}`, text }))}
    >
      {props.problem ? (
        <GovukNotificationBanner role="alert" titleText={t('staffAdmin:problem')} text={props.problem} />
      ) : props.notice ? (
        <GovukNotificationBanner type="success" titleText={t('staffAdmin:done')} text={props.notice} />
      ) : (
        ''
      )}
      <span class="govuk-caption-l" safe>
        {t('staffAdmin:list.title')}
      </span>
      <h1 class="govuk-heading-l" safe>
        {member.name ?? member.email}
      </h1>
      <GovukSummaryList
        rows={[
          { key: { text: t('staffAdmin:fields.email') }, value: { text: member.email } },
          {
            key: { text: t('staffAdmin:fields.status') },
            value: { text: t(member.disabled ? 'staffAdmin:disabled' : 'staffAdmin:active') },
          },
          {
            key: { text: t('staffAdmin:fields.lastSignIn') },
            value: {
              text: member.lastSignedInAt ? format.dateTime(member.lastSignedInAt) : t('staffAdmin:never'),
            },
          },
        ]}
      />
      <h2 class="govuk-heading-m" safe>
        {t('staffAdmin:fields.roles')}
      </h2>
      {member.roles.length === 0 ? (
        <p class="govuk-body" safe>
          {t('staffAdmin:noRoles')}
        </p>
      ) : (
        <ul class="govuk-list">
          {member.roles.map((role) => (
            <li>
              <form method="post" action={`${base}/roles/${role.id}/remove`} class="plaza-inline-form">
                <CsrfField ctx={ctx} />
                <span safe>{roleText(ctx, departments, role)}</span>{' '}
                <button type="submit" class="plaza-link-button govuk-link">
                  <span safe>{t('staffAdmin:remove')}</span>
                  <span class="govuk-visually-hidden" safe>{` ${roleText(ctx, departments, role)}`}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 class="govuk-heading-m" safe>
        {t('staffAdmin:grant.title')}
      </h2>
      <form method="post" action={`${base}/roles`} novalidate>
        <CsrfField ctx={ctx} />
        {roleFields(ctx, departments, errors, props.values ?? {})}
        <GovukButton text={t('staffAdmin:grant.submit')} classes="govuk-button--secondary" />
      </form>
      <h2 class="govuk-heading-m" safe>
        {t('staffAdmin:account')}
      </h2>
      <div class="govuk-button-group">
        <form method="post" action={`${base}/password`} class="plaza-inline-form">
          <CsrfField ctx={ctx} />
          <GovukButton text={t('staffAdmin:resetPassword')} classes="govuk-button--secondary" />
        </form>
        <form method="post" action={`${base}/second-factors`} class="plaza-inline-form">
          <CsrfField ctx={ctx} />
          <GovukButton text={t('staffAdmin:resetSecondFactors')} classes="govuk-button--secondary" />
        </form>
        <form method="post" action={`${base}/status`} class="plaza-inline-form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="disabled" value={member.disabled ? 'false' : 'true'} />
          <GovukButton
            text={t(member.disabled ? 'staffAdmin:enable' : 'staffAdmin:disable')}
            classes={member.disabled ? 'govuk-button--secondary' : 'govuk-button--warning'}
          />
        </form>
      </div>
    </Layout>
  );
}
