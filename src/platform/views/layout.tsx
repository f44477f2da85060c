/**
 * The page template every Plaza page renders in: govuk-frontend's page template, with Plaza's neutral
 * header (the deployment's name, logo and colour; never the crown), a skip link, the service navigation
 * and a footer. Scripts only enhance: every page works without them.
 */
import Html from '@kitajs/html';
import { GovukErrorSummary } from './govuk/error-summary.js';
import { GovukFooter } from './govuk/footer.js';
import { GovukGenericHeader } from './govuk/generic-header.js';
import { GovukLanguageNavigation } from './govuk/language-navigation.js';
import { GovukServiceNavigation } from './govuk/service-navigation.js';
import { GovukSkipLink } from './govuk/skip-link.js';
import type { PageContext } from './page-context.js';

export interface ErrorSummaryEntry {
  href: string;
  text: string;
}

export interface LayoutProps {
  ctx: PageContext;
  /** The page's own title; the organisation's name is added after it. */
  title: string;
  /** Errors to summarise at the top of the page (the title gets an "Error:" prefix). */
  errors?: ErrorSummaryEntry[];
  /** Shown above the main content: a back link or breadcrumbs. */
  beforeContent?: JSX.Element;
  children?: Html.Children;
}

export function pageTitle(ctx: PageContext, title: string, hasErrors: boolean): string {
  const full = `${title} – ${ctx.branding.organisationName}`;
  return hasErrors ? `${ctx.t('layout.errorTitlePrefix')} ${full}` : full;
}

/**
 * Links to this page in each language Plaza speaks, each named in its own language (and marked as such, so a
 * screen reader pronounces it right). A plain link works without JavaScript; the choice is remembered.
 */
function LanguageSwitcher({ ctx }: { ctx: PageContext }): JSX.Element {
  return (
    <div class="govuk-width-container plaza-language-switcher">
      <GovukLanguageNavigation
        ariaLabel={ctx.t('layout.languages')}
        items={ctx.languages.map((choice) => ({
          text: choice.name,
          lang: choice.language,
          dir: choice.direction,
          href: choice.href,
          current: choice.current,
        }))}
      />
    </div>
  );
}

export function Layout(props: LayoutProps): JSX.Element {
  const { ctx } = props;
  const { t, branding, assets } = ctx;
  const hasErrors = (props.errors?.length ?? 0) > 0;
  // Pages pass markup they rendered themselves (a back link, breadcrumbs).
  const safeBeforeContent = props.beforeContent;
  const safeLogo = branding.logoUrl ? (
    <img src={branding.logoUrl} alt={branding.organisationName} class="plaza-header__logo-image" />
  ) : (
    <span class="plaza-header__logotype" safe>
      {branding.organisationName}
    </span>
  );
  const safeSignOut = ctx.user ? (
    <li class="govuk-service-navigation__item plaza-sign-out">
      <form method="post" action="/sign-out" class="plaza-inline-form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken()} />
        <button type="submit" class="plaza-link-button govuk-service-navigation__link">
          <span safe>{t('layout.signOut')}</span>
        </button>
      </form>
    </li>
  ) : (
    ''
  );
  return (
    <>
      {'<!DOCTYPE html>'}
      <html lang={ctx.language} dir={ctx.direction} class="govuk-template govuk-template--rebranded">
        <head>
          <meta charset="utf-8" />
          <title safe>{pageTitle(ctx, props.title, hasErrors)}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content={branding.brandColour} />
          <link rel="icon" href={assets.favicon} type="image/svg+xml" />
          <link rel="stylesheet" href={ctx.direction === 'rtl' ? assets.cssRtl : assets.css} />
          <link rel="stylesheet" href={assets.brandCss} />
          <script type="module" src={assets.js}></script>
        </head>
        <body class="govuk-template__body">
          <GovukSkipLink href="#main-content" text={t('layout.skipLink')} />
          <header class="govuk-template__header">
            <LanguageSwitcher ctx={ctx} />
            <GovukGenericHeader classes="plaza-header" url="/" logoHtml={safeLogo as string} />
            <GovukServiceNavigation
              ariaLabel={t('layout.serviceInformation')}
              menuButtonText={t('layout.menu')}
              navigationLabel={t('layout.menu')}
              navigation={ctx.navigation.map((item) => ({
                href: item.href,
                text: item.text,
                active: item.active,
              }))}
              slots={{ navigationEnd: safeSignOut as string }}
            />
          </header>
          <div class="govuk-width-container">
            {safeBeforeContent}
            <main class="govuk-main-wrapper" id="main-content">
              {hasErrors ? (
                <GovukErrorSummary
                  titleText={t('layout.errorSummaryTitle')}
                  errorList={(props.errors ?? []).map((error) => ({ href: error.href, text: error.text }))}
                />
              ) : (
                ''
              )}
              {props.children}
            </main>
          </div>
          {/* As govuk-frontend's page template does: the footer landmark screen readers jump to. */}
          <footer class="govuk-template__footer">
            <GovukFooter
              crown={false}
              contentLicence={null}
              copyright={{ text: `© ${branding.organisationName}` }}
              meta={{
                visuallyHiddenTitle: t('layout.supportLinks'),
                items: [
                  ...(ctx.user ? [] : [{ href: '/staff/sign-in', text: t('layout.footer.staffSignIn') }]),
                  { href: '/accessibility', text: t('accessibility:footerLink') },
                  { href: '/api/openapi.json', text: t('layout.footer.api') },
                ],
                html: Html.escapeHtml(t('layout.footer.poweredBy')),
              }}
            />
          </footer>
        </body>
      </html>
    </>
  );
}
