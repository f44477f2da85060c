/**
 * The citizen's journey: one question per page, a draft saved at every page, check your answers, send;
 * then "your applications", where they follow each case and answer requests for more information.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireCitizen, unauthenticatedFor } from '../../platform/auth/principal.js';
import { isPlazaError, notFound } from '../../platform/errors.js';
import { parseForm } from '../../platform/http/forms.js';
import { readRequestForm, type MultipartForm } from '../../platform/http/multipart.js';
import type { Db } from '../../database.js';
import type { CatalogueService, PublishedService } from '../catalogue/index.js';
import { sendFile, type CasesService } from '../cases/index.js';
import {
  checkUpload,
  fieldTypeOf,
  findVisiblePage,
  firstUnansweredPage,
  isFileRefList,
  pageAfter,
  pageBefore,
  readPage,
  validatePage,
  visiblePages,
  type Answers,
  type FieldError,
  type FileRef,
  type FormFields,
  questionSchema,
  type QuestionOf,
  type RawValue,
  type VisiblePage,
} from '../forms/index.js';
import { assuranceRequired, emailAddressSchema, neededAssurance, sessionMeets } from '../identity/index.js';
import { ServiceHelp, type Department } from '../organisation/index.js';
import type { ApplicationsService, Draft } from './applications.service.js';
import { ApplicationDetailPage, MyApplicationsPage } from './views/account-views.js';
import { CheckAnswersPage, ConfirmationPage, QuestionPage, SaveForLaterPage } from './views/journey-views.js';

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** Drafts begun in this browser without signing in. */
    draftIds?: string[];
    /** Applications sent from this browser, whose confirmation page it may show. */
    submitted?: string[];
  }
}

export interface ApplicationPagesDeps {
  db: Db;
  applications: ApplicationsService;
  catalogue: CatalogueService;
  cases: CasesService;
  uploadMaxBytes: number;
  /** The departments, whose help contacts every page of their services shows. */
  departments?: () => ReadonlyMap<string, Department>;
}

type DraftParams = { Params: { draftId: string; pageId: string } };

const MAX_REMEMBERED = 20;

/** The files a citizen may add to an answer to a request for information: the same checks as a question's. */
const responseFiles: QuestionOf<'file'> = questionSchema.parse({
  id: 'files',
  type: 'file',
  label: 'Files',
  accept: ['pdf', 'jpg', 'png', 'docx', 'odt'],
  maxFiles: 5,
  optional: true,
}) as QuestionOf<'file'>;

function remember(request: FastifyRequest, key: 'draftIds' | 'submitted', value: string): void {
  const list = (request.session.get(key) ?? []).filter((item) => item !== value);
  request.session.set(key, [...list, value].slice(-MAX_REMEMBERED));
}

