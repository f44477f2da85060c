/** Pieces shared by the staff and citizen views of a case: answers, documents, timeline, status tags. */
import { GovukSummaryList } from '../../../platform/views/govuk/summary-list.js';
import { GovukTag } from '../../../platform/views/govuk/tag.js';
import { formatters, type PageContext } from '../../../platform/views/page-context.js';
import type { StoredFileInfo } from '../../../platform/storage/file-store.js';
import {
  fieldTypeOf,
  visiblePages,
  type Answers,
  type DisplayContext,
  type Page,
  type Question,
} from '../../forms/index.js';
import type { ResolvedService } from '../../catalogue/index.js';
import type { SlaStatus } from '../../workflow/index.js';
import type { CaseEvent } from '../cases.service.js';
import Html from '@kitajs/html';

export function displayContext(ctx: PageContext): DisplayContext {
  const format = formatters(ctx);
  return { t: ctx.t, formatDate: (date) => format.date(date), formatBytes: (size) => format.bytes(size) };
}

/** Lines of text as HTML with line breaks, each line escaped. */
export function linesHtml(lines: string[]): string {
  return lines.map((line) => Html.escapeHtml(line)).join('<br>');
}

export function AnswersSummary(props: {
  ctx: PageContext;
  service: ResolvedService;
  answers: Answers;
  changeHref?: (pageId: string) => string;
  fileHref?: (fileId: string) => string;
  /** Answers left out: hidden until a staff member gives a reason, or erased with the case's personal data. */
  withheld?: { hidden: string[]; erased: string[] };
}): JSX.Element {
  const { ctx, service, answers } = props;
  const display = displayContext(ctx);
  const withheld = new Map<string, string>([
    ...(props.withheld?.hidden ?? []).map((id) => [id, ctx.t('privacy:hidden')] as const),
    ...(props.withheld?.erased ?? []).map((id) => [id, ctx.t('privacy:erasedValue')] as const),
  ]);
  // A withheld answer keeps its row, wherever the pages' conditions would put it without that answer.
  const shown = new Set(
    visiblePages(service, answers).flatMap(({ questions }) => questions.map((question) => question.id)),
  );
  const pages: { page: Page; questions: Question[] }[] = service.pages
    .map((page) => ({
      page,
      questions: page.questions.filter((question) => shown.has(question.id) || withheld.has(question.id)),
    }))
    .filter(({ questions }) => questions.length > 0);
  const rows = pages.flatMap(({ page, questions }) =>
    questions.map((question) => {
      const withheldText = withheld.get(question.id);
      if (withheldText !== undefined) {
        return {
          key: { text: question.label },
          value: { html: `<span class="govuk-hint">${Html.escapeHtml(withheldText)}</span>` },
        };
      }
      const answer = answers[question.id];
      const lines =
        answer === undefined || answer === null
          ? []
          : fieldTypeOf(question).display(answer, question, display);
      let safeValue = lines.length ? linesHtml(lines) : Html.escapeHtml(ctx.t('cases:notAnswered'));
      if (question.type === 'file' && Array.isArray(answer) && props.fileHref) {
        const hrefFor = props.fileHref;
        safeValue = (answer as { id: string }[])
          .map(
            (file, index) =>
              `<a class="govuk-link" href="${Html.escapeHtml(hrefFor(file.id))}">${Html.escapeHtml(lines[index] ?? '')}</a>`,
          )
          .join('<br>');
      }
      const name = question.label;
      return {
        key: { text: name },
        value: { html: safeValue },
        actions: props.changeHref
          ? {
              items: [
                {
                  href: props.changeHref(page.id),
                  text: ctx.t('applications:check.change'),
                  visuallyHiddenText: name,
                },
              ],
            }
          : undefined,
      };
    }),
  );
  return <GovukSummaryList rows={rows} />;
}

export function DocumentList({
  ctx,
  files,
  hrefFor,
}: {
  ctx: PageContext;
  files: StoredFileInfo[];
  hrefFor: (id: string) => string;
}): JSX.Element {
  const format = formatters(ctx);
  if (files.length === 0) {
    return (
      <p class="govuk-body" safe>
        {ctx.t('cases:documents.none')}
      </p>
    );
  }
  return (
    <ul class="govuk-list">
      {files.map((file) => (
        <li>
          <a class="govuk-link" href={hrefFor(file.id)} safe>
            {file.name}
          </a>{' '}
          <span class="govuk-hint" safe>
            ({format.bytes(file.size)})
          </span>
        </li>
      ))}
    </ul>
  );
}

const slaColours: Record<SlaStatus, string> = {
  on_track: 'govuk-tag--green',
  due_soon: 'govuk-tag--yellow',
  overdue: 'govuk-tag--red',
  paused: 'govuk-tag--grey',
  closed: 'govuk-tag--grey',
};

export function SlaTag({ ctx, status }: { ctx: PageContext; status: SlaStatus }): JSX.Element {
  return <GovukTag text={ctx.t(`cases:sla.${status}`)} classes={slaColours[status]} />;
}

export function Timeline(props: {
  ctx: PageContext;
  events: CaseEvent[];
  stateLabel: (state: string) => string;
  audience: 'staff' | 'citizen';
}): JSX.Element {
  const { ctx, events } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  return (
    <ol class="plaza-timeline">
      {[...events].reverse().map((item) => {
        const actor =
          item.actor === null
            ? t('cases:timeline.system')
            : props.audience === 'citizen'
              ? item.actor.kind === 'citizen'
                ? t('cases:timeline.you')
                : t('cases:timeline.staff', { organisation: ctx.branding.organisationName })
              : (item.actor.name ??
                (item.actor.kind === 'citizen' ? t('cases:timeline.applicant') : t('cases:someone')));
        const title = t(`cases:timeline.${item.type}`, {
          state: item.toState ? props.stateLabel(item.toState) : '',
          assignee:
            typeof item.data.assigneeName === 'string' ? item.data.assigneeName : t('cases:timeline.nobody'),
        });
        return (
          <li class={item.visibility === 'internal' ? 'plaza-note--internal' : ''}>
            <h3 class="plaza-timeline__title" safe>
              {title}
            </h3>
            <p class="plaza-timeline__meta">
              <span safe>{actor}</span>,{' '}
              <time datetime={item.occurredAt.toISOString()} safe>
                {format.dateTime(item.occurredAt)}
              </time>
              {props.audience === 'staff' && item.visibility === 'internal' ? (
                <>
                  {' '}
                  <GovukTag text={t('cases:timeline.internal')} classes="govuk-tag--purple" />
                </>
              ) : (
                ''
              )}
            </p>
            {item.body ? (
              <p class="plaza-timeline__body" safe>
                {item.body}
              </p>
            ) : item.bodyHidden ? (
              <p class="plaza-timeline__body govuk-hint" safe>
                {t('privacy:hidden')}
              </p>
            ) : (
              ''
            )}
          </li>
        );
      })}
    </ol>
  );
}
