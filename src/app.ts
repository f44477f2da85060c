/**
 * Composes Plaza: reads the deployment's definitions, builds each module's services with their
 * dependencies, and mounts their pages and API on one HTTP server, without listening. Tests call
 * `createApp` with their own database and clock and use `server.inject`.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { forbidden } from './platform/errors.js';
import { scoped, type Database, type Db } from './database.js';
import type { Principal } from './platform/auth/principal.js';
import type { DatabaseHandle } from './platform/db/database-handle.js';
import { createHttpServer, type PlazaServer } from './platform/http/http-server.js';
import { createI18n, languageInUse, type I18n, type Translator } from './platform/i18n/i18n.js';
import { Jobs, type JobHandler } from './platform/jobs/jobs.js';
import { maintenanceJobs } from './platform/db/maintenance.js';
import { deleteExpiredSessions } from './platform/http/sessions.js';
import type { Clock } from './platform/time/clock.js';
import type { WorkingCalendar } from './platform/time/working-calendar.js';
import type { NavigationItem, PageContext } from './platform/views/page-context.js';
import { formatProblem } from './platform/definitions/yaml-files.js';
import {
  createApplicationsService,
  draftExpiryJob,
  registerApplicationPages,
  type ApplicationsService,
} from './modules/applications/index.js';
import { registerAuditPages, systemActor } from './modules/audit/index.js';
import { registerAccessibilityPages } from './modules/accessibility/index.js';
import {
  createCatalogueService,
  loadServiceDefinitions,
  registerCatalogueApi,
  registerCataloguePages,
  type CatalogueService,
  type SyncReport,
} from './modules/catalogue/index.js';
import {
  createCasesService,
  registerCasePages,
  registerCasesApi,
  type CasesService,
  type StaffCasePanel,
} from './modules/cases/index.js';
import {
  assuranceAskedBy,
  createIdentityService,
  createSignInFlow,
  createUserData,
  hasCapability,
  registerIdentityPages,
  type SignInStep,
  type Capability,
  type IdentityService,
} from './modules/identity/index.js';
import {
  createNotifier,
  deliveryJob,
  registerOutboxPage,
  smtpTransport,
  type MailTransport,
} from './modules/notifications/index.js';
import {
  loadOrganisationDefinitions,
  localiseDepartments,
  syncDepartments,
  type Department,
} from './modules/organisation/index.js';
import { registerDefinitionsPage } from './definitions-page.js';
import { createStaffAdminService, registerStaffAdminPages } from './modules/staff-admin/index.js';
import {
  createPersonalData,
  createPrivacyService,
  registerPrivacyPages,
  retentionJob,
  type PersonalData,
  type PrivacyService,
} from './modules/privacy/index.js';
import { KeyRing } from './platform/crypto/key-ring.js';
import {
  citizenPasskeySignIn,
  createSecondFactorsService,
  registerSecondFactorPages,
  secondFactorStep,
  secondFactorsCleanupJob,
} from './modules/second-factors/index.js';
import {
  createPartnersService,
  expiredTokensJob,
  registerPartnerPages,
  registerPartnersApi,
  scopeDescriptions,
  tokenEndpointRateLimits,
  type PartnersService,
} from './modules/partners/index.js';
import {
  createFederationService,
  federatedSignInOptions,
  loadIdentityProviders,
  registerFederationPages,
} from './modules/federation/index.js';
import { createAccountsService, registerAccountPages } from './modules/accounts/index.js';
import { registerAssistedPages } from './modules/assisted-digital/index.js';
import { createOpen311Service, registerOpen311Api } from './modules/open311/index.js';
import { createTriageService, triageRetrainJob, type TriageService } from './modules/triage/index.js';
import { createPlacesService, loadBoundary, type PlacesService } from './modules/places/index.js';
import {
  createReportDrafts,
  createReportsService,
  findDuplicateCandidates,
  registerReportPages,
  type ReportsService,
} from './modules/reports/index.js';
import {
  createReportCaseworkService,
  loadReferrals,
  registerReportCaseworkPages,
  reportCasePanel,
} from './modules/reports/casework/index.js';
import { defaultImageLimits } from './platform/images/images.js';
import { perAddress, type RateLimit, type RateLimitRule } from './platform/http/rate-limits.js';
import type { FastifyRequest } from 'fastify';
import { createHash, createHmac } from 'node:crypto';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle<Database>;
  clock: Clock;
  logger?: FastifyBaseLogger | boolean;
  /** Replaces the SMTP transport (tests use a real SMTP server they start, or none). */
  mailTransport?: MailTransport;
  /** Secret for signing one-time codes; from configuration or the data folder. */
  secret: string;
}

