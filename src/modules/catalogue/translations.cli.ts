/**
 * `plaza services translations DIR --language es`: for a service designer or translator, each service's,
 * workflow's and department's texts that have no translation in a language, written as the `translations` block to paste into
 * the file, with the original text as the value to replace.
 */
import { relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { textKeysOf } from '../../platform/definitions/translations.js';
import { defaultLanguage, isLanguage, type Language } from '../../platform/i18n/i18n.js';
import { departmentTextKeys, loadOrganisationDefinitions } from '../organisation/index.js';
import { mapWorkflowTexts } from '../workflow/index.js';
import { loadServiceDefinitions } from './definition-loader.js';
import { serviceTextKeys } from './translations.js';

export interface MissingTranslations {
  file: string;
  total: number;
  missing: Map<string, string>;
}

/** Per definition file, the texts without a translation in `language` (files with none missing left out). */
export function missingTranslations(dir: string, language: Language): MissingTranslations[] {
  const folder = resolve(dir);
  const organisation = loadOrganisationDefinitions(folder, 'UTC');
  const loaded = loadServiceDefinitions(
    folder,
    new Set(organisation.departments.map((department) => department.id)),
  );
  const results: MissingTranslations[] = [];
  const collect = (file: string, texts: Map<string, string>, own: Record<string, string> | undefined) => {
    const missing = new Map([...texts].filter(([key]) => own?.[key] === undefined));
    if (missing.size > 0) results.push({ file: relative(folder, file), total: texts.size, missing });
  };
  for (const { service, sourceFile } of loaded.services)
    collect(sourceFile, serviceTextKeys(service), service.translations?.[language]);
  collect(
    resolve(folder, 'departments.yaml'),
    departmentTextKeys(organisation.departments),
    organisation.translations?.[language],
  );
  for (const workflow of loaded.workflows.values())
    collect(
      resolve(folder, 'workflows', `${workflow.id}.yaml`),
      textKeysOf(workflow, mapWorkflowTexts),
      workflow.translations?.[language],
    );
  return results;
}

export function printMissingTranslations(dir: string, language: string, out: (line: string) => void): number {
  if (!isLanguage(language) || language === defaultLanguage) {
    out(`--language: must be one of the languages definitions are translated into (not ${defaultLanguage})`);
    return 2;
  }
  const results = missingTranslations(dir, language);
  for (const { file, total, missing } of results) {
    out(`# ${file}: ${missing.size} of ${total} texts have no translation in "${language}"`);
    out(stringify({ translations: { [language]: Object.fromEntries(missing) } }, { lineWidth: 0 }).trimEnd());
    out('');
  }
  const count = results.reduce((sum, result) => sum + result.missing.size, 0);
  out(`${count} text(s) in ${results.length} file(s) have no translation in "${language}".`);
  return 0;
}
