/**
 * Staff routes for reports, beside the case page: its report panel (through the cases module's panel
 * hook), the panel's forms (merge, move to another department, not ours, apply or undo triage), and the
 * report's photos. A refused change shows the case page again with the reason, as the case's own forms do.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireStaff, type Principal } from '../../../platform/auth/principal.js';
import type { Translator } from '../../../platform/i18n/i18n.js';
import { invalid } from '../../../platform/errors.js';
import { parseForm } from '../../../platform/http/forms.js';
import {
  sendFile,
  type CaseChangeOutcome,
  type CasePageActions,
  type StaffCasePanel,
} from '../../cases/index.js';
import type { MapSettings } from '../views/map-parts.js';
import type { ReportCaseworkService } from './casework.service.js';
import { ReportPanelView } from './views/report-panel.js';

/** The case's version the form was shown with: a change made on an out-of-date page is refused. */
const version = z.coerce.number().int().min(1);
const text = (max: number) => z.string().max(max).optional();

export const mergeForm = z.object({ version, original: text(100) });
export const reassignForm = z.object({ version, department: text(100), public_note: text(4000) });
export const notOursForm = z.object({
  version,
  referral: text(100),
  organisation: text(1000),
  message: text(4000),
});
export const triageForm = z.object({ version });

export interface ReportCaseworkPagesDeps {
  casework: ReportCaseworkService;
  caseActions: CasePageActions;
  map?: () => MapSettings;
}

/** The report panel for the staff case page (the cases module shows it for the cases that are reports). */
export function reportCasePanel(deps: {
  casework: ReportCaseworkService;
  map?: () => MapSettings;
}): StaffCasePanel {
  return {
    async render({ principal, ctx, view, values, fieldErrors }) {
      const panel = await deps.casework.panel(principal, view);
      if (!panel) return undefined;
      return {
        html: (
          <ReportPanelView
            ctx={ctx}
            panel={panel}
            map={deps.map?.()}
            caseReference={view.reference}
            version={view.version}
            values={values}
            fieldErrors={fieldErrors}
          />
        ),
        replacesTransitions: panel.replacesTransitions,
      };
    },
  };
}

export function registerReportCaseworkPages(app: FastifyInstance, deps: ReportCaseworkPagesDeps): void {
  const { casework, caseActions } = deps;
  const queue = '/staff/queue';

  /**
   * One of the panel's forms: its fields checked (a form that does not parse was changed or is out of date),
   * the change made, and the case page (or the queue, once the case has moved out of reach) shown with the
   * notice, or with the reason it was refused.
   */
  function panelForm<S extends z.ZodType>(
    action: string,
    schema: S,
    change: (
      principal: Principal,
      reference: string,
      data: z.output<S>,
      t: Translator['t'],
    ) => Promise<CaseChangeOutcome>,
  ): void {
    app.post<{ Params: { reference: string } }>(
      `/staff/cases/:reference/report/${action}`,
      { config: { access: { staff: 'cases.work' } } },
      async (request, reply) => {
        const principal = requireStaff(request);
        const { t } = request.pageContext();
        return caseActions.act(request, reply, async () => {
          const form = parseForm(schema, request.body);
          if (!form.ok) throw invalid('form.invalid', t('cases:errors.reloadAndRetry'));
          return change(principal, request.params.reference, form.data, t);
        });
      },
    );
  }

  panelForm('merge', mergeForm, async (principal, reference, data, t) => {
    const merged = await casework.merge(principal, reference, {
      original: data.original ?? '',
      expectedVersion: data.version,
    });
    return t('reportCasework:merge.done', { reference: merged.original, count: merged.followersMoved });
  });

  panelForm('department', reassignForm, async (principal, reference, data, t) => {
    const moved = await casework.reassign(principal, reference, {
      departmentId: data.department ?? '',
      publicNote: data.public_note,
      expectedVersion: data.version,
    });
    const notice = t('reportCasework:reassign.done', { reference, department: moved.department });
    return moved.stillVisible ? notice : { notice, redirectTo: queue };
  });

  panelForm('not-ours', notOursForm, async (principal, reference, data, t) => {
    const referred = await casework.notOurs(principal, reference, {
      referralId: data.referral,
      organisation: data.organisation,
      message: data.message,
      expectedVersion: data.version,
    });
    return t('reportCasework:notOurs.done', { organisation: referred.organisation });
  });

  panelForm('triage', triageForm, async (principal, reference, data, t) => {
    const applied = await casework.applyTriage(principal, reference, data.version);
    const notice = t('reportCasework:triage.done', { type: applied.serviceName });
    return applied.stillVisible ? notice : { notice, redirectTo: queue };
  });

  panelForm('triage/undo', triageForm, async (principal, reference, data, t) => {
    const undone = await casework.undoTriage(principal, reference, data.version);
    const notice = t('reportCasework:triage.undone');
    return undone.stillVisible ? notice : { notice, redirectTo: queue };
  });

  app.get<{ Params: { reference: string; fileId: string } }>(
    '/staff/cases/:reference/report/photos/:fileId',
    { config: { access: { staff: 'cases.view' } } },
    async (request, reply) => {
      const principal = requireStaff(request);
      const file = await casework.photo(principal, request.params.reference, request.params.fileId);
      return sendFile(reply, file, await casework.readPhoto(file));
    },
  );
}
