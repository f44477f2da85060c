/**
 * Loads a deployment's service definitions: each YAML file is checked against the schema, then against the
 * rest of the deployment (its department, its workflow, the questions its conditions and templates refer
 * to). A file with problems is reported and left out; the others load.
 */
import { join } from 'node:path';
import {
  listYamlFiles,
  parseWith,
  problemAt,
  readYamlFile,
  type DefinitionProblem,
  type YamlFile,
} from '../../platform/definitions/yaml-files.js';
import { allQuestions, checkCondition } from '../forms/index.js';
import { loadWorkflows, type Workflow } from '../workflow/index.js';
import { unknownTranslationKeys } from '../../platform/definitions/translations.js';
import { REPORTER_PAGE_ID, reporterPage, reporterQuestionIds } from './reporter-page.js';
import { serviceTextKeys } from './translations.js';
import {
  notificationEvents,
  personalisationFields,
  serviceDefinitionSchema,
  type ServiceDefinition,
} from './service-definition.schema.js';

/** A definition with its workflow resolved: what a published version stores, so a case keeps its rules. */
export interface ResolvedService extends ServiceDefinition {
  resolvedWorkflow: Workflow;
}

export interface LoadedDefinitions {
  services: { service: ResolvedService; sourceFile: string }[];
  workflows: Map<string, Workflow>;
  problems: DefinitionProblem[];
}

const placeholder = /\(\(([a-z_]+)\)\)/g;

export function loadServiceDefinitions(
  definitionsDir: string,
  departments: ReadonlySet<string>,
): LoadedDefinitions {
  const { workflows, problems } = loadWorkflows(join(definitionsDir, 'workflows'));
  const services: LoadedDefinitions['services'] = [];
  const slugs = new Map<string, string>();
  for (const file of listYamlFiles(join(definitionsDir, 'services'))) {
    const read = readYamlFile(file);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const parsed = parseWith(read.yaml, read.value, serviceDefinitionSchema);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const definition =
      parsed.data.kind === 'report'
        ? { ...parsed.data, pages: [...parsed.data.pages, reporterPage] }
        : parsed.data;
    const fileProblems = checkReferences(read.yaml, parsed.data, departments, workflows);
    if (definition.kind === 'report') {
      parsed.data.pages.forEach((page, index) => {
        if (page.id === REPORTER_PAGE_ID)
          fileProblems.push(
            problemAt(
              read.yaml,
              ['pages', index, 'id'],
              `"${REPORTER_PAGE_ID}" is the page Plaza adds to ask for contact details`,
            ),
          );
        for (const question of page.questions)
          if ((Object.values(reporterQuestionIds) as string[]).includes(question.id))
            fileProblems.push(
              problemAt(read.yaml, ['pages', index], `"${question.id}" is a question Plaza adds`),
            );
      });
    }
    for (const { language, key } of unknownTranslationKeys(
      parsed.data.translations,
      serviceTextKeys(parsed.data),
    ))
      fileProblems.push(
        problemAt(read.yaml, ['translations', language, key], `"${key}" is not a text of this service`),
      );
    const earlier = slugs.get(definition.slug);
    if (earlier)
      fileProblems.push(problemAt(read.yaml, ['slug'], `"${definition.slug}" is already used by ${earlier}`));
    if (fileProblems.length > 0) {
      problems.push(...fileProblems);
      continue;
    }
    slugs.set(definition.slug, file);
    services.push({
      service: { ...definition, resolvedWorkflow: workflows.get(definition.workflow) as Workflow },
      sourceFile: file,
    });
  }
  return { services, workflows, problems };
}

