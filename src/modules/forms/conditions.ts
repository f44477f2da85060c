/**
 * Conditions that show a question or a page depending on earlier answers are JSON Logic rules
 * (jsonlogic.com), a small, well-documented rule language with implementations in many languages, so a
 * service designer's rules mean the same in Plaza as in any other tool that reads them.
 */
import jsonLogic from 'json-logic-js';
import type { Answers } from './answers.js';

/** The operators a condition may use: comparisons, logic and membership; nothing that loops or edits. */
export const allowedOperators = new Set([
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!',
  '!!',
  'and',
  'or',
  'if',
  'in',
  'var',
  'missing',
  'missing_some',
  'some',
  'all',
  'none',
]);

export function conditionHolds(rule: Record<string, unknown> | undefined, answers: Answers): boolean {
  if (!rule) return true;
  return Boolean(jsonLogic.apply(rule as jsonLogic.RulesLogic, answers));
}

export interface ConditionProblem {
  message: string;
}

/** Checks a rule's shape before it is published: known operators, and variables among `known` answers. */
export function checkCondition(rule: unknown, known: ReadonlySet<string>): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const entries = Object.entries(node);
    if (entries.length !== 1) {
      problems.push({ message: 'each JSON Logic rule must have exactly one operator' });
      return;
    }
    const [operator, argument] = entries[0] as [string, unknown];
    if (!allowedOperators.has(operator)) {
      problems.push({ message: `unknown or disallowed operator "${operator}"` });
      return;
    }
    if (operator === 'var') {
      const name: unknown = Array.isArray(argument) ? (argument as unknown[])[0] : argument;
      const root = typeof name === 'string' ? name.split('.')[0] : undefined;
      if (root !== undefined && root !== '' && !known.has(root)) {
        problems.push({
          message: `refers to "${String(name)}", which is not a question asked before this point`,
        });
      }
      return;
    }
    visit(argument);
  };
  visit(rule);
  return problems;
}
