/**
 * Which pages and questions a citizen sees, given their answers so far, and where the journey goes next.
 * Answers to questions that are no longer shown (an earlier answer changed) do not count and are dropped
 * when the application is sent.
 */
import type { Answers } from './answers.js';
import { conditionHolds } from './conditions.js';
import type { Page, Question } from './question.schema.js';

export interface FormDefinition {
  pages: Page[];
}

export interface VisiblePage {
  page: Page;
  questions: Question[];
}

/** Visible pages in order, each with its visible questions; conditions only see answers that still count. */
export function visiblePages(form: FormDefinition, answers: Answers): VisiblePage[] {
  const counted: Answers = {};
  const result: VisiblePage[] = [];
  for (const page of form.pages) {
    if (!conditionHolds(page.condition, counted)) continue;
    const questions = page.questions.filter((question) => conditionHolds(question.condition, counted));
    if (questions.length === 0) continue;
    result.push({ page, questions });
    for (const question of questions) {
      const answer = answers[question.id];
      if (answer !== undefined) counted[question.id] = answer;
    }
  }
  return result;
}

/** Only the answers to questions that are shown. */
export function countedAnswers(form: FormDefinition, answers: Answers): Answers {
  const counted: Answers = {};
  for (const { questions } of visiblePages(form, answers)) {
    for (const question of questions) {
      const answer = answers[question.id];
      if (answer !== undefined) counted[question.id] = answer;
    }
  }
  return counted;
}

export function isPageAnswered(visible: VisiblePage, answers: Answers): boolean {
  return visible.questions.every((question) => answers[question.id] !== undefined);
}

export function findVisiblePage(
  form: FormDefinition,
  answers: Answers,
  pageId: string,
): VisiblePage | undefined {
  return visiblePages(form, answers).find((visible) => visible.page.id === pageId);
}

/** The first shown page still to answer, or undefined when every shown question has an answer. */
export function firstUnansweredPage(form: FormDefinition, answers: Answers): VisiblePage | undefined {
  return visiblePages(form, answers).find((visible) => !isPageAnswered(visible, answers));
}

/** The shown page after `pageId`, or undefined when it is the last. */
export function pageAfter(form: FormDefinition, answers: Answers, pageId: string): VisiblePage | undefined {
  const pages = visiblePages(form, answers);
  const index = pages.findIndex((visible) => visible.page.id === pageId);
  return index >= 0 ? pages[index + 1] : undefined;
}

/** The shown page before `pageId` (for the back link), or undefined when it is the first. */
export function pageBefore(form: FormDefinition, answers: Answers, pageId: string): VisiblePage | undefined {
  const pages = visiblePages(form, answers);
  const index = pages.findIndex((visible) => visible.page.id === pageId);
  return index > 0 ? pages[index - 1] : undefined;
}

export function allQuestions(form: FormDefinition): Question[] {
  return form.pages.flatMap((page) => page.questions);
}
