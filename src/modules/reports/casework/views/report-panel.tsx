/**
 * The report panel of the staff case page: where the problem is (a static map, the address, the
 * coordinates), its photos, who else reported it, triage's suggestion, candidate duplicates with their
 * reasons, and the forms to merge, move to another department, or pass it on as "not ours".
 */
import Html from '@kitajs/html';
import { GovukButton } from '../../../../platform/views/govuk/button.js';
import { GovukInput } from '../../../../platform/views/govuk/input.js';
import { GovukSelect } from '../../../../platform/views/govuk/select.js';
import { GovukSummaryList } from '../../../../platform/views/govuk/summary-list.js';
import { GovukTag } from '../../../../platform/views/govuk/tag.js';
import { GovukTextarea } from '../../../../platform/views/govuk/textarea.js';
import { CsrfField } from '../../../../platform/views/csrf-field.js';
import { formatters, type PageContext } from '../../../../platform/views/page-context.js';
import { describeDuplicateReasons } from '../../duplicate-candidates.js';
import { StaticMap, type MapSettings } from '../../views/map-parts.js';
import type { ReportPanel, ReportSummary } from '../casework.service.js';
import { referralContact } from '../referrals.js';

export interface ReportPanelProps {
  ctx: PageContext;
  panel: ReportPanel;
  map: MapSettings | undefined;
  caseReference: string;
  version: number;
  values?: Record<string, string>;
  fieldErrors: Record<string, string>;
}

/** Coordinates as people read them: five decimals is about a metre. */
const coordinate = (value: number): string => value.toFixed(5);

