/**
 * Reads the YAML files a deployment owns (service definitions, workflows, departments, calendar) and turns
 * validation failures into problems that name the file, the path inside it, the line, and what is wrong.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

export interface DefinitionProblem {
  file: string;
  /** Where in the file, like pages[2].questions[0].type; empty for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export function formatProblem(problem: DefinitionProblem): string {
  const where = [problem.file + (problem.line ? `:${problem.line}` : ''), problem.path]
    .filter(Boolean)
    .join(' ');
  return `${where}: ${problem.message}`;
}

export interface YamlFile {
  file: string;
  name: string;
  document: Document;
  lineCounter: LineCounter;
}

export function listYamlFiles(folder: string): string[] {
  try {
    if (!statSync(folder).isDirectory()) return [];
  } catch {
    return [];
  }
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(folder, name));
}

export function readYamlFile(
  file: string,
): { yaml: YamlFile; value: unknown } | { problems: DefinitionProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, path: '', message: `cannot be read: ${(error as Error).message}` }] };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        file,
        path: '',
        line: error.linePos?.[0]?.line,
        message: `is not valid YAML: ${error.message.split('\n')[0] ?? error.message}`,
      })),
    };
  }
  return {
    yaml: { file, name: basename(file).replace(/\.ya?ml$/, ''), document, lineCounter },
    value: document.toJS({ maxAliasCount: 50 }) as unknown,
  };
}

export function pathToString(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** The line of a path in the document, or of its nearest parent that exists. */
export function lineOf(yaml: YamlFile, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = yaml.document.getIn(path.slice(0, length) as unknown[], true) as
      { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return yaml.lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

export function problemAt(yaml: YamlFile, path: readonly PropertyKey[], message: string): DefinitionProblem {
  return { file: yaml.file, path: pathToString(path), line: lineOf(yaml, path), message };
}

/** Validates a file's content with a zod schema, reporting every issue at its place in the file. */
export function parseWith<T extends z.ZodType>(
  yaml: YamlFile,
  value: unknown,
  schema: T,
): { ok: true; data: z.output<T> } | { ok: false; problems: DefinitionProblem[] } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => problemAt(yaml, issue.path, describeIssue(issue))),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    return `${issue.message}`;
  }
  return issue.message;
}