export function registerApplicationPages(app: FastifyInstance, deps: ApplicationPagesDeps): void {
  const { applications, catalogue, cases } = deps;

  const pageHref = (draftId: string, pageId: string): string => `/apply/${draftId}/${pageId}`;
  const checkHref = (draftId: string): string => `/apply/${draftId}/check`;

  /** Where a draft continues: its first unanswered page, or check your answers. */
  function continueHref(draft: { id: string; service: PublishedService; answers: Answers }): string {
    const next = firstUnansweredPage(draft.service.definition, draft.answers);
    return next ? pageHref(draft.id, next.page.id) : checkHref(draft.id);
  }

  /** "Get help with this service": its department's contacts. */
  function helpFor(request: FastifyRequest, service: { definition: { department: string } } | undefined) {
    if (!service) return undefined;
    return (
      <ServiceHelp
        ctx={request.pageContext()}
        department={deps.departments?.().get(service.definition.department)}
      />
    );
  }

  function publishedOrNotFound(request: FastifyRequest, slug: string): PublishedService {
    const service = catalogue.current(slug);
    // A report type is reported through its own journey (/report/:slug), never applied for.
    if (!service || service.definition.kind !== 'application')
      throw notFound('service.not_found', request.pageContext().t('catalogue:errors.serviceNotFound'));
    return service;
  }

  function requireSignInIfNeeded(request: FastifyRequest, service: PublishedService): void {
    requireAssurance(request, service);
    if (service.definition.signIn !== 'none' && request.principal?.kind !== 'citizen') {
      throw unauthenticatedFor('citizen', request.pageContext().t('applications:errors.signInNeeded'));
    }
  }

  /**
   * A service that needs more than an account (substantial or high) is used only by a citizen whose
   * session holds that level; anyone else is sent to step up, whether starting, continuing or sending.
   */
  function requireAssurance(request: FastifyRequest, service: PublishedService): void {
    const signIn = service.definition.signIn;
    const needed = neededAssurance(signIn);
    if (!needed || needed === 'low') return;
    const held = request.principal?.kind === 'citizen' ? request.session.get('assurance') : undefined;
    if (request.principal?.kind === 'citizen' && sessionMeets(held, signIn)) return;
    throw assuranceRequired(needed, request.pageContext().t('applications:errors.assuranceNeeded'));
  }

  async function loadDraft(
    request: FastifyRequest<DraftParams> | FastifyRequest<{ Params: { draftId: string } }>,
  ): Promise<Draft> {
    const draft = await applications.draftFor(
      request.params.draftId,
      request.principal,
      request.session.get('draftIds') ?? [],
    );
    // A staff member filling a draft in for a citizen is not asked to sign in as one: the case records
    // that they took it (see docs/DECISIONS.md, assisted digital).
    if (!draft.assisted) requireAssurance(request, draft.service);
    return draft;
  }

  /** What a staff member filling a draft in for a citizen is reminded of on every page. */
  function assistingNote(request: FastifyRequest, draft: Draft): string | undefined {
    if (!draft.assisted) return undefined;
    const { t } = request.pageContext();
    return t('applications:assisted.note', {
      name: draft.assisted.citizen.name,
      channel: t(`cases:channel.${draft.assisted.channel}`),
    });
  }

  function renderQuestion(
    request: FastifyRequest,
    service: PublishedService,
    visible: VisiblePage,
    options: {
      raw: Record<string, RawValue>;
      errors?: Map<string, FieldError>;
      action: string;
      backHref: string;
      saveHref?: string;
      assisting?: string;
    },
  ): JSX.Element {
    return (
      <QuestionPage
        ctx={request.pageContext()}
        service={service.definition}
        visible={visible}
        raw={options.raw}
        errors={options.errors ?? new Map()}
        action={options.action}
        backHref={options.backHref}
        saveHref={options.saveHref}
        assisting={options.assisting}
        safeHelp={helpFor(request, service)}
      />
    );
  }

  /** A page of a draft: its form posts back to itself (keeping "change" mode), its back link goes where the citizen came from. */
  function renderDraftPage(
    request: FastifyRequest,
    draft: Draft,
    visible: VisiblePage,
    changing: boolean,
    state: { raw: Record<string, RawValue>; errors?: Map<string, FieldError> },
  ): JSX.Element {
    const back = pageBefore(draft.service.definition, draft.answers, visible.page.id);
    return renderQuestion(request, draft.service, visible, {
      ...state,
      action: `${pageHref(draft.id, visible.page.id)}${changing ? '?change=1' : ''}`,
      backHref: changing
        ? checkHref(draft.id)
        : back
          ? pageHref(draft.id, back.page.id)
          : draft.assisted
            ? '/staff/assist'
            : `/services/${draft.serviceSlug}`,
      // Saving to come back later emails the citizen a link: not for a draft a staff member fills in.
      saveHref: draft.assisted ? undefined : `/apply/${draft.id}/save`,
      assisting: assistingNote(request, draft),
    });
  }

  function storedRaw(visible: VisiblePage, answers: Answers): Record<string, RawValue> {
    return Object.fromEntries(
      visible.questions.map((question) => [
        question.id,
        fieldTypeOf(question).toRaw(answers[question.id], question),
      ]),
    );
  }

  /** The page's accepted uploads, and a message for each file refused (wrong type, too large, empty). */
  function pageUploads(
    request: FastifyRequest,
    form: MultipartForm,
    visible: VisiblePage,
  ): {
    uploads: { questionId: string; file: { name: string; mediaType: string; content: Buffer } }[];
    uploadErrors: Map<string, FieldError>;
  } {
    const uploadErrors = new Map<string, FieldError>();
    const uploads: { questionId: string; file: { name: string; mediaType: string; content: Buffer } }[] = [];
    const { t, locale } = request.pageContext();
    for (const upload of form.files) {
      const question = visible.questions.find((candidate) => candidate.id === upload.field);
      if (!question || question.type !== 'file') continue;
      const problem = checkUpload(question, upload, { t, locale }, deps.uploadMaxBytes);
      if (problem) uploadErrors.set(question.id, { message: problem });
      else
        uploads.push({
          questionId: question.id,
          file: { name: upload.filename, mediaType: upload.detectedType as string, content: upload.content },
        });
    }
    return { uploads, uploadErrors };
  }

  const formLimits = { maxFileBytes: deps.uploadMaxBytes, maxFiles: 10 };

  // ---- Starting: the first page is shown before any draft exists; its first valid answer creates one.

  app.get<{ Params: { slug: string } }>(
    '/services/:slug/apply',
    { config: { access: 'public' } },
    async (request, reply) => {
      const service = publishedOrNotFound(request, request.params.slug);
      requireSignInIfNeeded(request, service);
      const first = visiblePages(service.definition, {})[0];
      if (!first) throw notFound('service.empty', 'This service has no questions.');
      return reply.page(
        renderQuestion(request, service, first, {
          raw: {},
          action: `/services/${service.slug}/apply`,
          backHref: `/services/${service.slug}`,
        }),
      );
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/services/:slug/apply',
    { config: { access: 'public', multipart: true } },
    async (request, reply) => {
      const form = await readRequestForm(request, formLimits);
      const service = publishedOrNotFound(request, request.params.slug);
      requireSignInIfNeeded(request, service);
      const first = visiblePages(service.definition, {})[0] as VisiblePage;
      const fields = form.fields;
      const { uploads, uploadErrors } = pageUploads(request, form, first);
      const hasFile = first.questions.some((question) => question.type === 'file');
      const raw = readPage(first.questions, fields);
      // An upload on the first page needs a draft to belong to: create it, then handle the page as any other.
      if (hasFile && uploads.length > 0 && uploadErrors.size === 0) {
        const citizenId = request.principal?.kind === 'citizen' ? request.principal.id : null;
        const draftId = await applications.createDraft(service, citizenId, {});
        if (!citizenId) remember(request, 'draftIds', draftId);
        const draft = await applications.draftFor(
          draftId,
          request.principal,
          request.session.get('draftIds') ?? [],
        );
        for (const upload of uploads) {
          const question = first.questions.find((candidate) => candidate.id === upload.questionId);
          if (question?.type === 'file')
            await applications.addUpload(draft, question.id, question.maxFiles, upload.file);
        }
        return savePage(request, reply, draft, first, fields, false);
      }
      const result = validatePage(first.questions, raw, applications.validationContext());
      const errors = result.ok ? uploadErrors : new Map([...result.errors.byQuestion, ...uploadErrors]);
      if (!result.ok || errors.size > 0) {
        return reply.code(422).page(
          renderQuestion(request, service, first, {
            raw,
            errors,
            action: `/services/${service.slug}/apply`,
            backHref: `/services/${service.slug}`,
          }),
        );
      }
      const draftId = await applications.createDraft(
        service,
        request.principal?.kind === 'citizen' ? request.principal.id : null,
        result.answers,
      );
      if (request.principal?.kind !== 'citizen') remember(request, 'draftIds', draftId);
      const next = pageAfter(service.definition, result.answers, first.page.id);
      return reply.redirect(next ? pageHref(draftId, next.page.id) : checkHref(draftId), 303);
    },
  );

  // ---- A page of a draft.

  async function savePage(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    visible: VisiblePage,
    fields: FormFields,
    changing: boolean,
    uploadErrors: Map<string, FieldError> = new Map(),
  ): Promise<FastifyReply> {
    const files: Record<string, FileRef[]> = {};
    for (const question of visible.questions) {
      if (question.type === 'file')
        files[question.id] = isFileRefList(draft.answers[question.id])
          ? (draft.answers[question.id] as FileRef[])
          : [];
    }
    const raw = readPage(visible.questions, fields, files);
    const result = validatePage(visible.questions, raw, applications.validationContext());
    const errors = new Map([...(result.ok ? [] : result.errors.byQuestion), ...uploadErrors]);
    if (!result.ok || errors.size > 0) {
      return reply.code(422).page(renderDraftPage(request, draft, visible, changing, { raw, errors }));
    }
    const answers = await applications.saveAnswers(draft, result.answers);
    if (changing) {
      const missing = firstUnansweredPage(draft.service.definition, answers);
      return reply.redirect(
        missing ? `${pageHref(draft.id, missing.page.id)}?change=1` : checkHref(draft.id),
        303,
      );
    }
    const next = pageAfter(draft.service.definition, answers, visible.page.id);
    const firstMissing = firstUnansweredPage(draft.service.definition, answers);
    return reply.redirect(
      next
        ? pageHref(draft.id, next.page.id)
        : firstMissing
          ? pageHref(draft.id, firstMissing.page.id)
          : checkHref(draft.id),
      303,
    );
  }

  const changeQuery = z.object({ change: z.string().optional().catch(undefined) });

  app.get<DraftParams>(
    '/apply/:draftId/:pageId',
    { config: { access: 'public' } },
    async (request, reply) => {
      const draft = await loadDraft(request);
      if (request.params.pageId === 'check') return showCheck(request, reply, draft);
      if (request.params.pageId === 'save' && draft.assisted) return reply.redirect(continueHref(draft), 303);
      if (request.params.pageId === 'save') return showSave(request, reply, draft);
      const visible = findVisiblePage(draft.service.definition, draft.answers, request.params.pageId);
      if (!visible) return reply.redirect(continueHref(draft), 303);
      const changing = changeQuery.parse(request.query).change === '1';
      return reply.page(
        renderDraftPage(request, draft, visible, changing, { raw: storedRaw(visible, draft.answers) }),
      );
    },
  );

  app.post<DraftParams>(
    '/apply/:draftId/:pageId',
    { config: { access: 'public', multipart: true } },
    async (request, reply) => {
      // Read (and CSRF-check) the form before anything else, whichever of this address's forms it is.
      const form = await readRequestForm(request, formLimits);
      const draft = await loadDraft(request);
      if (request.params.pageId === 'check') return submit(request, reply, draft);
      if (request.params.pageId === 'save' && draft.assisted) return reply.redirect(continueHref(draft), 303);
      if (request.params.pageId === 'save') return sendResumeLink(request, reply, draft, form.fields);
      const visible = findVisiblePage(draft.service.definition, draft.answers, request.params.pageId);
      if (!visible) return reply.redirect(continueHref(draft), 303);
      const changing = changeQuery.parse(request.query).change === '1';
      const fields = form.fields;
      const { uploads, uploadErrors } = pageUploads(request, form, visible);
      const removal = typeof fields.remove_file === 'string' ? fields.remove_file : undefined;
      if (removal) {
        await applications.removeUpload(draft, removal);
        return reply.redirect(`${pageHref(draft.id, visible.page.id)}${changing ? '?change=1' : ''}`, 303);
      }
      for (const upload of uploads) {
        const question = visible.questions.find((candidate) => candidate.id === upload.questionId);
        if (question?.type !== 'file') continue;
        const current = isFileRefList(draft.answers[question.id])
          ? (draft.answers[question.id] as FileRef[])
          : [];
        if (question.maxFiles > 1 && current.length >= question.maxFiles) {
          uploadErrors.set(question.id, {
            message: request.pageContext().t('forms:errors.fileTooMany', { count: question.maxFiles }),
          });
          continue;
        }
        await applications.addUpload(draft, question.id, question.maxFiles, upload.file);
        // With room for more files, the citizen stays on the page to add another or continue.
        if (question.maxFiles > 1)
          return reply.redirect(`${pageHref(draft.id, visible.page.id)}${changing ? '?change=1' : ''}`, 303);
      }
      return savePage(request, reply, draft, visible, fields, changing, uploadErrors);
    },
  );

  // ---- Check your answers and send.

  async function showCheck(request: FastifyRequest, reply: FastifyReply, draft: Draft) {
    const missing = firstUnansweredPage(draft.service.definition, draft.answers);
    if (missing) return reply.redirect(pageHref(draft.id, missing.page.id), 303);
    const pages = visiblePages(draft.service.definition, draft.answers);
    const last = pages[pages.length - 1];
    return reply.page(
      <CheckAnswersPage
        ctx={request.pageContext()}
        service={draft.service.definition}
        answers={draft.answers}
        draftId={draft.id}
        backHref={last ? pageHref(draft.id, last.page.id) : `/services/${draft.serviceSlug}`}
        assisting={assistingNote(request, draft)}
        safeHelp={helpFor(request, draft.service)}
      />,
    );
  }

  async function submit(request: FastifyRequest, reply: FastifyReply, draft: Draft) {
    const missing = firstUnansweredPage(draft.service.definition, draft.answers);
    if (missing) return reply.redirect(pageHref(draft.id, missing.page.id), 303);
    const principal = request.principal?.kind === 'citizen' ? request.principal : undefined;
    const outcome = draft.assisted
      ? // Sent by the staff member who took it (loadDraft let only them through): they are the actor.
        await applications.submit(draft, undefined, { type: 'user', id: draft.assisted.staffUserId })
      : await applications.submit(
          draft,
          principal,
          principal ? { type: 'user', id: principal.id } : { type: 'anonymous', id: null },
          principal ? request.session.get('assurance') : undefined,
        );
    if (!outcome.ok) {
      const visible = findVisiblePage(draft.service.definition, draft.answers, outcome.pageId) as VisiblePage;
      return reply.code(422).page(
        renderDraftPage(request, draft, visible, true, {
          raw: storedRaw(visible, draft.answers),
          errors: outcome.errors,
        }),
      );
    }
    if (draft.assisted) {
      const { t } = request.pageContext();
      request.session.set(
        'flash',
        t('applications:assisted.sent', {
          reference: outcome.result.reference,
          name: draft.assisted.citizen.name,
        }),
      );
      return reply.redirect(`/staff/cases/${outcome.result.reference}`, 303);
    }
    remember(request, 'submitted', outcome.result.reference);
    request.session.set(
      'draftIds',
      (request.session.get('draftIds') ?? []).filter((id) => id !== draft.id),
    );
    return reply.redirect(`/applications/${outcome.result.reference}/confirmation`, 303);
  }

  app.get<{ Params: { reference: string } }>(
    '/applications/:reference/confirmation',
    { config: { access: 'public' } },
    async (request, reply) => {
      const ctx = request.pageContext();
      const reference = request.params.reference;
      const fromThisBrowser = (request.session.get('submitted') ?? []).includes(reference);
      let detail;
      try {
        detail = request.principal ? await cases.citizenView(request.principal, reference) : undefined;
      } catch (error) {
        if (!isPlazaError(error) || error.kind !== 'not_found') throw error;
      }
      if (!fromThisBrowser && !detail) throw notFound('case.not_found', ctx.t('cases:errors.notFound'));
      const summary = detail ?? (await cases.confirmationOf(reference));
      return reply.page(
        <ConfirmationPage
          ctx={ctx}
          service={summary?.service.definition}
          reference={reference}
          contactEmail={summary?.contactEmail ?? null}
          signedIn={request.principal?.kind === 'citizen'}
          safeHelp={helpFor(request, summary?.service)}
        />,
      );
    },
  );

  // ---- Save and come back later.

  async function showSave(request: FastifyRequest, reply: FastifyReply, draft: Draft) {
    return reply.page(
      <SaveForLaterPage
        ctx={request.pageContext()}
        service={draft.service.definition}
        draftId={draft.id}
        expiresAt={draft.expiresAt}
        signedIn={request.principal?.kind === 'citizen'}
        continueHref={continueHref(draft)}
      />,
    );
  }

  async function sendResumeLink(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: Draft,
    fields: FormFields,
  ) {
    const ctx = request.pageContext();
    const schema = z.object({
      email: emailAddressSchema(ctx.t),
    });
    const form = parseForm(schema, fields);
    const common = {
      ctx,
      service: draft.service.definition,
      draftId: draft.id,
      expiresAt: draft.expiresAt,
      signedIn: false,
      continueHref: continueHref(draft),
    };
    if (!form.ok)
      return reply.code(422).page(<SaveForLaterPage {...common} values={form.values} errors={form.errors} />);
    await applications.sendResumeLink(draft, form.data.email);
    return reply.page(<SaveForLaterPage {...common} sentTo={form.data.email} />);
  }

  app.get<{ Params: { token: string } }>(
    '/resume/:token',
    { config: { access: 'public' } },
    async (request, reply) => {
      const found = await applications.draftByResumeToken(request.params.token);
      const ctx = request.pageContext();
      if (!found) throw notFound('draft.link_expired', ctx.t('applications:errors.resumeLinkExpired'));
      if (found.userId && request.principal?.id !== found.userId) {
        throw unauthenticatedFor('citizen', ctx.t('applications:errors.signInToResume'));
      }
      if (!found.userId) remember(request, 'draftIds', found.id);
      const draft = await applications.draftFor(
        found.id,
        request.principal,
        request.session.get('draftIds') ?? [],
      );
      return reply.redirect(continueHref(draft), 303);
    },
  );

  // ---- Your applications.

  app.get('/account/applications', { config: { access: 'citizen' } }, async (request, reply) => {
    const principal = requireCitizen(request);
    const [drafts, sent] = await Promise.all([
      applications.draftsOf(principal.id),
      cases.citizenCases(principal),
    ]);
    return reply.page(
      <MyApplicationsPage
        ctx={request.pageContext()}
        drafts={drafts}
        cases={sent}
        continueHref={continueHref}
      />,
    );
  });

  app.get<{ Params: { reference: string } }>(
    '/account/applications/:reference',
    { config: { access: 'citizen' } },
    async (request, reply) => {
      const principal = requireCitizen(request);
      const view = await cases.citizenView(principal, request.params.reference);
      const notice = request.session.get('flash');
      if (notice) request.session.set('flash', undefined);
      return reply.page(<ApplicationDetailPage ctx={request.pageContext()} view={view} notice={notice} />);
    },
  );

  app.post<{ Params: { reference: string; requestId: string } }>(
    '/account/applications/:reference/requests/:requestId',
    { config: { access: 'citizen', multipart: true } },
    async (request, reply) => {
      const form = await readRequestForm(request, { maxFileBytes: deps.uploadMaxBytes, maxFiles: 5 });
      const principal = requireCitizen(request);
      const ctx = request.pageContext();
      const { t } = ctx;
      const view = await cases.citizenView(principal, request.params.reference);
      const response = String(typeof form.fields.response === 'string' ? form.fields.response : '')
        .replace(/\r\n/g, '\n')
        .trim();
      const errors: Record<string, string> = {};
      if (!response) errors.response = t('applications:errors.responseRequired');
      else if (response.length > 5000)
        errors.response = t('applications:errors.responseTooLong', { max: 5000 });
      const accepted: { name: string; mediaType: string; content: Buffer }[] = [];
      for (const file of form.files) {
        const problem = checkUpload(responseFiles, file, { t, locale: ctx.locale }, deps.uploadMaxBytes);
        if (problem) {
          errors.files = `${file.filename}: ${problem}`;
          break;
        }
        accepted.push({ name: file.filename, mediaType: file.detectedType as string, content: file.content });
      }
      if (Object.keys(errors).length > 0) {
        return reply
          .code(422)
          .page(<ApplicationDetailPage ctx={ctx} view={view} errors={errors} values={{ response }} />);
      }
      try {
        await cases.respondToInformationRequest(
          principal,
          request.params.reference,
          request.params.requestId,
          {
            text: response,
            files: accepted,
          },
        );
      } catch (error) {
        if (isPlazaError(error) && (error.kind === 'invalid' || error.kind === 'conflict')) {
          const current = await cases.citizenView(principal, request.params.reference);
          return reply
            .code(error.kind === 'invalid' ? 422 : 409)
            .page(<ApplicationDetailPage ctx={ctx} view={current} problem={error.message} />);
        }
        throw error;
      }
      request.session.set('flash', t('applications:detail.responseSent'));
      return reply.redirect(`/account/applications/${view.reference}`, 303);
    },
  );

  app.get<{ Params: { reference: string; fileId: string } }>(
    '/account/applications/:reference/files/:fileId',
    { config: { access: 'citizen' } },
    async (request, reply) => {
      const principal = requireCitizen(request);
      const file = await cases.fileAccess(principal, request.params.reference, request.params.fileId);
      return sendFile(reply, file, await cases.readFile(file));
    },
  );
}
