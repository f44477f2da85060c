/**
 * Assisted digital, the staff side: a staff member who may assist in a department chooses one of its
 * services (an application or a report type), says how the citizen reached them and who the citizen is, and
 * is then sent to the citizen's own question pages, which continue the draft for them alone.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireStaff, type Principal } from '../../platform/auth/principal.js';
import { parseForm } from '../../platform/http/forms.js';
import type { CatalogueService, PublishedService } from '../catalogue/index.js';
import type { Department } from '../organisation/index.js';
import { authorizeAssist, canAssist } from './assisted.policy.js';
import { assistedStartInput } from './assisted.schemas.js';
import type { AssistedStart } from './assisted-drafts.js';
import { AssistStartPage, type AssistableService } from './views/assist-views.js';

export interface AssistedPagesDeps {
  catalogue: CatalogueService;
  departments: () => ReadonlyMap<string, Department>;
  /** Begins an application's draft for the citizen; the address of its first page. */
  startApplication: (service: PublishedService, assisted: AssistedStart) => Promise<string>;
  /** Begins a report's draft for the citizen; its id and the address of its first step. */
  startReport: (
    service: PublishedService,
    assisted: AssistedStart,
  ) => Promise<{ draftId: string; href: string }>;
}

const MAX_REMEMBERED = 20;

export function registerAssistedPages(app: FastifyInstance, deps: AssistedPagesDeps): void {
  function assistable(principal: Principal): AssistableService[] {
    const departments = deps.departments();
    return deps.catalogue
      .list()
      .filter((service) => canAssist(principal, { departmentId: service.definition.department }))
      .map((service) => ({
        slug: service.slug,
        title: service.definition.title,
        kind: service.definition.kind,
        departmentName: departments.get(service.definition.department)?.name ?? service.definition.department,
      }))
      .sort((a, b) => a.departmentName.localeCompare(b.departmentName) || a.title.localeCompare(b.title));
  }

  app.get('/staff/assist', { config: { access: { staff: 'cases.assist' } } }, async (request, reply) => {
    const principal = requireStaff(request);
    return reply.page(<AssistStartPage ctx={request.pageContext()} services={assistable(principal)} />);
  });

  app.post('/staff/assist', { config: { access: { staff: 'cases.assist' } } }, async (request, reply) => {
    const principal = requireStaff(request);
    const ctx = request.pageContext();
    const { t } = ctx;
    const services = assistable(principal);
    const form = parseForm(assistedStartInput(t), request.body);
    const errors = form.ok ? {} : { ...form.errors };
    const service = form.ok ? deps.catalogue.current(form.data.service) : undefined;
    if (form.ok && !service) errors.service = t('assisted:errors.serviceRequired');
    if (Object.keys(errors).length > 0 || !form.ok || !service) {
      const values = form.ok ? stringValues(request) : form.values;
      return reply
        .code(422)
        .page(<AssistStartPage ctx={ctx} services={services} values={values} errors={errors} />);
    }
    // Another department's service is refused, as the policy decides, whatever the form offered.
    authorizeAssist(
      principal,
      { departmentId: service.definition.department },
      t('assisted:errors.forbidden'),
    );
    const assisted: AssistedStart = {
      channel: form.data.channel,
      staffUserId: principal.id,
      citizen: { name: form.data.name, email: form.data.email, phone: form.data.phone },
    };
    if (service.definition.kind === 'report') {
      const started = await deps.startReport(service, assisted);
      const list = (request.session.get('reportDraftIds') ?? []).filter((id) => id !== started.draftId);
      request.session.set('reportDraftIds', [...list, started.draftId].slice(-MAX_REMEMBERED));
      return reply.redirect(started.href, 303);
    }
    return reply.redirect(await deps.startApplication(service, assisted), 303);
  });
}

function stringValues(request: FastifyRequest): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
