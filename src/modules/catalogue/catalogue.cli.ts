/** `plaza services validate DIR`: checks a folder of definitions without touching any database. */
import { resolve } from 'node:path';
import { formatProblem } from '../../platform/definitions/yaml-files.js';
import { loadIdentityProviders } from '../federation/index.js';
import { loadOrganisationDefinitions } from '../organisation/index.js';
import { loadServiceDefinitions } from './definition-loader.js';

export function validateDefinitions(dir: string, out: (line: string) => void): number {
  const folder = resolve(dir);
  const organisation = loadOrganisationDefinitions(folder, 'UTC');
  const loaded = loadServiceDefinitions(
    folder,
    new Set(organisation.departments.map((department) => department.id)),
  );
  const identityProviders = loadIdentityProviders(folder, {}, { checkSecrets: false });
  const problems = [...organisation.problems, ...identityProviders.problems, ...loaded.problems];
  for (const { service, sourceFile } of loaded.services) out(`ok    ${service.slug} (${sourceFile})`);
  for (const problem of problems) out(`error ${formatProblem(problem)}`);
  out(
    `${loaded.services.length} service(s) valid, ${loaded.workflows.size} workflow(s), ${organisation.departments.length} department(s); ${problems.length} problem(s).`,
  );
  return problems.length === 0 ? 0 : 1;
}
