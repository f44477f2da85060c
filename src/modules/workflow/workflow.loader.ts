import {
  listYamlFiles,
  parseWith,
  problemAt,
  readYamlFile,
  type DefinitionProblem,
} from '../../platform/definitions/yaml-files.js';
import { textKeysOf, unknownTranslationKeys } from '../../platform/definitions/translations.js';
import { mapWorkflowTexts } from './workflow-texts.js';
import { workflowSchema, type Workflow } from './workflow.schema.js';

/** Reads workflows/*.yaml; a file's name must match the workflow's id, so references are easy to follow. */
export function loadWorkflows(folder: string): {
  workflows: Map<string, Workflow>;
  problems: DefinitionProblem[];
} {
  const workflows = new Map<string, Workflow>();
  const problems: DefinitionProblem[] = [];
  for (const file of listYamlFiles(folder)) {
    const read = readYamlFile(file);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const parsed = parseWith(read.yaml, read.value, workflowSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    if (parsed.data.id !== read.yaml.name) {
      problems.push(problemAt(read.yaml, ['id'], `must match the file name "${read.yaml.name}"`));
      continue;
    }
    const unknown = unknownTranslationKeys(
      parsed.data.translations,
      textKeysOf(parsed.data, mapWorkflowTexts),
    );
    if (unknown.length > 0) {
      problems.push(
        ...unknown.map(({ language, key }) =>
          problemAt(read.yaml, ['translations', language, key], `"${key}" is not a text of this workflow`),
        ),
      );
      continue;
    }
    workflows.set(parsed.data.id, parsed.data);
  }
  return { workflows, problems };
}
