/**
 * Reporting a problem, as a citizen: a start page per report type, then one step per page (where, the type's
 * questions, what is wrong, photos, contact details or none, similar reports nearby, check) saved as a draft,
 * then the report's public page. Every step works without JavaScript; the map only adds another way to say
 * where. Also the public list of reports and "me too".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { unauthenticatedFor } from '../../platform/auth/principal.js';
import { isPlazaError, notFound } from '../../platform/errors.js';
import { readRequestForm } from '../../platform/http/multipart.js';
import { ImageRefused, processImage, type ImageLimits } from '../../platform/images/images.js';
import type { PageContext } from '../../platform/views/page-context.js';
import {
  REPORTER_PAGE_ID,
  reporterQuestionIds,
  reportSettingsOf,
  type CatalogueService,
  type PublishedService,
  type ResolvedService,
} from '../catalogue/index.js';
import {
  fieldTypeOf,
  isPageAnswered,
  readPage,
  validatePage,
  visiblePages,
  type FieldError,
  type RawValue,
  type VisiblePage,
} from '../forms/index.js';
import type { Department } from '../organisation/index.js';
import type { PlacesService } from '../places/index.js';
import { canContinueAssisted } from '../assisted-digital/index.js';
import { ServiceHelp } from '../organisation/index.js';
import { describeDuplicateReasons } from './duplicate-candidates.js';
import type { ReportDraft, ReportDrafts } from './report-drafts.js';
import { MAX_PHOTOS, photoRefusalMessage, type ReportsService } from './reports.service.js';
import type { MapSettings } from './views/map-parts.js';
import {
  CheckReportPage,
  DescriptionPage,
  LocationPage,
  PhotosPage,
  ReportConfirmationPage,
  ReportQuestionPage,
  ReportStartPage,
  SimilarReportsPage,
} from './views/journey-views.js';
import { PublicReportPage, ReportListPage, type ListFilterValues } from './views/public-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** Reports begun in this browser. */
    reportDraftIds?: string[];
    /** Reports filed from this browser, whose confirmation page it may show. */
    reportsFiled?: string[];
  }
}

export interface ReportPagesDeps {
  reports: ReportsService;
  drafts: ReportDrafts;
  catalogue: CatalogueService;
  places: PlacesService;
  departments: () => ReadonlyMap<string, Department>;
  map: () => MapSettings;
  imageLimits: ImageLimits;
}

type StepParams = { Params: { slug: string; draftId: string; step: string } };

const MAX_REMEMBERED = 20;
const LIST_PAGE_SIZE = 20;

type Step =
  | { id: 'location' | 'description' | 'photos' | 'similar' | 'check'; kind: 'fixed' }
  | { id: string; kind: 'page'; visible: VisiblePage };

function remember(request: FastifyRequest, key: 'reportDraftIds' | 'reportsFiled', value: string): void {
  const list = (request.session.get(key) ?? []).filter((item) => item !== value);
  request.session.set(key, [...list, value].slice(-MAX_REMEMBERED));
}

/** The type's own questions and the contact page, each as a definition of its own for summaries. */
function splitDefinition(service: ResolvedService): { own: ResolvedService; contact: ResolvedService } {
  return {
    own: { ...service, pages: service.pages.filter((page) => page.id !== REPORTER_PAGE_ID) },
    contact: { ...service, pages: service.pages.filter((page) => page.id === REPORTER_PAGE_ID) },
  };
}

function stepsOf(draft: ReportDraft): Step[] {
  const pages = visiblePages(draft.service.definition, draft.answers);
  const reporter = pages.find((visible) => visible.page.id === REPORTER_PAGE_ID);
  const steps: Step[] = [
    { id: 'location', kind: 'fixed' },
    ...pages
      .filter((visible) => visible.page.id !== REPORTER_PAGE_ID)
      .map((visible): Step => ({ id: visible.page.id, kind: 'page', visible })),
    { id: 'description', kind: 'fixed' },
  ];
  if (reportSettingsOf(draft.service.definition).maxPhotos > 0) steps.push({ id: 'photos', kind: 'fixed' });
  if (reporter) steps.push({ id: REPORTER_PAGE_ID, kind: 'page', visible: reporter });
  steps.push({ id: 'similar', kind: 'fixed' }, { id: 'check', kind: 'fixed' });
  return steps;
}

