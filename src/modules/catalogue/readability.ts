/**
 * How easy a service's words are to read, page by page, for the people who write service definitions: the
 * Flesch–Kincaid grade of each page's text and its reading age (grade + 5, as the UK counts school years),
 * with the sentence that makes the page hardest, so the designer knows what to rewrite. GOV.UK aims at a
 * reading age of 9; a deployment sets its own limit (PLAZA_MAX_READING_AGE).
 *
 * A page's text is what a citizen reads on it: the start page's paragraphs, list and what happens next;
 * each question page's title, labels, hints and options; the declaration; each email the definition writes
 * itself (placeholders such as ((reference)) left out). Labels, hints, options and lines end a sentence
 * even without a full stop, as the citizen reads them. Words are runs of letters (numbers, addresses and
 * links are not words to count); syllables are counted by the `syllable` package (English).
 */
import { syllable } from 'syllable';

/** GOV.UK's recommended reading age, the default of PLAZA_MAX_READING_AGE. */
export const DEFAULT_MAX_READING_AGE = 9;

/** The parts of a service definition that people read, as written in its file. */
export interface ReadableDefinition {
  start: { body: string; youWillNeed?: string[]; afterYouApply?: string | undefined };
  pages: {
    id: string;
    title?: string | undefined;
    questions: {
      label: string;
      hint?: string | undefined;
      options?: { label: string; hint?: string | undefined }[];
    }[];
  }[];
  declaration?: string | undefined;
  notifications?: Partial<Record<string, { subject: string; body: string } | undefined>>;
}

/** Which page of the service a text is: the start page, a question page (by id), the declaration, an email. */
export type ReadablePage =
  | { kind: 'start' }
  | { kind: 'question'; pageId: string }
  | { kind: 'declaration' }
  | { kind: 'notification'; event: string };

export interface TextScore {
  sentences: number;
  words: number;
  syllables: number;
  /** Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59. */
  grade: number;
  /** grade + 5, never below 5 (the formula goes below zero for a few short words). */
  readingAge: number;
}

export interface PageReadability extends TextScore {
  page: ReadablePage;
  /** The page's hardest sentence by its own grade: where to start rewriting. */
  hardestSentence: string | undefined;
}

export interface ServiceReadability {
  pages: PageReadability[];
  /** The pages whose reading age is above the limit. */
  tooHard: PageReadability[];
}

interface Sentence {
  text: string;
  words: number;
  syllables: number;
}

/** Placeholders, email addresses and links: not words a reader reads as words. */
const NOT_WORDS = /\(\([^)]*\)\)|\S+@\S+|\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const WORD = /\p{L}[\p{L}\p{M}'’-]*/gu;

/** Splits a text into sentences: after full stops, question and exclamation marks, and at each line end. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => line.split(/(?<=[.!?…]["'’”)]*)\s+(?=\S)/u))
    .map((sentence) => sentence.replace(/^[\s\-*•]+/u, '').trim())
    .filter((sentence) => sentence !== '');
}

function measure(text: string): Sentence {
  const words = text.replace(NOT_WORDS, ' ').match(WORD) ?? [];
  return {
    text,
    words: words.length,
    syllables: words.reduce((sum, word) => sum + Math.max(1, syllable(word)), 0),
  };
}

function gradeOf(sentences: number, words: number, syllables: number): number {
  if (sentences === 0 || words === 0) return 0;
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

function scoreOf(sentences: Sentence[]): TextScore {
  const counted = sentences.filter((sentence) => sentence.words > 0);
  const words = counted.reduce((sum, sentence) => sum + sentence.words, 0);
  const syllables = counted.reduce((sum, sentence) => sum + sentence.syllables, 0);
  const grade = round(gradeOf(counted.length, words, syllables));
  return { sentences: counted.length, words, syllables, grade, readingAge: Math.max(5, round(grade + 5)) };
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** The Flesch–Kincaid score of some texts read together (each text ends a sentence). */
export function readability(texts: (string | undefined)[]): TextScore {
  return scoreOf(measured(texts));
}

function measured(texts: (string | undefined)[]): Sentence[] {
  return texts
    .filter((text): text is string => typeof text === 'string')
    .flatMap(sentencesOf)
    .map(measure)
    .filter((sentence) => sentence.words > 0);
}

function pageReadability(page: ReadablePage, texts: (string | undefined)[]): PageReadability | undefined {
  const sentences = measured(texts);
  if (sentences.length === 0) return undefined;
  return { ...scoreOf(sentences), page, hardestSentence: hardestOf(sentences)?.text };
}

/**
 * The sentence with the highest grade of its own: long, with long words. Among sentences of a few words
 * where there are any, so that a one-word option ("Saturday") is not what the designer is sent to fix.
 */
function hardestOf(sentences: Sentence[]): Sentence | undefined {
  const real = sentences.filter((sentence) => sentence.words >= MIN_HARDEST_WORDS);
  let hardest: Sentence | undefined;
  let highest = Number.NEGATIVE_INFINITY;
  for (const sentence of real.length > 0 ? real : sentences) {
    const grade = gradeOf(1, sentence.words, sentence.syllables);
    if (grade > highest) {
      highest = grade;
      hardest = sentence;
    }
  }
  return hardest;
}

const MIN_HARDEST_WORDS = 5;

/** Each page of a service's text, scored, and those above the reading age limit. */
export function serviceReadability(
  definition: ReadableDefinition,
  maxReadingAge: number = DEFAULT_MAX_READING_AGE,
): ServiceReadability {
  const pages: (PageReadability | undefined)[] = [
    pageReadability({ kind: 'start' }, [
      definition.start.body,
      ...(definition.start.youWillNeed ?? []),
      definition.start.afterYouApply,
    ]),
    ...definition.pages.map((page) =>
      pageReadability({ kind: 'question', pageId: page.id }, [
        page.title,
        ...page.questions.flatMap((question) => [
          question.label,
          question.hint,
          ...(question.options ?? []).flatMap((option) => [option.label, option.hint]),
        ]),
      ]),
    ),
    definition.declaration ? pageReadability({ kind: 'declaration' }, [definition.declaration]) : undefined,
    ...Object.entries(definition.notifications ?? {}).map(([event, template]) =>
      template
        ? pageReadability({ kind: 'notification', event }, [template.subject, template.body])
        : undefined,
    ),
  ];
  const scored = pages.filter((page): page is PageReadability => page !== undefined);
  return { pages: scored, tooHard: scored.filter((page) => page.readingAge > maxReadingAge) };
}

/** A page's name for a designer: "start page", "page item-count", "declaration", "email submitted". */
export function readablePageName(page: ReadablePage): string {
  switch (page.kind) {
    case 'start':
      return 'start page';
    case 'question':
      return `page ${page.pageId}`;
    case 'declaration':
      return 'declaration';
    case 'notification':
      return `email ${page.event}`;
  }
}