function checkReferences(
  yaml: YamlFile,
  definition: ServiceDefinition,
  departments: ReadonlySet<string>,
  workflows: ReadonlyMap<string, Workflow>,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  if (!departments.has(definition.department)) {
    problems.push(
      problemAt(yaml, ['department'], `unknown department "${definition.department}" (see departments.yaml)`),
    );
  }
  const workflow = workflows.get(definition.workflow);
  if (!workflow)
    problems.push(
      problemAt(yaml, ['workflow'], `unknown workflow "${definition.workflow}" (see workflows/)`),
    );

  const pageIds = new Set<string>();
  const asked = new Set<string>();
  definition.pages.forEach((page, pageIndex) => {
    if (pageIds.has(page.id))
      problems.push(problemAt(yaml, ['pages', pageIndex, 'id'], `duplicate page "${page.id}"`));
    pageIds.add(page.id);
    if (page.condition) {
      for (const problem of checkCondition(page.condition, asked)) {
        problems.push(problemAt(yaml, ['pages', pageIndex, 'condition'], problem.message));
      }
    }
    const askedBeforePage = new Set(asked);
    page.questions.forEach((question, questionIndex) => {
      const path = ['pages', pageIndex, 'questions', questionIndex];
      if (asked.has(question.id))
        problems.push(problemAt(yaml, [...path, 'id'], `duplicate question "${question.id}"`));
      if (question.condition) {
        for (const problem of checkCondition(question.condition, askedBeforePage)) {
          problems.push(problemAt(yaml, [...path, 'condition'], problem.message));
        }
      }
      if (
        (question.type === 'text' || question.type === 'long-text') &&
        question.minLength &&
        question.minLength > question.maxLength
      ) {
        problems.push(problemAt(yaml, [...path, 'minLength'], 'is greater than maxLength'));
      }
      if (
        question.type === 'number' &&
        question.min !== undefined &&
        question.max !== undefined &&
        question.min > question.max
      ) {
        problems.push(problemAt(yaml, [...path, 'min'], 'is greater than max'));
      }
      if (question.type === 'radios' || question.type === 'select' || question.type === 'checkboxes') {
        const values = new Set<string>();
        question.options.forEach((option, optionIndex) => {
          if (values.has(option.value)) {
            problems.push(
              problemAt(
                yaml,
                [...path, 'options', optionIndex, 'value'],
                `duplicate option "${option.value}"`,
              ),
            );
          }
          values.add(option.value);
        });
      }
      asked.add(question.id);
    });
  });

  const questions = allQuestions(definition);
  if (definition.contact) {
    const contact = questions.find((question) => question.id === definition.contact?.email);
    if (!contact || contact.type !== 'email') {
      problems.push(
        problemAt(
          yaml,
          ['contact', 'email'],
          `must be the id of an email question, not "${definition.contact.email}"`,
        ),
      );
    } else if (
      contact.optional ||
      contact.condition ||
      definition.pages.find((page) => page.questions.includes(contact))?.condition
    ) {
      problems.push(
        problemAt(yaml, ['contact', 'email'], 'the contact email question must always be asked and required'),
      );
    }
  } else if (definition.signIn === 'none' && definition.kind === 'application') {
    problems.push(
      problemAt(
        yaml,
        ['signIn'],
        'a service open to citizens who are not signed in needs contact.email, so Plaza can reach them',
      ),
    );
  }

  if (definition.report && definition.kind !== 'report') {
    problems.push(problemAt(yaml, ['report'], 'only a service of kind: report has report settings'));
  }

  for (const event of notificationEvents) {
    const template = definition.notifications[event];
    if (!template) continue;
    for (const part of ['subject', 'body'] as const) {
      for (const match of template[part].matchAll(placeholder)) {
        if (!(personalisationFields as readonly string[]).includes(match[1] ?? '')) {
          problems.push(
            problemAt(
              yaml,
              ['notifications', event, part],
              `unknown placeholder ((${match[1]})); use one of ${personalisationFields.map((field) => `((${field}))`).join(', ')}`,
            ),
          );
        }
      }
    }
  }
  if (workflow) {
    for (const transition of workflow.transitions) {
      if (transition.notify && !(notificationEvents as readonly string[]).includes(transition.notify)) {
        problems.push(
          problemAt(
            yaml,
            ['workflow'],
            `workflow "${workflow.id}" transition "${transition.id}" notifies with unknown template "${transition.notify}"`,
          ),
        );
      }
    }
  }
  return problems;
}
