import {
  classNames,
  govukAttributes,
  htmlOrText,
  mergeAttributes,
  type GovukAttributes,
} from './attributes.js';

export interface TableCell {
  /** Escaped. Ignored when `html` is given. */
  text?: string | number;
  /** Trusted HTML, inserted as given. */
  html?: string;
  /** `numeric` right-aligns the cell. */
  format?: 'numeric' | (string & {});
  classes?: string;
  colspan?: number;
  rowspan?: number;
  attributes?: GovukAttributes;
}

/** Options of govuk-frontend's `govukTable` macro. */
export interface TableParams {
  /** Falsy rows are skipped, so rows can be included conditionally. */
  rows: (TableCell[] | false | null | undefined)[];
  head?: TableCell[];
  /** Escaped. */
  caption?: string;
  /** Typically a heading size, such as "govuk-table__caption--m". */
  captionClasses?: string;
  /** Makes the first cell of each row a row header. */
  firstCellIsHeader?: boolean;
  classes?: string;
  attributes?: GovukAttributes;
}

function cellContent(cell: TableCell): string {
  return htmlOrText({ html: cell.html, text: cell.text == null ? undefined : String(cell.text) });
}

function spans(cell: TableCell): { colspan?: string; rowspan?: string } {
  return {
    colspan: cell.colspan ? String(cell.colspan) : undefined,
    rowspan: cell.rowspan ? String(cell.rowspan) : undefined,
  };
}

export function GovukTable(params: TableParams): JSX.Element {
  return (
    <table
      {...mergeAttributes(
        { class: classNames('govuk-table', params.classes) },
        govukAttributes(params.attributes),
      )}
    >
      {params.caption ? (
        <caption
          {...mergeAttributes({ class: classNames('govuk-table__caption', params.captionClasses) })}
          safe
        >
          {params.caption}
        </caption>
      ) : (
        ''
      )}
      {params.head ? (
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {params.head.map((item) => {
              const safeContent = cellContent(item);
              return (
                <th
                  {...mergeAttributes(
                    {
                      scope: 'col',
                      class: classNames(
                        'govuk-table__header',
                        item.format && `govuk-table__header--${item.format}`,
                        item.classes,
                      ),
                      ...spans(item),
                    },
                    govukAttributes(item.attributes),
                  )}
                >
                  {safeContent}
                </th>
              );
            })}
          </tr>
        </thead>
      ) : (
        ''
      )}
      <tbody class="govuk-table__body">
        {params.rows.map((row) =>
          row ? (
            <tr class="govuk-table__row">
              {row.map((cell, index) => {
                const safeContent = cellContent(cell);
                return index === 0 && params.firstCellIsHeader ? (
                  <th
                    {...mergeAttributes(
                      {
                        scope: 'row',
                        class: classNames('govuk-table__header', cell.classes),
                        ...spans(cell),
                      },
                      govukAttributes(cell.attributes),
                    )}
                  >
                    {safeContent}
                  </th>
                ) : (
                  <td
                    {...mergeAttributes(
                      {
                        class: classNames(
                          'govuk-table__cell',
                          cell.format && `govuk-table__cell--${cell.format}`,
                          cell.classes,
                        ),
                        ...spans(cell),
                      },
                      govukAttributes(cell.attributes),
                    )}
                  >
                    {safeContent}
                  </td>
                );
              })}
            </tr>
          ) : (
            ''
          ),
        )}
      </tbody>
    </table>
  );
}
