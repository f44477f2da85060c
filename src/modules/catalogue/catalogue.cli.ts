/** `plaza services validate DIR`: checks a folder of definitions without touching any database. */
import { resolve } from 'node:path';
import { formatProblem } from '../../platform/definitions/yaml-files.js';
import { loadIdentityProviders } from '../federation/index.js';
import { loadOrganisationDefinitions } from '../organisation/index.js';
import { loadServiceDefinitions } from './definition-loader.js';
import { DEFAULT_MAX_READING_AGE, readablePageName, serviceReadability } from './readability.js';

export function validateDefinitions(
  dir: string,
  out: (line: string) => void,
  maxReadingAge = DEFAULT_MAX_READING_AGE,
): number {
  const folder = resolve(dir);
  const organisation = loadOrganisationDefinitions(folder, 'UTC');
  const loaded = loadServiceDefinitions(
    folder,
    new Set(organisation.departments.map((department) => department.id)),
  );
  const identityProviders = loadIdentityProviders(folder, {}, { checkSecrets: false });
  const problems = [...organisation.problems, ...identityProviders.problems, ...loaded.problems];
  for (const { service, sourceFile } of loaded.services) out(`ok    ${service.slug} (${sourceFile})`);
  // Words above the reading age are a warning for the designer, not a reason to refuse the definition.
  let hardPages = 0;
  for (const { service, sourceFile } of loaded.services)
    for (const page of serviceReadability(service, maxReadingAge).tooHard) {
      hardPages++;
      out(
        `warn  ${sourceFile}: ${readablePageName(page.page)} has reading age ${page.readingAge} (above ${maxReadingAge}); hardest sentence: "${page.hardestSentence ?? ''}"`,
      );
    }
  for (const problem of problems) out(`error ${formatProblem(problem)}`);
  out(
    `${loaded.services.length} service(s) valid, ${loaded.workflows.size} workflow(s), ${organisation.departments.length} department(s); ${problems.length} problem(s).`,
  );
  if (hardPages > 0)
    out(`${hardPages} page(s) above reading age ${maxReadingAge}: warnings only, not problems.`);
  return problems.length === 0 ? 0 : 1;
}