export function ReportPanelView(props: ReportPanelProps): JSX.Element {
  const { ctx, panel } = props;
  const { t } = ctx;
  const format = formatters(ctx);
  const { report } = panel;
  const base = `/staff/cases/${encodeURIComponent(props.caseReference)}/report`;
  const fieldError = (id: string) =>
    props.fieldErrors[id]
      ? { text: props.fieldErrors[id], visuallyHiddenText: t('forms:errorPrefix') }
      : undefined;
  const value = (name: string) => props.values?.[name] ?? '';
  const where =
    report.address ??
    (report.nearestPlace
      ? t('reportCasework:panel.near', { place: report.nearestPlace })
      : t('reportCasework:panel.pointOnly'));
  const reportLink = (summary: ReportSummary): string => (<ReportLink summary={summary} />) as string;
  const hidden = (
    <>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(props.version)} />
    </>
  );
  return (
    <section aria-labelledby="report-heading" class="govuk-!-margin-bottom-8">
      <h2 class="govuk-heading-m" id="report-heading" safe>
        {t('reportCasework:panel.title')}
      </h2>
      {report.lat !== null && report.long !== null && props.map ? (
        <StaticMap
          ctx={ctx}
          map={props.map}
          points={[{ lat: report.lat, long: report.long, label: where }]}
          label={t('reportCasework:panel.mapLabel', { place: where })}
        />
      ) : (
        ''
      )}
      <GovukSummaryList
        rows={[
          { key: { text: t('reportCasework:panel.where') }, value: { text: where } },
          {
            key: { text: t('reportCasework:panel.reported') },
            value: { text: format.dateTime(report.requestedAt) },
          },
          report.lat !== null && report.long !== null
            ? {
                key: { text: t('reportCasework:panel.coordinates') },
                value: {
                  html: `${Html.escapeHtml(`${coordinate(report.lat)}, ${coordinate(report.long)}`)} (<a class="govuk-link" href="https://www.openstreetmap.org/?mlat=${coordinate(report.lat)}&amp;mlon=${coordinate(report.long)}#map=18/${coordinate(report.lat)}/${coordinate(report.long)}" rel="noreferrer noopener" target="_blank">${Html.escapeHtml(t('reportCasework:panel.openMap'))}</a>)`,
                },
              }
            : undefined,
          {
            key: { text: t('reportCasework:panel.description') },
            value: { text: report.description ?? '', classes: 'plaza-pre-line' },
          },
          {
            key: { text: t('reportCasework:panel.publicPage') },
            value: {
              html: `<a class="govuk-link" href="${Html.escapeHtml(panel.publicHref)}">${Html.escapeHtml(t('reportCasework:panel.publicPageLink', { reference: report.serviceRequestId }))}</a>`,
            },
          },
          {
            key: { text: t('reportCasework:panel.channel') },
            value: { text: t(`reportCasework:channel.${report.channel}`) },
          },
          {
            key: { text: t('reportCasework:panel.followers') },
            value: {
              text: `${t('reportCasework:panel.alsoReported', { count: report.alsoReported })} ${t('reportCasework:panel.followersCount', { count: report.followersCount })}`,
            },
          },
          report.duplicateOf
            ? {
                key: { text: t('reportCasework:panel.duplicateOf') },
                value: { html: reportLink(report.duplicateOf) },
              }
            : undefined,
          panel.mergedHere.length > 0
            ? {
                key: { text: t('reportCasework:panel.mergedHere') },
                value: { html: panel.mergedHere.map(reportLink).join(', ') },
              }
            : undefined,
        ].filter((row) => row !== undefined)}
      />
      <h3 class="govuk-heading-s" safe>
        {t('reportCasework:panel.photos')}
      </h3>
      {panel.photos.length === 0 ? (
        <p class="govuk-body" safe>
          {t('reportCasework:panel.noPhotos')}
        </p>
      ) : (
        <ul class="govuk-list plaza-report-photos">
          {panel.photos.map((photo, index) => (
            <li>
              <a class="govuk-link" href={`${base}/photos/${photo.id}`}>
                <img
                  src={`${base}/photos/${photo.id}`}
                  alt={t('reportCasework:panel.photoAlt', { number: index + 1, count: panel.photos.length })}
                  width="160"
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {panel.triage ? (
        <>
          <h3 class="govuk-heading-s" safe>
            {t('reportCasework:triage.title')}
          </h3>
          <GovukSummaryList
            rows={[
              {
                key: { text: t('reportCasework:triage.type') },
                value: {
                  html: `${Html.escapeHtml(panel.triage.serviceName)}${panel.triage.applied ? ` ${(<GovukTag text={t(panel.triage.automatic ? 'reportCasework:triage.appliedAutomatically' : 'reportCasework:triage.applied')} classes="govuk-tag--green" />) as string}` : ''}`,
                },
              },
              {
                key: { text: t('reportCasework:triage.confidence') },
                value: {
                  text: t('reportCasework:triage.percent', {
                    percent: Math.round(panel.triage.confidence * 100),
                  }),
                },
              },
              {
                key: { text: t('reportCasework:triage.topWords') },
                value: {
                  text:
                    panel.triage.topWords.length > 0
                      ? panel.triage.topWords.join(', ')
                      : t('reportCasework:triage.noWords'),
                },
              },
              {
                key: { text: t('reportCasework:triage.model') },
                value: {
                  text: t('reportCasework:triage.modelVersion', { version: panel.triage.modelVersion }),
                },
              },
            ]}
          />
          {panel.triage.canApply ? (
            <form method="post" action={`${base}/triage`} novalidate>
              {hidden}
              <GovukButton
                text={t('reportCasework:triage.apply', { type: panel.triage.serviceName })}
                classes="govuk-button--secondary"
              />
            </form>
          ) : panel.triage.canUndo ? (
            <form method="post" action={`${base}/triage/undo`} novalidate>
              {hidden}
              <GovukButton text={t('reportCasework:triage.undo')} classes="govuk-button--secondary" />
            </form>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
      {panel.canMerge ? (
        <>
          <h3 class="govuk-heading-s" safe>
            {t('reportCasework:candidates.title')}
          </h3>
          {panel.candidates.length === 0 ? (
            <p class="govuk-body" safe>
              {t('reportCasework:candidates.none')}
            </p>
          ) : (
            <ul class="govuk-list plaza-duplicate-candidates">
              {panel.candidates.map((candidate) => (
                <li class="govuk-!-margin-bottom-4">
                  <p class="govuk-body govuk-!-margin-bottom-1">
                    <ReportLink summary={candidate} /> <span safe>{candidate.serviceName}</span>{' '}
                    <GovukTag
                      text={t(`reportCasework:status.${candidate.status}`)}
                      classes={candidate.status === 'open' ? 'govuk-tag--blue' : 'govuk-tag--grey'}
                    />
                  </p>
                  <p class="govuk-body govuk-!-margin-bottom-1" safe>
                    {describeDuplicateReasons(t, candidate.reasons)}
                  </p>
                  {candidate.description ? (
                    <p class="govuk-hint govuk-!-margin-bottom-1" safe>
                      {excerpt(candidate.description)}
                    </p>
                  ) : (
                    ''
                  )}
                  {candidate.canMergeInto ? (
                    <form method="post" action={`${base}/merge`} novalidate>
                      {hidden}
                      <input type="hidden" name="original" value={candidate.serviceRequestId} />
                      <GovukButton
                        html={`${Html.escapeHtml(t('reportCasework:candidates.merge'))}<span class="govuk-visually-hidden"> ${Html.escapeHtml(t('reportCasework:candidates.mergeInto', { reference: candidate.serviceRequestId }))}</span>`}
                        classes="govuk-button--secondary govuk-!-margin-bottom-0"
                      />
                    </form>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          )}
          <form method="post" action={`${base}/merge`} novalidate class="govuk-!-margin-bottom-6">
            {hidden}
            <GovukInput
              id="merge-original"
              name="original"
              classes="govuk-input--width-10"
              spellcheck={false}
              value={value('original')}
              label={{ text: t('reportCasework:merge.label'), classes: 'govuk-label--s' }}
              hint={{ text: t('reportCasework:merge.hint') }}
              errorMessage={fieldError('merge-original')}
            />
            <GovukButton text={t('reportCasework:merge.submit')} classes="govuk-button--secondary" />
          </form>
        </>
      ) : (
        ''
      )}
      {panel.canReassign ? (
        <form method="post" action={`${base}/department`} novalidate class="govuk-!-margin-bottom-6">
          {hidden}
          <GovukSelect
            id="reassign-department"
            name="department"
            label={{ text: t('reportCasework:reassign.label'), classes: 'govuk-label--s' }}
            hint={{ text: t('reportCasework:reassign.hint') }}
            value={value('department')}
            errorMessage={fieldError('reassign-department')}
            items={[
              { value: '', text: t('reportCasework:reassign.choose') },
              ...panel.departments.map((department) => ({ value: department.id, text: department.name })),
            ]}
          />
          <GovukTextarea
            id="reassign-note"
            name="public_note"
            rows={2}
            value={value('public_note')}
            label={{ text: t('reportCasework:reassign.noteLabel'), classes: 'govuk-label--s' }}
            hint={{ text: t('reportCasework:reassign.noteHint') }}
            errorMessage={fieldError('reassign-note')}
          />
          <GovukButton text={t('reportCasework:reassign.submit')} classes="govuk-button--secondary" />
        </form>
      ) : (
        ''
      )}
      {panel.canReferOn ? (
        <form method="post" action={`${base}/not-ours`} novalidate class="govuk-!-margin-bottom-6">
          {hidden}
          {panel.referrals.length > 0 ? (
            <GovukSelect
              id="referral"
              name="referral"
              label={{ text: t('reportCasework:notOurs.label'), classes: 'govuk-label--s' }}
              hint={{ text: t('reportCasework:notOurs.hint') }}
              value={value('referral')}
              errorMessage={fieldError('referral')}
              items={[
                { value: '', text: t('reportCasework:notOurs.choose') },
                ...panel.referrals.map((referral) => ({
                  value: referral.id,
                  text: referral.responsibleFor
                    ? `${referral.name} (${referral.responsibleFor})`
                    : referral.name,
                  attributes: { title: referralContact(referral) },
                })),
                { value: 'other', text: t('reportCasework:notOurs.other') },
              ]}
            />
          ) : (
            ''
          )}
          <GovukInput
            id="referral-organisation"
            name="organisation"
            value={value('organisation')}
            label={{
              text: t(
                panel.referrals.length > 0
                  ? 'reportCasework:notOurs.otherLabel'
                  : 'reportCasework:notOurs.label',
              ),
              classes: 'govuk-label--s',
            }}
            hint={{ text: t('reportCasework:notOurs.otherHint') }}
            errorMessage={fieldError('referral-organisation')}
          />
          <GovukTextarea
            id="referral-message"
            name="message"
            rows={2}
            value={value('message')}
            label={{ text: t('reportCasework:notOurs.messageLabel'), classes: 'govuk-label--s' }}
            hint={{ text: t('reportCasework:notOurs.messageHint') }}
            errorMessage={fieldError('referral-message')}
          />
          <GovukButton text={t('reportCasework:notOurs.submit')} classes="govuk-button--warning" />
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/** A report's reference, linked to its staff case page when it has one (imported records have none). */
function ReportLink({ summary }: { summary: ReportSummary }): JSX.Element {
  return summary.caseReference ? (
    <a class="govuk-link" href={`/staff/cases/${encodeURIComponent(summary.caseReference)}`} safe>
      {summary.serviceRequestId}
    </a>
  ) : (
    <span safe>{summary.serviceRequestId}</span>
  );
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