export interface PlazaApp {
  server: PlazaServer;
  jobs: Jobs;
  i18n: I18n;
  catalogue: CatalogueService;
  identity: IdentityService;
  applications: ApplicationsService;
  cases: CasesService;
  privacy: PrivacyService;
  /** Encrypts and decrypts personal data with the deployment's key ring. */
  personalData: PersonalData;
  partners: PartnersService;
  /** Suggests a report's type and department; applies and undoes suggestions. */
  triage: TriageService;
  reports: ReportsService;
  places: PlacesService;
  syncReport: SyncReport;
  departments: ReadonlyMap<string, Department>;
  close(): Promise<void>;
}

export async function createApp(deps: AppDeps): Promise<PlazaApp> {
  const { config, clock } = deps;
  const db: Db = deps.database.db;
  const i18n = await createI18n(join(config.packageRoot, 'locales'), { strict: config.env === 'test' });
  const version = (
    JSON.parse(readFileSync(join(config.packageRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;

  // The deployment's definitions: departments and calendar first, then workflows and services.
  const organisation = loadOrganisationDefinitions(config.definitionsDir, config.timeZone);
  await syncDepartments(db, organisation.departments);
  const departments = new Map<string, Department>(
    organisation.departments.map((department) => [department.id, department]),
  );
  // What readers see of the departments (names, addresses) in their language, built once per language.
  const departmentsByLanguage = new Map<string, ReadonlyMap<string, Department>>();
  const departmentsForReader = (): ReadonlyMap<string, Department> => {
    const language = languageInUse();
    let found = departmentsByLanguage.get(language);
    if (!found) {
      found = localiseDepartments(departments, organisation.translations, language);
      departmentsByLanguage.set(language, found);
    }
    return found;
  };
  const calendar: WorkingCalendar = organisation.calendar;
  const catalogue = createCatalogueService({ db, clock });
  const loaded = loadServiceDefinitions(config.definitionsDir, new Set(departments.keys()));
  const identityProviders = loadIdentityProviders(config.definitionsDir, config.environment);
  const syncReport = await catalogue.sync(
    { ...loaded, problems: [...organisation.problems, ...identityProviders.problems, ...loaded.problems] },
    systemActor,
  );

  // Personal data at rest: the configured key ring, or (development, tests) a key derived from the secret.
  const keyRing = KeyRing.fromConfig(config.encryptionKeys, deps.secret);
  const personalData = createPersonalData(keyRing);
  // Accounts' email, name and phone, under the same keys; names are read with `openName`.
  const users = createUserData(keyRing);
  const openName = (userId: string, stored: string | null) => users.open('name', userId, stored);
  const privacy = createPrivacyService({
    db,
    clock,
    catalogue,
    personalData,
    organisationName: config.organisation.name,
    defaultRetentionDays: config.personalDataRetentionDays,
  });
  const mailTransport =
    deps.mailTransport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom) : undefined);
  const secondFactors = createSecondFactorsService({
    db,
    clock,
    secret: deps.secret,
    relyingParty: {
      id: new URL(config.baseUrl).hostname,
      name: config.organisation.name,
      origin: new URL(config.baseUrl).origin,
    },
    staffMfa: config.staffMfa,
  });
  const handlers: JobHandler[] = [
    deliveryJob({ db, clock, transport: mailTransport, keyRing }),
    draftExpiryJob({ db, clock }),
    {
      name: 'sessions.cleanup',
      schedule: '23 * * * *',
      run: async () => {
        await deleteExpiredSessions(scoped(db), clock.now());
      },
    },
  ];
  handlers.push(...maintenanceJobs(deps.database));
  handlers.push(retentionJob(privacy));
  handlers.push(expiredTokensJob({ db, clock }));
  handlers.push(secondFactorsCleanupJob(secondFactors));
  const triage = createTriageService({
    db,
    clock,
    t: () => i18n.translator(undefined).t,
    autoApplyThreshold: config.triageAutoApply,
    // Applying a suggestion re-files the case through the cases module (built below).
    moveCase: async (trx, move) => cases.moveCase(trx, move),
  });
  handlers.push(triageRetrainJob(triage, typeof deps.logger === 'object' ? deps.logger : undefined));
  const jobs = Jobs.create(
    deps.database,
    handlers,
    typeof deps.logger === 'object' ? deps.logger : undefined,
  );
  const notifier = createNotifier({ clock, jobs, keyRing });
  const identity = createIdentityService({
    db,
    clock,
    codeSecret: createHmac('sha256', deps.secret).update('sign-in-codes').digest('hex'),
    users,
    sendCode: async (trx, message) => {
      const { t } = i18n.translator(message.language);
      await notifier.queueEmail(trx, {
        recipient: message.email,
        subject: t('notifications:signInCode.subject', {
          code: message.code,
          organisation: config.organisation.name,
        }),
        body: t('notifications:signInCode.body', {
          code: message.code,
          organisation: config.organisation.name,
        }),
        template: 'auth.sign_in_code',
      });
    },
  });
  const cases = createCasesService({
    db,
    clock,
    catalogue,
    calendar: () => calendar,
    i18n,
    baseUrl: config.baseUrl,
    organisationName: config.organisation.name,
    loadPrincipal: identity.loadPrincipal,
    notifier,
    personalData,
    // Reports keep their public record in step with their case (the reports service is built below).
    onCaseChanged: async (trx, change) => reports.onCaseChanged(trx, change),
  });
  // The city's places: its boundary (reports outside it are refused) and its gazetteer, searched by name.
  const boundary = loadBoundary(config.definitionsDir);
  const places = createPlacesService({ db, boundary: () => boundary.boundary });
  const placeProblems = [...boundary.problems];
  for (const result of await places.syncFromDefinitions(config.definitionsDir))
    placeProblems.push(
      ...result.problems.map((problem) => `${result.source} ${problem.where}: ${problem.message}`),
    );
  const imageLimits = { ...defaultImageLimits, maxBytes: config.uploadMaxBytes };
  const reports: ReportsService = createReportsService({
    db,
    clock,
    catalogue,
    cases,
    places,
    i18n,
    timeZone: config.timeZone,
    baseUrl: config.baseUrl,
    organisationName: config.organisation.name,
    notifier,
    personalData,
    imageLimits,
    emailOfUser: async (trx, userId) => {
      const row = await trx
        .selectFrom('users')
        .select(['email'])
        .where('id', '=', userId)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return row ? identity.users.openEmail(userId, row.email) : null;
    },
    triage,
    findDuplicateCandidates,
  });
  const applications = createApplicationsService({
    db,
    clock,
    catalogue,
    cases,
    i18n,
    timeZone: config.timeZone,
    baseUrl: config.baseUrl,
    organisationName: config.organisation.name,
    notifier,
    personalData,
  });
  const federation = createFederationService({
    db,
    clock,
    users,
    providers: identityProviders.providers,
    warn: (details, message) => {
      if (typeof deps.logger === 'object') deps.logger.warn(details, message);
    },
  });
  const accounts = createAccountsService({
    db,
    clock,
    codeSecret: createHmac('sha256', deps.secret).update('email-change-codes').digest('hex'),
    users,
    mailer: {
      code: async (trx, message) => {
        const { t } = i18n.translator(message.language);
        const values = { code: message.code, organisation: config.organisation.name };
        await notifier.queueEmail(trx, {
          recipient: message.email,
          subject: t('accounts:mail.codeSubject', values),
          body: t('accounts:mail.codeBody', values),
          template: 'account.email_change_code',
        });
      },
      changed: async (trx, message) => {
        const { t } = i18n.translator(message.language);
        const values = { email: message.newEmail, organisation: config.organisation.name };
        await notifier.queueEmail(trx, {
          recipient: message.oldEmail,
          subject: t('accounts:mail.changedSubject', values),
          body: t('accounts:mail.changedBody', values),
          template: 'account.email_changed',
        });
      },
    },
  });

  const manifest = JSON.parse(
    readFileSync(join(config.packageRoot, 'dist', 'public', 'manifest.json'), 'utf8'),
  ) as {
    css: string;
    /** The same stylesheet mirrored for right-to-left languages. */
    cssRtl: string;
    js: string;
    favicon: string;
    /** The passkey enhancement script. */
    webauthn: string;
    /** The report map enhancement (Leaflet) and its stylesheet. */
    reportMap: string;
    reportMapCss: string;
  };
  const partners = createPartnersService({ db, clock, t: () => i18n.translator(undefined).t, openName });
  const server = await createHttpServer({
    logger: deps.logger ?? false,
    db: scoped(db),
    clock,
    i18n,
    branding: {
      organisationName: config.organisation.name,
      brandColour: config.organisation.brandColour,
      logoUrl: config.organisation.logoUrl,
    },
    assets: { ...manifest, brandCss: '/assets/brand.css', dir: join(config.packageRoot, 'dist', 'public') },
    timeZone: config.timeZone,
    isDevelopment: config.env !== 'production',
    sessions: {
      cookieName: SESSION_COOKIE,
      secureCookie: config.baseUrl.startsWith('https://'),
      idleTimeoutMs: 2 * 3_600_000,
      absoluteTimeoutMs: 24 * 3_600_000,
    },
    uploadMaxBytes: config.uploadMaxBytes,
    imageOrigins: tileOrigins(config.mapTiles.url),
    loadPrincipal: identity.loadPrincipal,
    authenticateClient: (credential) => partners.authenticate(credential),
    hasCapability: (principal, capability) => hasCapability(principal, capability as Capability),
    rateLimits: { enabled: config.rateLimits, rules: rateLimitRules },
    trustProxy: config.trustProxy,
    errors: {
      signInPathFor: (code) =>
        code === 'auth.staff_required'
          ? '/staff/sign-in'
          : code === 'auth.citizen_required'
            ? '/sign-in'
            : stepUpPathFor(code),
    },
    openApi: {
      title: `${config.organisation.name} – Plaza API`,
      version,
      description:
        'Service catalogue, and for staff and partner systems, applications and cases. Partner systems authenticate ' +
        'with an API key or an OAuth 2 access token (client credentials) carrying scopes, and reach only the cases of ' +
        'the departments they act for. Generated from the schemas that validate each request.',
      clientScopes: scopeDescriptions,
    },
    navigationFor,
    formActionOrigins: () => federation.formActionOrigins(),
  });

  server.get('/healthz', { config: { access: 'public' } }, async () => {
    await db.selectNoFrom((eb) => eb.val(1).as('ok')).execute();
    return { status: 'ok', database: deps.database.kind };
  });
  registerCataloguePages(server, { catalogue, departments: departmentsForReader });
  registerCatalogueApi(server, { catalogue });
  // Steps after a first proof of identity (a staff member's second factor) and other ways for citizens
  // to sign in (passkeys, national eID) are added by the modules that provide them.
  const signInSteps: SignInStep[] = [];
  const otherCitizenSignIn: ((ctx: PageContext, returnTo: string) => JSX.Element)[] = [];
  const signInFlow = createSignInFlow({
    steps: () => signInSteps,
    keptAtSignIn: () => ['draftIds', 'submitted', 'reportDraftIds', 'reportsFiled'],
    afterCitizenSignIn: async (request, userId) =>
      applications.claimDrafts(userId, request.session.get('draftIds') ?? []),
    sessionTimeouts: (identity) => (identity.kind === 'staff' ? staffSessionTimeouts : undefined),
  });
  registerIdentityPages(server, {
    identity,
    signInFlow,
    showOutboxHint: outboxPageAllowed(config),
    otherCitizenSignIn,
  });
  signInSteps.push(secondFactorStep(secondFactors));
  otherCitizenSignIn.push(citizenPasskeySignIn(manifest.webauthn));
  registerSecondFactorPages(server, {
    secondFactors,
    signInFlow,
    loadPrincipal: identity.loadPrincipal,
    clock,
    staffMfa: config.staffMfa,
    webauthnScript: manifest.webauthn,
  });
  otherCitizenSignIn.push(federatedSignInOptions(federation));
  registerFederationPages(server, {
    federation,
    identity,
    signInFlow,
    clock,
    baseUrl: config.baseUrl,
    showOutboxHint: outboxPageAllowed(config),
  });
  registerAccountPages(server, {
    accounts,
    sessionCookie: SESSION_COOKIE,
    linkedIdentities: (userId) => federation.linkedIdentities(userId),
    showOutboxHint: outboxPageAllowed(config),
  });
  registerApplicationPages(server, {
    db,
    applications,
    catalogue,
    cases,
    uploadMaxBytes: config.uploadMaxBytes,
    departments: departmentsForReader,
  });
  const departmentList = (): { id: string; name: string }[] =>
    [...departmentsForReader().values()]
      .map((department) => ({ id: department.id, name: department.name }))
      .sort((a, b) => a.name.localeCompare(b.name, languageInUse()));
  // Sections other modules add to the staff case page (a report's place, photos and actions).
  const casePanels: StaffCasePanel[] = [];
  const caseActions = registerCasePages(server, {
    db,
    cases,
    panels: () => casePanels,
    departments: departmentList,
    serviceTitles: (departmentId) =>
      catalogue
        .list()
        .filter((service) => service.definition.department === departmentId)
        .map((service) => ({ value: service.slug, label: service.definition.title })),
  });
  registerCasesApi(server, { cases, departmentIds: () => [...departments.keys()] });
  // The citizen's /account/data (download, erasure) and the staff export page.
  registerPrivacyPages(server, { privacy });
  registerPartnersApi(server, { partners });
  const open311 = createOpen311Service({
    db,
    clock,
    catalogue,
    reports,
    places,
  });
  registerOpen311Api(server, {
    open311,
    authenticate: (credential) => partners.authenticate(credential),
    baseUrl: config.baseUrl,
    organisationName: config.organisation.name,
    timeZone: config.timeZone,
    production: config.env === 'production',
    jurisdiction: config.open311Jurisdiction,
    uploadMaxBytes: config.uploadMaxBytes,
    departmentNames: () =>
      Object.fromEntries([...departments.values()].map((department) => [department.id, department.name])),
  });
  registerPartnerPages(server, { partners, departments: departmentList, baseUrl: config.baseUrl });
  registerDefinitionsPage(server, { catalogue, maxReadingAge: config.maxReadingAge });
  const reportDrafts = createReportDrafts({ db, clock, catalogue, personalData });
  // Staff apply or report for a citizen through the citizen's own pages (assisted digital).
  registerAssistedPages(server, {
    catalogue,
    departments: departmentsForReader,
    startApplication: (service, assisted) => applications.startAssisted(service, assisted),
    startReport: async (service, assisted) => {
      const draftId = await reportDrafts.create(service, assisted);
      return { draftId, href: `/report/${service.slug}/${draftId}/location` };
    },
  });
  registerReportPages(server, {
    reports,
    drafts: reportDrafts,
    catalogue,
    places,
    departments: departmentsForReader,
    imageLimits,
    map: () => ({
      tileUrl: config.mapTiles.url,
      tileAttribution: config.mapTiles.attribution,
      script: manifest.reportMap,
      stylesheet: manifest.reportMapCss,
      outline: boundary.boundary?.outline ?? [],
      bounds: boundary.boundary?.bounds,
    }),
  });
  const referrals = loadReferrals(config.definitionsDir);
  placeProblems.push(...referrals.problems.map(formatProblem));
  const reportCasework = createReportCaseworkService({
    db,
    clock,
    i18n,
    baseUrl: config.baseUrl,
    catalogue,
    cases,
    onCaseChanged: (trx, change) => reports.onCaseChanged(trx, change),
    nearestPlace: (lat, long) => reports.nearestPlace(lat, long),
    departments: departmentList,
    referrals: () => referrals.referrals,
    findDuplicateCandidates,
    triage,
  });
  const reportMap = () => ({
    tileUrl: config.mapTiles.url,
    tileAttribution: config.mapTiles.attribution,
    script: manifest.reportMap,
    stylesheet: manifest.reportMapCss,
    outline: boundary.boundary?.outline ?? [],
    bounds: boundary.boundary?.bounds,
  });
  casePanels.push(reportCasePanel({ casework: reportCasework, map: reportMap }));
  registerReportCaseworkPages(server, { casework: reportCasework, caseActions });
  if (placeProblems.length > 0 && typeof deps.logger === 'object') {
    for (const problem of placeProblems) deps.logger.warn({ problem }, `places: ${problem}`);
  }
  registerStaffAdminPages(server, {
    staffAdmin: createStaffAdminService({
      db,
      clock,
      identity,
      t: () => i18n.translator(undefined).t,
      resetSecondFactors: (userId, actor) => secondFactors.resetFactors(userId, actor),
    }),
    departments: departmentList,
  });
  registerAuditPages(server, { db, openName });
  registerAccessibilityPages(server, {
    resultsFile: join(config.packageRoot, 'docs', 'accessibility-results.json'),
    contacts: () =>
      config.organisation.contactEmail
        ? [{ name: config.organisation.name, email: config.organisation.contactEmail }]
        : departmentList().map(({ id, name }) => ({
            name,
            email: departments.get(id)?.email,
            phone: departments.get(id)?.phone,
          })),
  });
  // Staff land on the first part of the workspace their roles open.
  server.get('/staff', { config: { access: 'staff' } }, async (request, reply) => {
    const principal = request.principal;
    const home = staffHomes.find(([capability]) => principal && hasCapability(principal, capability));
    if (!home) throw forbidden('access.no_roles', request.pageContext().t('cases:errors.noDepartment'));
    return reply.redirect(home[1], 303);
  });
  // The outbox shows every one-time code: only for tests, and for development on this machine alone.
  if (outboxPageAllowed(config)) registerOutboxPage(server, { db, keyRing });
  server.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    server.swagger(),
  );

  if (syncReport.problems.length > 0 && typeof deps.logger === 'object') {
    for (const problem of syncReport.problems)
      deps.logger.warn({ problem }, `service definition not published: ${formatProblem(problem)}`);
  }
  return {
    server,
    jobs,
    i18n,
    catalogue,
    identity,
    applications,
    cases,
    privacy,
    personalData,
    partners,
    triage,
    reports,
    places,
    syncReport,
    departments,
    async close() {
      await jobs.stop();
      await server.close();
      mailTransport?.close();
    },
  };
}

const SESSION_COOKIE = 'plaza_session';

/** Where a map's tiles come from, for the pages' Content-Security-Policy ({s} subdomains: any of them). */
function tileOrigins(template: string | undefined): string[] {
  if (!template) return [];
  const url = new URL(template.replace(/\{[a-z]+\}/g, '0'));
  const host = /^https:\/\/\{s\}\./.test(template)
    ? `*.${url.hostname.split('.').slice(1).join('.')}`
    : url.hostname;
  return [`${url.protocol}//${host}`];
}
const minutes = (count: number): number => count * 60_000;

/** Counts by the signed-in account, or else by the browser's session (hashed: the cookie is a credential). */
const perAccountOrSession = (request: FastifyRequest): string | undefined => {
  if (request.principal) return `account:${request.principal.id}`;
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? `session:${createHash('sha256').update(cookie).digest('base64url')}` : undefined;
};

/** The email address a sign-in form was sent for, as the accounts are keyed. */
const perEmailField = (request: FastifyRequest): string | undefined => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() !== ''
    ? email.trim().toLowerCase().slice(0, 254)
    : undefined;
};

