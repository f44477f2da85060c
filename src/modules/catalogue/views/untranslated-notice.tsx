/**
 * Said on a service's pages when some of its own text has no translation in the reader's language and is
 * shown in the language it was written in, so the change of language is no surprise.
 */
import { defaultLanguage } from '../../../platform/i18n/i18n.js';
import { GovukInsetText } from '../../../platform/views/govuk/inset-text.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { untranslatedTextsOf } from '../translations.js';

export function UntranslatedNotice(props: { ctx: PageContext; service: object }): JSX.Element {
  const { ctx } = props;
  if (ctx.language === defaultLanguage || untranslatedTextsOf(props.service).length === 0) return '';
  const names = new Intl.DisplayNames([ctx.locale], { type: 'language' });
  return (
    <GovukInsetText
      classes="plaza-untranslated"
      text={ctx.t('catalogue:untranslated', {
        language: names.of(ctx.language) ?? ctx.language,
        original: names.of(defaultLanguage) ?? defaultLanguage,
      })}
    />
  );
}