function isDone(step: Step, draft: ReportDraft): boolean {
  if (step.kind === 'page')
    return step.id === REPORTER_PAGE_ID
      ? draft.steps.contactDone === true
      : isPageAnswered(step.visible, draft.answers);
  switch (step.id) {
    case 'location':
      return draft.steps.location !== undefined;
    case 'description':
      return draft.steps.description !== undefined;
    case 'photos':
      return draft.steps.photosDone === true;
    case 'similar':
      return draft.steps.similarDone === true;
    case 'check':
      return false;
  }
}

export function registerReportPages(app: FastifyInstance, deps: ReportPagesDeps): void {
  const { reports, drafts, catalogue, places } = deps;

  const base = (slug: string, draftId: string): string => `/report/${slug}/${draftId}`;
  const stepHref = (draft: ReportDraft, stepId: string): string =>
    `${base(draft.service.slug, draft.id)}/${stepId}`;

  function firstUndone(draft: ReportDraft): Step {
    const steps = stepsOf(draft);
    return steps.find((step) => !isDone(step, draft)) ?? (steps[steps.length - 1] as Step);
  }

  /** Where to go after saving a step: on, or back to check when changing an answer. */
  function nextHref(draft: ReportDraft, stepId: string, changing: boolean): string {
    if (changing) return stepHref(draft, firstUndone(draft).id);
    const steps = stepsOf(draft);
    const index = steps.findIndex((step) => step.id === stepId);
    const next = steps[index + 1] ?? firstUndone(draft);
    return stepHref(draft, next.id);
  }

  function backHref(draft: ReportDraft, stepId: string, changing: boolean): string {
    if (changing) return stepHref(draft, 'check');
    const steps = stepsOf(draft);
    const index = steps.findIndex((step) => step.id === stepId);
    const previous = index > 0 ? steps[index - 1] : undefined;
    return previous ? stepHref(draft, previous.id) : `/report/${draft.service.slug}`;
  }

  /** "Get help with this service": its department's contacts. */
  function helpFor(request: FastifyRequest, service: ResolvedService): JSX.Element {
    return (
      <ServiceHelp ctx={request.pageContext()} department={deps.departments().get(service.department)} />
    );
  }

  function reportTypeOrNotFound(request: FastifyRequest, slug: string): PublishedService {
    const service = catalogue.current(slug);
    if (!service || service.definition.kind !== 'report')
      throw notFound('service.not_found', request.pageContext().t('catalogue:errors.serviceNotFound'));
    return service;
  }

  async function loadDraft(request: FastifyRequest<StepParams>): Promise<ReportDraft> {
    const message = request.pageContext().t('reports:errors.draftNotFound');
    const draft = await drafts.load(
      request.params.draftId,
      request.params.slug,
      request.session.get('reportDraftIds') ?? [],
      message,
    );
    // A report a staff member takes for a citizen is theirs alone to continue (assisted digital).
    if (
      draft.assisted &&
      !canContinueAssisted(request.principal, {
        assistedBy: draft.assisted.staffUserId,
        departmentId: draft.service.definition.department,
      })
    )
      throw notFound('report_draft.not_found', message);
    return draft;
  }

  const changeQuery = z.object({
    change: z.string().optional().catch(undefined),
    q: z.string().max(200).optional().catch(undefined),
  });

  // ---- Start.

  app.get<{ Params: { slug: string } }>(
    '/report/:slug',
    { config: { access: 'public' } },
    async (request, reply) => {
      const service = reportTypeOrNotFound(request, request.params.slug);
      return reply.page(
        <ReportStartPage
          ctx={request.pageContext()}
          service={service.definition}
          departmentName={deps.departments().get(service.definition.department)?.name}
          safeHelp={helpFor(request, service.definition)}
        />,
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/report/:slug',
    { config: { access: 'public' } },
    async (request, reply) => {
      const service = reportTypeOrNotFound(request, request.params.slug);
      // A report type may ask for an account (a deployment that wants to reach every reporter).
      if (service.definition.signIn !== 'none' && request.principal?.kind !== 'citizen')
        throw unauthenticatedFor('citizen', request.pageContext().t('reports:errors.signInNeeded'));
      const draftId = await drafts.create(service);
      remember(request, 'reportDraftIds', draftId);
      return reply.redirect(`${base(service.slug, draftId)}/location`, 303);
    },
  );

  // ---- Each step.

  app.get<StepParams>(
    '/report/:slug/:draftId/:step',
    { config: { access: 'public' } },
    async (request, reply) => {
      const draft = await loadDraft(request);
      const query = changeQuery.parse(request.query);
      const changing = query.change === '1';
      const step = stepsOf(draft).find((candidate) => candidate.id === request.params.step);
      if (!step) return reply.redirect(stepHref(draft, firstUndone(draft).id), 303);
      const ctx = request.pageContext();
      if (step.kind === 'page') {
        return reply.page(
          renderQuestionPage(request, draft, step.visible, changing, {
            raw: Object.fromEntries(
              step.visible.questions.map((question) => [
                question.id,
                fieldTypeOf(question).toRaw(draft.answers[question.id], question),
              ]),
            ),
          }),
        );
      }
      switch (step.id) {
        case 'location': {
          const text = (query.q ?? '').trim();
          return reply.page(
            await renderLocation(request, draft, changing, {
              query: text,
              results: text === '' ? undefined : await places.searchPlaces(text),
              errors: new Map(),
            }),
          );
        }
        case 'description':
          return reply.page(
            <DescriptionPage
              ctx={ctx}
              service={draft.service.definition}
              action={`${stepHref(draft, 'description')}${changing ? '?change=1' : ''}`}
              backHref={backHref(draft, 'description', changing)}
              value={draft.steps.description ?? ''}
              maxLength={reportSettingsOf(draft.service.definition).descriptionMaxLength}
              error={undefined}
              safeHelp={helpFor(request, draft.service.definition)}
            />,
          );
        case 'photos':
          return reply.page(renderPhotos(request, draft, changing, undefined));
        case 'similar':
          return showSimilar(request, reply, draft, new Map(), {});
        case 'check':
          return showCheck(request, reply, draft);
      }
    },
  );

  app.post<StepParams>(
    '/report/:slug/:draftId/:step',
    { config: { access: 'public', multipart: true } },
    async (request, reply) => {
      const form = await readRequestForm(request, {
        maxFileBytes: deps.imageLimits.maxBytes,
        maxFiles: MAX_PHOTOS + 1,
      });
      const draft = await loadDraft(request);
      const changing = changeQuery.parse(request.query).change === '1';
      const step = stepsOf(draft).find((candidate) => candidate.id === request.params.step);
      if (!step) return reply.redirect(stepHref(draft, firstUndone(draft).id), 303);
      const ctx = request.pageContext();
      const { t } = ctx;
      const fields = form.fields;
      const text = (name: string): string => {
        const value = fields[name];
        return typeof (Array.isArray(value) ? value[0] : value) === 'string'
          ? String(Array.isArray(value) ? value[0] : value)
          : '';
      };

      if (step.kind === 'page') {
        const raw = readPage(step.visible.questions, fields);
        const result = validatePage(step.visible.questions, raw, reports.validationContext(ctx.language));
        if (!result.ok)
          return reply.code(422).page(
            renderQuestionPage(request, draft, step.visible, changing, {
              raw,
              errors: result.errors.byQuestion,
            }),
          );
        await drafts.saveAnswers(draft, result.answers);
        if (step.id === REPORTER_PAGE_ID) await drafts.saveSteps(draft, { contactDone: true });
        return reply.redirect(nextHref(draft, step.id, changing), 303);
      }

      switch (step.id) {
        case 'location':
          return saveLocation(request, reply, draft, changing, {
            place: text('place'),
            lat: text('lat'),
            long: text('long'),
          });
        case 'description': {
          const description = text('description').replace(/\r\n/g, '\n').trim();
          const problems = reports.descriptionProblems(draft.service, description, t);
          if (problems.length > 0)
            return reply
              .code(422)
              .page(
                <DescriptionPage
                  ctx={ctx}
                  service={draft.service.definition}
                  action={`${stepHref(draft, 'description')}${changing ? '?change=1' : ''}`}
                  backHref={backHref(draft, 'description', changing)}
                  value={description}
                  maxLength={reportSettingsOf(draft.service.definition).descriptionMaxLength}
                  error={problems[0]?.message}
                  safeHelp={helpFor(request, draft.service.definition)}
                />,
              );
          await drafts.saveSteps(draft, { description });
          return reply.redirect(nextHref(draft, 'description', changing), 303);
        }
        case 'photos': {
          const removal = text('remove_photo');
          if (removal) {
            await drafts.removePhoto(draft, removal);
            return reply.redirect(`${stepHref(draft, 'photos')}${changing ? '?change=1' : ''}`, 303);
          }
          const files = form.files.filter((file) => file.field === 'photos');
          const max = Math.min(MAX_PHOTOS, reportSettingsOf(draft.service.definition).maxPhotos);
          if (files.length > 0) {
            if (draft.photos.length + files.length > max) {
              return reply
                .code(422)
                .page(
                  renderPhotos(request, draft, changing, t('reports:errors.tooManyPhotos', { count: max })),
                );
            }
            const accepted: { name: string; content: Buffer }[] = [];
            for (const file of files) {
              if (file.truncated) {
                const message = photoRefusalMessage(
                  new ImageRefused({ reason: 'too_large', maxBytes: deps.imageLimits.maxBytes }),
                  file.filename,
                  t,
                  ctx.locale,
                );
                return reply.code(422).page(renderPhotos(request, draft, changing, message));
              }
              try {
                const image = await processImage(file.content, deps.imageLimits);
                accepted.push({ name: `${photoStem(file.filename)}.jpg`, content: image.content });
              } catch (error) {
                if (!(error instanceof ImageRefused)) throw error;
                return reply
                  .code(422)
                  .page(
                    renderPhotos(
                      request,
                      draft,
                      changing,
                      photoRefusalMessage(error, file.filename, t, ctx.locale),
                    ),
                  );
              }
            }
            for (const photo of accepted) await drafts.addPhoto(draft, photo);
            // With room for more, the citizen stays to add another or continue.
            if (text('action') !== 'continue' && draft.photos.length < max)
              return reply.redirect(`${stepHref(draft, 'photos')}${changing ? '?change=1' : ''}`, 303);
          } else if (text('action') === 'upload') {
            return reply
              .code(422)
              .page(renderPhotos(request, draft, changing, t('reports:errors.photoNotChosen')));
          }
          await drafts.saveSteps(draft, { photosDone: true });
          return reply.redirect(nextHref(draft, 'photos', changing), 303);
        }
        case 'similar':
          return chooseSimilar(request, reply, draft, {
            choice: text('choice'),
            email: text('email').trim(),
          });
        case 'check':
          return send(request, reply, draft);
      }
    },
  );

  // ---- Location: a search of the city's places (the complete way, with no map), or a point.

  async function renderLocation(
    request: FastifyRequest,
    draft: ReportDraft,
    changing: boolean,
    state: {
      query: string;
      results: Awaited<ReturnType<PlacesService['searchPlaces']>> | undefined;
      errors: Map<string, string>;
      point?: { lat: string; long: string };
    },
  ): Promise<JSX.Element> {
    const location = draft.steps.location;
    return (
      <LocationPage
        ctx={request.pageContext()}
        service={draft.service.definition}
        action={`${stepHref(draft, 'location')}${changing ? '?change=1' : ''}`}
        backHref={backHref(draft, 'location', changing)}
        continueHref={location ? nextHref(draft, 'location', changing) : undefined}
        query={state.query}
        results={state.results}
        chosen={location}
        errors={state.errors}
        map={deps.map()}
        safeHelp={helpFor(request, draft.service.definition)}
        point={
          state.point ?? {
            lat: location ? String(location.lat) : '',
            long: location ? String(location.long) : '',
          }
        }
      />
    );
  }

  async function saveLocation(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: ReportDraft,
    changing: boolean,
    input: { place: string; lat: string; long: string },
  ): Promise<FastifyReply> {
    const { t } = request.pageContext();
    const refuse = async (errors: Map<string, string>, query = '') =>
      reply.code(422).page(
        await renderLocation(request, draft, changing, {
          query,
          results: query ? await places.searchPlaces(query) : undefined,
          errors,
          point: { lat: input.lat, long: input.long },
        }),
      );
    let location: { lat: number; long: number; address: string | null };
    if (input.place !== '') {
      const place = /^\d{1,15}$/.test(input.place) ? await places.place(Number(input.place)) : undefined;
      if (!place) return refuse(new Map([['place', t('reports:errors.placeUnknown')]]));
      location = { lat: place.lat, long: place.long, address: place.name };
    } else if (input.lat !== '' || input.long !== '') {
      location = { lat: parseCoordinate(input.lat), long: parseCoordinate(input.long), address: null };
    } else {
      return refuse(new Map([['place', t('reports:errors.locationMissing')]]));
    }
    const problems = reports.locationProblems(location, t);
    if (problems.length > 0) return refuse(new Map(problems.map((entry) => [entry.field, entry.message])));
    await drafts.saveSteps(draft, { location, similarDone: false });
    return reply.redirect(nextHref(draft, 'location', changing), 303);
  }

  function renderQuestionPage(
    request: FastifyRequest,
    draft: ReportDraft,
    visible: VisiblePage,
    changing: boolean,
    state: { raw: Record<string, RawValue>; errors?: Map<string, FieldError> },
  ): JSX.Element {
    const ctx = request.pageContext();
    const contact = visible.page.id === REPORTER_PAGE_ID;
    return (
      <ReportQuestionPage
        ctx={ctx}
        service={draft.service.definition}
        visible={contact ? translatedContactPage(ctx, visible) : visible}
        raw={state.raw}
        errors={state.errors ?? new Map()}
        action={`${stepHref(draft, visible.page.id)}${changing ? '?change=1' : ''}`}
        backHref={backHref(draft, visible.page.id, changing)}
        heading={contact ? ctx.t('reports:contact.title') : undefined}
        safeHelp={helpFor(request, draft.service.definition)}
        intro={
          contact
            ? [
                ctx.t('reports:contact.lead'),
                request.principal?.kind === 'citizen'
                  ? ctx.t('reports:contact.signedIn')
                  : ctx.t('reports:contact.anonymous'),
              ]
            : undefined
        }
      />
    );
  }

  function renderPhotos(
    request: FastifyRequest,
    draft: ReportDraft,
    changing: boolean,
    error: string | undefined,
  ): JSX.Element {
    return (
      <PhotosPage
        ctx={request.pageContext()}
        service={draft.service.definition}
        action={`${stepHref(draft, 'photos')}${changing ? '?change=1' : ''}`}
        backHref={backHref(draft, 'photos', changing)}
        photos={draft.photos}
        maxPhotos={Math.min(MAX_PHOTOS, reportSettingsOf(draft.service.definition).maxPhotos)}
        error={error}
        safeHelp={helpFor(request, draft.service.definition)}
      />
    );
  }

  // ---- "Is it one of these?"

  async function similarTo(request: FastifyRequest, draft: ReportDraft) {
    const location = draft.steps.location;
    if (!location) return [];
    const ctx = request.pageContext();
    const found = await reports.similarReports({
      lat: location.lat,
      long: location.long,
      serviceCode: draft.service.slug,
      description: draft.steps.description ?? '',
    });
    return found.map((candidate) => ({
      serviceRequestId: candidate.serviceRequestId,
      serviceName: candidate.report.serviceName,
      description: candidate.report.description,
      stateLabel: candidate.report.stateLabel,
      requestedAt: candidate.report.requestedAt,
      reasons: describeDuplicateReasons(ctx.t, candidate.reasons),
    }));
  }

  function reachable(request: FastifyRequest, draft: ReportDraft): boolean {
    return (
      request.principal?.kind === 'citizen' || typeof draft.answers[reporterQuestionIds.email] === 'string'
    );
  }

  async function showSimilar(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: ReportDraft,
    errors: Map<string, string>,
    values: { choice?: string; email?: string },
  ): Promise<FastifyReply> {
    const before = stepsOf(draft).slice(
      0,
      stepsOf(draft).findIndex((step) => step.id === 'similar'),
    );
    const missing = before.find((step) => !isDone(step, draft));
    if (missing) return reply.redirect(stepHref(draft, missing.id), 303);
    const similar = await similarTo(request, draft);
    if (similar.length === 0) {
      await drafts.saveSteps(draft, { similarDone: true });
      return reply.redirect(stepHref(draft, 'check'), 303);
    }
    return reply
      .code(errors.size > 0 ? 422 : 200)
      .page(
        <SimilarReportsPage
          ctx={request.pageContext()}
          service={draft.service.definition}
          action={stepHref(draft, 'similar')}
          backHref={backHref(draft, 'similar', false)}
          similar={similar}
          reachable={reachable(request, draft)}
          errors={errors}
          values={values}
          safeHelp={helpFor(request, draft.service.definition)}
        />,
      );
  }

  async function chooseSimilar(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: ReportDraft,
    input: { choice: string; email: string },
  ): Promise<FastifyReply> {
    const ctx = request.pageContext();
    const { t } = ctx;
    if (input.choice === 'none') {
      await drafts.saveSteps(draft, { similarDone: true });
      return reply.redirect(stepHref(draft, 'check'), 303);
    }
    const similar = await similarTo(request, draft);
    const chosen = similar.find((candidate) => candidate.serviceRequestId === input.choice);
    if (!chosen)
      return showSimilar(
        request,
        reply,
        draft,
        new Map([['choice', t('reports:errors.similarChoice')]]),
        input,
      );
    const principal = request.principal?.kind === 'citizen' ? request.principal : undefined;
    const draftEmail = draft.answers[reporterQuestionIds.email];
    const email = principal ? null : typeof draftEmail === 'string' ? draftEmail : input.email;
    try {
      await reports.addFollower({
        serviceRequestId: chosen.serviceRequestId,
        userId: principal?.id ?? null,
        email: email || null,
        language: ctx.language,
        actor: draft.assisted
          ? { type: 'user', id: draft.assisted.staffUserId }
          : principal
            ? { type: 'user', id: principal.id }
            : { type: 'anonymous', id: null },
      });
    } catch (error) {
      if (isPlazaError(error) && error.kind === 'invalid')
        return showSimilar(request, reply, draft, new Map([['email', error.message]]), input);
      throw error;
    }
    // The citizen follows the report they chose instead of filing another: this draft is done with.
    await drafts.discard(draft.id);
    request.session.set(
      'reportDraftIds',
      (request.session.get('reportDraftIds') ?? []).filter((id) => id !== draft.id),
    );
    request.session.set('flash', t('reports:public.following'));
    return reply.redirect(`/reports/${chosen.serviceRequestId}`, 303);
  }

  // ---- Check and send.

  async function showCheck(request: FastifyRequest, reply: FastifyReply, draft: ReportDraft, error?: string) {
    const missing = firstUndone(draft);
    if (missing.id !== 'check') return reply.redirect(stepHref(draft, missing.id), 303);
    const { own, contact } = splitDefinition(draft.service.definition);
    const steps = stepsOf(draft);
    return reply
      .code(error ? 422 : 200)
      .page(
        <CheckReportPage
          ctx={request.pageContext()}
          service={draft.service.definition}
          slug={draft.service.slug}
          draftId={draft.id}
          backHref={stepHref(draft, steps[steps.length - 2]?.id ?? 'location')}
          answers={draft.answers}
          steps={draft.steps}
          photos={draft.photos}
          questions={own}
          contact={contact}
          anonymous={Object.values(reporterQuestionIds).every((id) => !draft.answers[id])}
          error={error}
          safeHelp={helpFor(request, draft.service.definition)}
        />,
      );
  }

  async function send(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: ReportDraft,
  ): Promise<FastifyReply> {
    const missing = firstUndone(draft);
    if (missing.id !== 'check') return reply.redirect(stepHref(draft, missing.id), 303);
    const ctx = request.pageContext();
    const principal = request.principal?.kind === 'citizen' ? request.principal : undefined;
    const location = draft.steps.location as NonNullable<ReportDraft['steps']['location']>;
    const answers = Object.fromEntries(
      Object.entries(draft.answers).filter(
        ([id]) => !(Object.values(reporterQuestionIds) as string[]).includes(id),
      ),
    );
    const contactValue = (id: string): string | undefined => {
      const value = draft.answers[id];
      return typeof value === 'string' ? value : undefined;
    };
    let filed;
    try {
      filed = await reports.fileReportFromJourney(
        {
          serviceSlug: draft.service.slug,
          answers,
          description: draft.steps.description ?? '',
          location: { lat: location.lat, long: location.long, address: location.address ?? undefined },
          photos: await drafts.photoContents(draft),
          photosProcessed: true,
          contact: {
            firstName: contactValue(reporterQuestionIds.name),
            email: contactValue(reporterQuestionIds.email),
            phone: contactValue(reporterQuestionIds.phone),
          },
          ...(draft.assisted
            ? {
                channel: 'staff' as const,
                citizenUserId: null,
                actor: { type: 'user' as const, id: draft.assisted.staffUserId },
                assisted: { channel: draft.assisted.channel, staffUserId: draft.assisted.staffUserId },
              }
            : {
                channel: 'web' as const,
                citizenUserId: principal?.id ?? null,
                actor: principal
                  ? { type: 'user' as const, id: principal.id }
                  : { type: 'anonymous' as const, id: null },
              }),
          language: ctx.language,
        },
        { beforeFiling: (trx) => drafts.end(trx, draft.id, ctx.t('reports:errors.alreadySent')) },
      );
    } catch (error) {
      // The type changed under the draft (a new version of its questions): the summary says what is wrong.
      if (isPlazaError(error) && error.kind === 'invalid')
        return showCheck(request, reply, draft, error.message);
      throw error;
    }
    request.session.set(
      'reportDraftIds',
      (request.session.get('reportDraftIds') ?? []).filter((id) => id !== draft.id),
    );
    if (draft.assisted) {
      request.session.set(
        'flash',
        ctx.t('applications:assisted.sent', {
          reference: filed.serviceRequestId,
          name: draft.assisted.citizen.name,
        }),
      );
      return reply.redirect(`/staff/cases/${filed.serviceRequestId}`, 303);
    }
    remember(request, 'reportsFiled', filed.serviceRequestId);
    return reply.redirect(`/reports/${filed.serviceRequestId}/confirmation`, 303);
  }

  app.get<{ Params: { serviceRequestId: string } }>(
    '/reports/:serviceRequestId/confirmation',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const id = request.params.serviceRequestId;
      if (!(request.session.get('reportsFiled') ?? []).includes(id))
        throw notFound('report.not_found', ctx.t('reports:errors.notFound'));
      const report = await reports.publicReport(id);
      const reportType = catalogue.current(report.serviceCode);
      return reply.page(
        <ReportConfirmationPage
          ctx={ctx}
          serviceRequestId={id}
          serviceTitle={report.serviceName}
          emailed={report.followersCount > 0}
          safeHelp={reportType ? helpFor(request, reportType.definition) : undefined}
        />,
      );
    },
  );

  // ---- Public: a report, "me too", and the list.

  async function showReport(
    request: FastifyRequest,
    reply: FastifyReply,
    serviceRequestId: string,
    follow?: { errors: Map<string, string>; email: string },
  ): Promise<FastifyReply> {
    const report = await reports.publicReport(serviceRequestId);
    const notice = request.session.get('flash');
    if (notice) request.session.set('flash', undefined);
    return reply
      .code(follow ? 422 : 200)
      .page(
        <PublicReportPage
          ctx={request.pageContext()}
          report={report}
          map={deps.map()}
          signedIn={request.principal?.kind === 'citizen'}
          notice={notice}
          followErrors={follow?.errors}
          followEmail={follow?.email}
        />,
      );
  }

  app.get<{ Params: { serviceRequestId: string } }>(
    '/reports/:serviceRequestId',
    { config: { access: 'public' } },
    async (request, reply) => showReport(request, reply, request.params.serviceRequestId),
  );

  app.post<{ Params: { serviceRequestId: string } }>(
    '/reports/:serviceRequestId/follow',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const principal = request.principal?.kind === 'citizen' ? request.principal : undefined;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const email = typeof body.email === 'string' ? body.email.trim() : '';
      try {
        await reports.addFollower({
          serviceRequestId: request.params.serviceRequestId,
          userId: principal?.id ?? null,
          email: principal ? null : email,
          language: ctx.language,
          actor: principal ? { type: 'user', id: principal.id } : { type: 'anonymous', id: null },
        });
      } catch (error) {
        if (isPlazaError(error) && error.kind === 'invalid')
          return showReport(request, reply, request.params.serviceRequestId, {
            errors: new Map([['email', error.message]]),
            email,
          });
        throw error;
      }
      request.session.set('flash', ctx.t('reports:public.following'));
      return reply.redirect(`/reports/${request.params.serviceRequestId}`, 303);
    },
  );

  const listQuery = z.object({
    type: z.string().max(80).optional().catch(undefined),
    status: z.enum(['open', 'closed', '']).optional().catch(undefined),
    area: z.string().max(120).optional().catch(undefined),
    from: z.string().max(20).optional().catch(undefined),
    to: z.string().max(20).optional().catch(undefined),
    bbox: z.string().max(100).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  });

  app.get('/reports', { config: { access: 'public' } }, async (request, reply) => {
    const ctx = request.pageContext();
    const { t } = ctx;
    const query = listQuery.parse(request.query);
    const filters: ListFilterValues = {
      type: query.type ?? '',
      status: query.status ?? '',
      area: query.area ?? '',
      from: query.from ?? '',
      to: query.to ?? '',
    };
    const errors = new Map<string, string>();
    const from = parseDay(filters.from);
    const to = parseDay(filters.to);
    if (from === null) errors.set('from', t('reports:errors.dateFormat', { field: t('reports:list.from') }));
    if (to === null) errors.set('to', t('reports:errors.dateFormat', { field: t('reports:list.to') }));
    if (from && to && from > to) errors.set('to', t('reports:errors.dateOrder'));
    const bbox = parseBbox(query.bbox);
    const types = catalogue
      .list('report')
      .map((service) => ({ value: service.slug, label: service.definition.title }));
    const list =
      errors.size > 0
        ? undefined
        : await reports.listReports({
            serviceCode: filters.type || undefined,
            status: query.status === '' ? undefined : query.status,
            area: filters.area || undefined,
            bbox,
            from: from ?? undefined,
            to: to ?? undefined,
            page: query.page ?? 1,
            pageSize: LIST_PAGE_SIZE,
          });
    const pageHref = (page: number): string => {
      const params = new URLSearchParams(
        Object.entries({ ...filters, bbox: query.bbox ?? '' }).filter(([, value]) => value !== ''),
      );
      params.set('page', String(page));
      return `/reports?${params.toString()}`;
    };
    return reply
      .code(errors.size > 0 ? 422 : 200)
      .page(
        <ReportListPage
          ctx={ctx}
          list={list}
          filters={filters}
          errors={errors}
          types={types}
          areas={await places.areas()}
          map={deps.map()}
          pageHref={pageHref}
          bboxNote={bbox !== undefined}
          dataHref={open311Href(query.type, query.status, from, to)}
        />,
      );
  });
}

