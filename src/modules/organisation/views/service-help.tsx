/**
 * "Get help with this service": how to reach the department that runs a service (phone, email, address and
 * opening hours from departments.yaml), shown on every page of the service a citizen sees.
 */
import type { PageContext } from '../../../platform/views/page-context.js';
import { openingHoursLines } from '../opening-hours.js';
import type { Department } from '../organisation.schema.js';

export function ServiceHelp(props: { ctx: PageContext; department: Department | undefined }): JSX.Element {
  const { ctx, department } = props;
  const { t } = ctx;
  if (!department) return '';
  const hours = department.openingHours ? openingHoursLines(department.openingHours, ctx) : [];
  const hasContact = department.phone || department.email || department.address || hours.length > 0;
  if (!hasContact) return '';
  return (
    <section class="plaza-service-help govuk-!-margin-top-8" aria-labelledby="service-help-heading">
      <h2 class="govuk-heading-m" id="service-help-heading" safe>
        {t('organisation:help.heading')}
      </h2>
      <p class="govuk-body" safe>
        {t('organisation:help.lead', { department: department.name })}
      </p>
      <ul class="govuk-list">
        {department.phone ? (
          <li>
            <span safe>{t('organisation:help.phone')}</span>{' '}
            <a class="govuk-link" href={`tel:${department.phone.replace(/[^\d+]/g, '')}`} safe>
              {department.phone}
            </a>
          </li>
        ) : (
          ''
        )}
        {department.email ? (
          <li>
            <span safe>{t('organisation:help.email')}</span>{' '}
            <a class="govuk-link" href={`mailto:${department.email}`} safe>
              {department.email}
            </a>
          </li>
        ) : (
          ''
        )}
        {department.address ? (
          <li>
            <span safe>{t('organisation:help.address')}</span> <span safe>{department.address}</span>
          </li>
        ) : (
          ''
        )}
      </ul>
      {hours.length > 0 ? (
        <>
          <h3 class="govuk-heading-s" safe>
            {t('organisation:help.openingHours')}
          </h3>
          <ul class="govuk-list">
            {hours.map((line) => (
              <li safe>{line}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}