const signInLimits = (what: string): RateLimit[] => [
  { name: `${what} per address`, key: perAddress, max: 30, windowMs: minutes(15) },
  { name: `${what} per email`, key: perEmailField, max: 10, windowMs: minutes(15) },
];
const codeEntryLimits = (what: string): RateLimit[] => [
  { name: `${what} per address`, key: perAddress, max: 30, windowMs: minutes(15) },
  { name: `${what} per session`, key: perAccountOrSession, max: 10, windowMs: minutes(15) },
];
const applicationLimits = (what: string): RateLimit[] => [
  { name: `${what} per address`, key: perAddress, max: 200, windowMs: minutes(60) },
  { name: `${what} per account or session`, key: perAccountOrSession, max: 30, windowMs: minutes(60) },
];

/**
 * What may be done only so often (platform/http/rate-limits.ts; off with PLAZA_RATE_LIMITS=off). Generous
 * for a person, a household or an office behind one address; tight for a program guessing codes or
 * passwords, or flooding a department with applications. The API's limit per client is each client's own.
 */
const rateLimitRules: RateLimitRule[] = [
  { method: 'POST', url: '/sign-in', limits: signInLimits('sign-in codes asked for') },
  {
    method: 'POST',
    url: '/sign-in/code',
    limits: [
      ...codeEntryLimits('sign-in codes entered'),
      {
        name: 'sign-in codes entered per email',
        key: (request) => request.session.get('pendingSignIn')?.email.toLowerCase(),
        max: 10,
        windowMs: minutes(15),
      },
    ],
  },
  // Someone an identity provider identified, proving an email address; and a citizen changing theirs.
  { method: 'POST', url: '/sign-in/oidc/email', limits: signInLimits('sign-in codes asked for') },
  { method: 'POST', url: '/sign-in/oidc/email/code', limits: codeEntryLimits('sign-in codes entered') },
  { method: 'POST', url: '/account/email', limits: signInLimits('email change codes asked for') },
  { method: 'POST', url: '/account/email/code', limits: codeEntryLimits('email change codes entered') },
  { method: 'POST', url: '/staff/sign-in', limits: signInLimits('staff sign-ins') },
  { method: 'POST', url: '/staff/sign-in/second-factor', limits: codeEntryLimits('second-factor codes') },
  { method: 'POST', url: '/staff/sign-in/recovery-code', limits: codeEntryLimits('recovery codes') },
  { method: 'POST', url: '/services/:slug/apply', limits: applicationLimits('applications started') },
  { method: 'POST', url: '/report/:slug', limits: applicationLimits('reports started') },
  {
    method: 'POST',
    url: '/report/:slug/:draftId/:step',
    when: (request) => (request.params as { step?: string }).step === 'check',
    limits: applicationLimits('reports sent'),
  },
  {
    method: 'POST',
    url: '/apply/:draftId/:pageId',
    when: (request) => (request.params as { pageId?: string }).pageId === 'check',
    limits: applicationLimits('applications sent'),
  },
  tokenEndpointRateLimits,
];