/** The contact page's words from the catalog rather than the definition, so they follow the reader's language. */
function translatedContactPage(ctx: PageContext, visible: VisiblePage): VisiblePage {
  const { t } = ctx;
  const words: Record<string, { label: string; hint: string }> = {
    [reporterQuestionIds.name]: { label: t('reports:contact.name'), hint: '' },
    [reporterQuestionIds.email]: { label: t('reports:contact.email'), hint: t('reports:contact.emailHint') },
    [reporterQuestionIds.phone]: { label: t('reports:contact.phone'), hint: t('reports:contact.phoneHint') },
  };
  return {
    page: visible.page,
    questions: visible.questions.map((question) => {
      const own = words[question.id];
      return own ? { ...question, label: own.label, hint: own.hint || undefined } : question;
    }),
  };
}

function photoStem(name: string): string {
  return (
    name
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .trim()
      .slice(0, 100) || 'photo'
  );
}

/** A coordinate as typed or sent by the map: a decimal number, or NaN (refused with a precise message). */
function parseCoordinate(text: string): number {
  const trimmed = text.trim();
  return /^[+-]?\d{1,3}(\.\d{1,12})?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A day (YYYY-MM-DD): undefined when blank, null when not a real date. */
function parseDay(text: string): Date | undefined | null {
  if (text.trim() === '') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text.trim() ? null : date;
}

/** A box "south,west,north,east" in degrees; anything else is ignored. */
function parseBbox(text: string | undefined): [number, number, number, number] | undefined {
  if (!text) return undefined;
  const parts = text.split(',').map((part) => Number(part));
  if (parts.length !== 4 || parts.some((part) => !Number.isFinite(part))) return undefined;
  const [south, west, north, east] = parts as [number, number, number, number];
  if (south < -90 || north > 90 || west < -180 || east > 180 || south > north || west > east)
    return undefined;
  return [south, west, north, east];
}

/** The list's reports as Open311 JSON (which filters by type, status and dates, 90 days at a time). */
function open311Href(
  type: string | undefined,
  status: string | undefined,
  from: Date | undefined | null,
  to: Date | undefined | null,
): string {
  const params = new URLSearchParams();
  if (type) params.set('service_code', type);
  if (status) params.set('status', status);
  if (from) params.set('start_date', from.toISOString());
  if (to) params.set('end_date', new Date(to.getTime() + 86_399_000).toISOString());
  const query = params.toString();
  return `/open311/v2/requests.json${query ? `?${query}` : ''}`;
}
