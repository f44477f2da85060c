/**
 * For service designers: how much of each service is translated into each language Plaza speaks, and which
 * texts are missing (they are shown to citizens in the service's own language, with a notice).
 */
import { defaultLanguage, languageNames, supportedLanguages } from '../../../platform/i18n/i18n.js';
import { GovukDetails } from '../../../platform/views/govuk/details.js';
import { GovukTable } from '../../../platform/views/govuk/table.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { CatalogueService, PublishedService } from '../catalogue.service.js';

export function TranslationStatus(props: {
  ctx: PageContext;
  catalogue: CatalogueService;
  services: PublishedService[];
}): JSX.Element {
  const { ctx, catalogue } = props;
  const { t } = ctx;
  const languages = supportedLanguages.filter((language) => language !== defaultLanguage);
  const status = props.services.map((service) => ({
    service,
    missing: languages.map((language) => ({
      language,
      keys: catalogue.localise(service, language).untranslated,
    })),
  }));
  const incomplete = status.flatMap(({ service, missing }) =>
    missing.filter(({ keys }) => keys.length > 0).map(({ language, keys }) => ({ service, language, keys })),
  );
  return (
    <section aria-labelledby="translations-heading">
      <h2 class="govuk-heading-m" id="translations-heading" safe>
        {t('catalogue:translations.heading')}
      </h2>
      <p class="govuk-body" safe>
        {t('catalogue:translations.lead')}
      </p>
      <GovukTable
        caption={t('catalogue:translations.caption')}
        captionClasses="govuk-visually-hidden"
        firstCellIsHeader
        head={[
          { text: t('definitions.service') },
          ...languages.map((language) => ({ text: languageNames[language], format: 'numeric' })),
        ]}
        rows={status.map(({ service, missing }) => [
          { text: service.definition.title },
          ...missing.map(({ keys }) => ({
            text:
              keys.length === 0
                ? t('catalogue:translations.complete')
                : t('catalogue:translations.missing', { count: keys.length }),
            format: 'numeric',
          })),
        ])}
      />
      {incomplete.map(({ service, language, keys }) => (
        <GovukDetails
          summaryText={t('catalogue:translations.missingIn', {
            service: service.definition.title,
            language: languageNames[language],
          })}
        >
          <ul class="govuk-list">
            {keys.map((key) => (
              <li>
                <code safe>{key}</code>
              </li>
            ))}
          </ul>
        </GovukDetails>
      ))}
      <p class="govuk-body">
        <span safe>{t('catalogue:translations.command')}</span>{' '}
        <code class="plaza-code">npx plaza services translations DIR --language es</code>
      </p>
    </section>
  );
}