/** Where a citizen is sent to prove who they are to the level a service needs (see identity/assurance.ts). */
function stepUpPathFor(code: string): string | undefined {
  const level = assuranceAskedBy(code);
  return level ? `/sign-in/step-up/${level}` : undefined;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1']);

export function outboxPageAllowed(config: Config): boolean {
  return config.env === 'test' || (config.env === 'development' && loopbackHosts.has(config.host));
}

/** Staff sessions end sooner than citizens' (2 hours idle, 24 hours at most): they open personal data. */
const staffSessionTimeouts = { idleTimeoutMs: 30 * 60_000, absoluteTimeoutMs: 12 * 3_600_000 };

const staffHomes: [Capability, string][] = [
  ['cases.view', '/staff/queue'],
  ['staff.manage', '/staff/accounts'],
  ['definitions.view', '/staff/service-definitions'],
  ['audit.view', '/staff/audit'],
  ['privacy.export', '/staff/privacy'],
];

/** The service navigation: what a citizen, a staff member or a visitor can go to. */
function navigationFor(principal: Principal | undefined, path: string, t: Translator['t']): NavigationItem[] {
  const item = (href: string, key: string): NavigationItem => ({
    href,
    text: t(key),
    active: path === href || path.startsWith(`${href}/`),
  });
  if (principal?.kind === 'staff') {
    return [
      hasCapability(principal, 'cases.view') && item('/staff/queue', 'layout.nav.queue'),
      hasCapability(principal, 'cases.assist') && item('/staff/assist', 'assisted:nav'),
      hasCapability(principal, 'definitions.view') &&
        item('/staff/service-definitions', 'layout.nav.definitions'),
      hasCapability(principal, 'staff.manage') && item('/staff/accounts', 'layout.nav.staff'),
      hasCapability(principal, 'staff.manage') && item('/staff/api-clients', 'layout.nav.apiClients'),
      hasCapability(principal, 'audit.view') && item('/staff/audit', 'layout.nav.audit'),
      hasCapability(principal, 'privacy.export') && item('/staff/privacy', 'privacy:staff.nav'),
      item('/staff/security', 'secondFactors:staff.nav'),
    ].filter((entry): entry is NavigationItem => entry !== false);
  }
  const items = [
    {
      ...item('/', 'layout.nav.services'),
      active: path === '/' || path.startsWith('/services') || path.startsWith('/search'),
    },
  ];
  items.push(
    principal?.kind === 'citizen'
      ? item('/account/applications', 'layout.nav.myApplications')
      : item('/sign-in', 'layout.nav.signIn'),
  );
  if (principal?.kind === 'citizen') {
    items.push({
      ...item('/account', 'layout.nav.account'),
      active:
        path === '/account' || (path.startsWith('/account') && !path.startsWith('/account/applications')),
    });
  }
  return items;
}
