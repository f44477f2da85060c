import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
  type TextOrHtml,
} from './attributes.js';
import { GovukTag, type TagParams } from './tag.js';

export interface TaskListStatus extends TextOrHtml {
  /** Shows the status as a tag, in place of `text` or `html`. */
  tag?: TagParams;
  classes?: string;
}

export interface TaskListItem {
  title: TextOrHtml & { classes?: string };
  hint?: TextOrHtml;
  status: TaskListStatus;
  /** Makes the task's title a link. */
  href?: string;
  classes?: string;
}

/** Options of govuk-frontend's `govukTaskList` macro. */
export interface TaskListParams {
  /** Falsy items are skipped, so tasks can be included conditionally; they still count towards ids. */
  items: (TaskListItem | false | null | undefined)[];
  classes?: string;
  attributes?: GovukAttributes;
  /** Prefixes the ids of each task's hint and status. Defaults to "task-list". */
  idPrefix?: string;
}

function TaskListEntry({ item, idPrefix, index }: { item: TaskListItem; idPrefix: string; index: number }) {
  const hintId = `${idPrefix}-${index}-hint`;
  const statusId = `${idPrefix}-${index}-status`;
  const safeTitle = htmlOrText(item.title);
  const safeHint = item.hint ? htmlOrText(item.hint) : '';
  const safeStatus = item.status.tag ? <GovukTag {...item.status.tag} /> : htmlOrText(item.status);
  return (
    <li
      {...mergeAttributes({
        class: classNames(
          'govuk-task-list__item',
          item.href && 'govuk-task-list__item--with-link',
          item.classes,
        ),
      })}
    >
      <div class="govuk-task-list__name-and-hint">
        {item.href ? (
          <a
            {...mergeAttributes({
              class: classNames('govuk-link govuk-task-list__link', item.title.classes),
              href: item.href,
              'aria-describedby': item.hint ? `${hintId} ${statusId}` : statusId,
            })}
          >
            {safeTitle}
          </a>
        ) : (
          <div {...mergeAttributes({ class: item.title.classes || undefined })}>{safeTitle}</div>
        )}
        {item.hint ? (
          <div {...mergeAttributes({ id: hintId, class: 'govuk-task-list__hint' })}>{safeHint}</div>
        ) : (
          ''
        )}
      </div>
      <div
        {...mergeAttributes({
          class: classNames('govuk-task-list__status', item.status.classes),
          id: statusId,
        })}
      >
        {safeStatus}
      </div>
    </li>
  );
}

export function GovukTaskList(params: TaskListParams): JSX.Element {
  const idPrefix = params.idPrefix || 'task-list';
  return (
    <ul
      {...mergeAttributes(
        { class: classNames('govuk-task-list', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {params.items.map((item, index) =>
        item ? <TaskListEntry item={item} idPrefix={idPrefix} index={index + 1} /> : '',
      )}
    </ul>
  );
}
