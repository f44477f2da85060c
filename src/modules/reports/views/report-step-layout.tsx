/**
 * The frame every step of the report journey shares: the page titled by the step and the service, the error
 * summary, the way back, one two-thirds column with the service's name as a caption, and "Get help with this
 * service" at its end. Each step page draws only what is its own inside it.
 */
import type { Children } from '@kitajs/html';
import { GovukBackLink } from '../../../platform/views/govuk/back-link.js';
import { CsrfField } from '../../../platform/views/csrf-field.js';
import { Layout, type ErrorSummaryEntry } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { UntranslatedNotice, type ResolvedService } from '../../catalogue/index.js';

export function ReportStepLayout(props: {
  ctx: PageContext;
  service: ResolvedService;
  /**
   * The step's own title, before the service's in the browser's title. The start page has none: its heading
   * is the service's title, so it is titled by that alone and wears no caption.
   */
  title?: string;
  errors?: ErrorSummaryEntry[];
  backHref: string;
  /** For the pages that show the service's own words, which may lack a translation. */
  untranslatedNotice?: boolean;
  /**
   * For a step that is one form: the column holds that form, with the caption inside it after the CSRF
   * field, so the caption is read as part of the question.
   */
  formAction?: string;
  /** "Get help with this service": its department's contacts. */
  safeHelp?: JSX.Element;
  children?: Children;
}): JSX.Element {
  const { ctx, service, title } = props;
  const safeHelp = props.safeHelp ?? '';
  const caption =
    title === undefined ? (
      ''
    ) : (
      <span class="govuk-caption-l" safe>
        {service.title}
      </span>
    );
  return (
    <Layout
      ctx={ctx}
      title={title === undefined ? service.title : `${title} – ${service.title}`}
      errors={props.errors}
      beforeContent={<GovukBackLink href={props.backHref} text={ctx.t('layout.back')} />}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {props.untranslatedNotice ? <UntranslatedNotice ctx={ctx} service={service} /> : ''}
          {props.formAction === undefined ? (
            <>
              {caption}
              {props.children}
            </>
          ) : (
            <form method="post" action={props.formAction} novalidate>
              <CsrfField ctx={ctx} />
              {caption}
              {props.children}
            </form>
          )}
          {safeHelp}
        </div>
      </div>
    </Layout>
  );
}
