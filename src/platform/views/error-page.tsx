import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

export interface ErrorPageProps {
  ctx: PageContext;
  status: number;
  title: string;
  message: string;
  /** Extra help, e.g. links to somewhere useful. */
  help?: JSX.Element;
}

/** Errors shown to people say what happened and what to do, with a reference for support; never a stack trace. */
export function ErrorPage({ ctx, status, title, message, help }: ErrorPageProps): JSX.Element {
  const { t } = ctx;
  const safeHelp = help;
  return (
    <Layout ctx={ctx} title={title}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" safe>
            {title}
          </h1>
          <p class="govuk-body" safe>
            {message}
          </p>
          {safeHelp}
          {status >= 500 || status === 403 || status === 409 ? (
            <p class="govuk-body govuk-hint" safe>
              {t('errors.reference', { reference: ctx.requestId })}
            </p>
          ) : (
            ''
          )}
        </div>
      </div>
    </Layout>
  );
}

export function NotFoundHelp({ ctx }: { ctx: PageContext }): JSX.Element {
  const { t } = ctx;
  return (
    <>
      <p class="govuk-body" safe>
        {t('errors.notFound.checkAddress')}
      </p>
      <p class="govuk-body">
        <a class="govuk-link" href="/" safe>
          {t('errors.notFound.browse')}
        </a>
      </p>
    </>
  );
}
