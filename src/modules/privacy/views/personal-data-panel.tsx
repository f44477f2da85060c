/** On a staff member's case page: whether the personal data shows, and the form that shows it, with a reason. */
import { GovukButton } from '../../../platform/views/govuk/button.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import { GovukTextarea } from '../../../platform/views/govuk/textarea.js';
import { GovukWarningText } from '../../../platform/views/govuk/warning-text.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import { REVEAL_MINUTES, REVEAL_REASON_MAX } from '../reveal.js';

export interface PersonalDataPanelProps {
  ctx: PageContext;
  /** Where the reveal form posts. */
  action: string;
  hidden: boolean;
  revealedUntil: Date | null;
  anonymisedAt: Date | null;
  error?: string;
  reason?: string;
}

export function PersonalDataPanel(props: PersonalDataPanelProps): JSX.Element {
  const { ctx } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  if (props.anonymisedAt) {
    return (
      <GovukInsetText
        id="personal-data"
        text={t('privacy:reveal.anonymised', { date: format.date(props.anonymisedAt) })}
      />
    );
  }
  if (!props.hidden) {
    return (
      <GovukInsetText
        id="personal-data"
        text={t('privacy:reveal.showingUntil', {
          until: props.revealedUntil ? format.dateTime(props.revealedUntil) : '',
        })}
      />
    );
  }
  return (
    <section id="personal-data" aria-labelledby="personal-data-heading" class="govuk-!-margin-bottom-6">
      <h2 class="govuk-heading-m" id="personal-data-heading" safe>
        {t('privacy:reveal.heading')}
      </h2>
      <GovukWarningText
        text={t('privacy:reveal.warning', { minutes: REVEAL_MINUTES })}
        iconFallbackText={t('privacy:reveal.warningPrefix')}
      />
      <form method="post" action={props.action} novalidate>
        <CsrfField ctx={ctx} />
        <GovukTextarea
          id="reveal-reason"
          name="reason"
          rows={2}
          value={props.reason ?? ''}
          label={{ text: t('privacy:reveal.reasonLabel'), classes: 'govuk-label--s' }}
          hint={{ text: t('privacy:reveal.reasonHint', { max: REVEAL_REASON_MAX }) }}
          errorMessage={
            props.error ? { text: props.error, visuallyHiddenText: t('forms:errorPrefix') } : undefined
          }
        />
        <GovukButton text={t('privacy:reveal.button')} classes="govuk-button--secondary" />
      </form>
    </section>
  );
}
