/**
 * A service definition's own text in other languages. A definition (and a workflow) may carry
 * `translations: { es: { "title": "…", "questions.whose_certificate.label": "…" } }`: each key names one text
 * of the definition by the ids people wrote (page, question and option ids, not positions), so reordering
 * questions keeps their translations. A text with no translation falls back to the definition's own
 * language, and the pages say so; the designer sees which texts are missing.
 */
import { textKeysOf, visitText, type TextVisitor } from '../../platform/definitions/translations.js';
import { defaultLanguage, type Language } from '../../platform/i18n/i18n.js';
import { mapWorkflowTexts, type Workflow } from '../workflow/index.js';
import { REPORTER_PAGE_ID } from './reporter-page.js';
import type { ServiceDefinition } from './service-definition.schema.js';

/**
 * Visits every text of a definition people read, with its key; a visitor that returns a string replaces the
 * text. Returns the definition with the replacements (the input is not changed).
 */

export function mapServiceTexts<D extends ServiceDefinition>(definition: D, visit: TextVisitor): D {
  const text = <T extends string | undefined>(key: string, value: T): T => visitText(key, value, visit);
  return {
    ...definition,
    title: text('title', definition.title),
    summary: text('summary', definition.summary),
    topic: text('topic', definition.topic),
    fee: definition.fee && {
      ...definition.fee,
      description: text('fee.description', definition.fee.description),
    },
    start: {
      ...definition.start,
      body: text('start.body', definition.start.body),
      youWillNeed: definition.start.youWillNeed.map((item, index) =>
        text(`start.youWillNeed.${index}`, item),
      ),
      timeToComplete: text('start.timeToComplete', definition.start.timeToComplete),
      afterYouApply: text('start.afterYouApply', definition.start.afterYouApply),
    },
    declaration: text('declaration', definition.declaration),
    // The page Plaza adds to a report for contact details speaks from Plaza's own catalogs.
    pages: definition.pages.map((page) =>
      page.id === REPORTER_PAGE_ID
        ? page
        : {
            ...page,
            title: text(`pages.${page.id}.title`, page.title),
            questions: page.questions.map((question) => {
              const at = `questions.${question.id}`;
              const mapped = {
                ...question,
                label: text(`${at}.label`, question.label),
                shortLabel: text(`${at}.shortLabel`, question.shortLabel),
                hint: text(`${at}.hint`, question.hint),
                messages:
                  question.messages &&
                  Object.fromEntries(
                    Object.entries(question.messages).map(([name, message]) => [
                      name,
                      text(`${at}.messages.${name}`, message),
                    ]),
                  ),
              };
              if ('prefix' in mapped || 'suffix' in mapped) {
                Object.assign(mapped, {
                  prefix: text(`${at}.prefix`, (mapped as { prefix?: string }).prefix),
                  suffix: text(`${at}.suffix`, (mapped as { suffix?: string }).suffix),
                });
              }
              if ('options' in question) {
                Object.assign(mapped, {
                  options: question.options.map((option) => ({
                    ...option,
                    label: text(`${at}.options.${option.value}.label`, option.label),
                    hint: text(`${at}.options.${option.value}.hint`, option.hint),
                  })),
                });
              }
              return mapped;
            }),
          },
    ),
    notifications: Object.fromEntries(
      Object.entries(definition.notifications).map(([event, template]) => [
        event,
        template && {
          subject: text(`notifications.${event}.subject`, template.subject),
          body: text(`notifications.${event}.body`, template.body),
        },
      ]),
    ),
  };
}

/** Every text key of a definition, with its original text. */
export function serviceTextKeys(definition: ServiceDefinition): Map<string, string> {
  return textKeysOf(definition, mapServiceTexts);
}

/** What each localised definition lacks, so the pages that show it can say so. */
const untranslatedTexts = new WeakMap<object, string[]>();

/** Keys of the texts of a localised definition shown in its own language for want of a translation. */
export function untranslatedTextsOf(definition: object): readonly string[] {
  return untranslatedTexts.get(definition) ?? [];
}

export interface LocalisedTexts<T> {
  value: T;
  /** Keys of the texts that had no translation and are shown in the original language. */
  untranslated: string[];
}

export function localiseService<D extends ServiceDefinition & { resolvedWorkflow: Workflow }>(
  definition: D,
  language: string,
): LocalisedTexts<D> {
  if (language === defaultLanguage) return { value: definition, untranslated: [] };
  const untranslated: string[] = [];
  const own = definition.translations?.[language as Language] ?? {};
  const localised = mapServiceTexts(definition, (key) => {
    const translated = own[key];
    if (translated === undefined) untranslated.push(key);
    return translated;
  });
  const workflowOwn = definition.resolvedWorkflow.translations?.[language as Language] ?? {};
  const workflow = mapWorkflowTexts(definition.resolvedWorkflow, (key) => {
    const translated = workflowOwn[key];
    if (translated === undefined) untranslated.push(`workflow.${key}`);
    return translated;
  });
  const value = { ...localised, resolvedWorkflow: workflow };
  untranslatedTexts.set(value, untranslated);
  return { value, untranslated };
}
