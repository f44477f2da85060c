/**
 * Training with an honest evaluation: reports are ordered by when they arrived, the oldest part trains and
 * the newest part tests, as the model will be used (on reports newer than any it learnt from). The smoothing
 * and the confidence's temperature are chosen on the end of the training part, never on the test part. The
 * model that is stored is then trained again on every report, with the same settings.
 */
import {
  CompiledModel,
  documentFeatures,
  fit,
  fitTemperature,
  pauseEvery,
  type Pause,
  type Example,
  type PerClassMetrics,
  type SerializedModel,
  type TrainingMetrics,
} from './classifier.js';

export interface TimedExample extends Example {
  requestedAt: Date;
}

export interface TrainingOptions {
  /** Share of the newest reports kept out of training to test on (default 0.2). */
  holdoutFraction?: number;
  /** Said while training: a step's name. */
  progress?: (step: string) => void;
  /** For timing; defaults to performance.now. */
  now?: () => number;
}

export interface TrainingResult {
  model: SerializedModel;
  metrics: TrainingMetrics;
}

/** The smallest history worth training on: below it, suggestions would be guesses. */
export const MIN_TRAINING_REPORTS = 20;
export const CALIBRATION_THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99];
const ALPHAS = [0.05, 0.2, 0.5, 1, 2];

/** Oldest first, ties broken by position; the first `1 - holdout` share trains, the rest tests. */
export function timeOrderedSplit<T extends { requestedAt: Date }>(
  examples: readonly T[],
  holdoutFraction: number,
): { train: T[]; test: T[] } {
  const ordered = examples
    .map((example, index) => ({ example, index }))
    .sort((a, b) => a.example.requestedAt.getTime() - b.example.requestedAt.getTime() || a.index - b.index)
    .map(({ example }) => example);
  const cut = Math.max(1, Math.min(ordered.length - 1, Math.round(ordered.length * (1 - holdoutFraction))));
  return { train: ordered.slice(0, cut), test: ordered.slice(cut) };
}

export async function trainWithHoldout(
  examples: readonly TimedExample[],
  options: TrainingOptions = {},
): Promise<TrainingResult> {
  const now = options.now ?? (() => performance.now());
  const say = options.progress ?? (() => undefined);
  const started = now();
  if (examples.length < MIN_TRAINING_REPORTS)
    throw new Error(
      `Triage needs at least ${MIN_TRAINING_REPORTS} reports with a description to learn from.`,
    );
  const { train, test } = timeOrderedSplit(examples, options.holdoutFraction ?? 0.2);
  say(`reading the words of ${examples.length} reports`);
  const documents = new Map<TimedExample, string[]>();
  // Training takes seconds: it pauses now and then so that a server training nightly still answers.
  const pause = pauseEvery(50);
  for (const [index, example] of examples.entries()) {
    if ((index & 1023) === 0) await pause();
    documents.set(example, documentFeatures(example.text));
  }
  const docs = (part: readonly TimedExample[]) => part.map((example) => documents.get(example) as string[]);

  // Settings chosen on the newest 15% of the training part, the test part staying unseen.
  say('choosing the settings');
  const { train: fitPart, test: tunePart } = timeOrderedSplit(train, 0.15);
  // The counts are the same whatever the smoothing: count once, compile with each.
  const fitCounts = await fit(docs(fitPart), fitPart, { alpha: 1 }, pause);
  let alpha = 1;
  let tuned: CompiledModel | undefined;
  let bestAccuracy = -1;
  for (const candidate of ALPHAS) {
    const model = new CompiledModel({ ...fitCounts, alpha: candidate });
    const accuracy = await accuracyOf(model, docs(tunePart), tunePart, pause);
    if (accuracy > bestAccuracy) [alpha, tuned, bestAccuracy] = [candidate, model, accuracy];
  }
  const temperature = await fitTemperature(
    tuned as CompiledModel,
    docs(tunePart),
    tunePart.map((example) => example.label),
    pause,
  );

  say(`training on the oldest ${train.length} reports and testing on the newest ${test.length}`);
  const evaluated = new CompiledModel(await fit(docs(train), train, { alpha, temperature }, pause));
  const metrics = await evaluate(evaluated, docs(test), train, test, pause);

  say(`training the model on all ${examples.length} reports`);
  const model = await fit(docs(examples), examples, { alpha, temperature }, pause);
  return {
    model,
    metrics: {
      ...metrics,
      alpha,
      temperature,
      vocabularySize: Object.keys(model.vocabulary).length,
      trainingMs: Math.round(now() - started),
    },
  };
}

async function accuracyOf(
  model: CompiledModel,
  documents: string[][],
  examples: readonly Example[],
  pause: Pause,
): Promise<number> {
  let correct = 0;
  for (const [row, document] of documents.entries()) {
    if ((row & 1023) === 0) await pause();
    const scores = model.scores(document);
    let best = 0;
    for (let label = 1; label < scores.length; label++)
      if ((scores[label] as number) > (scores[best] as number)) best = label;
    if (model.classes[best]?.code === examples[row]?.label) correct++;
  }
  return examples.length ? correct / examples.length : 0;
}

async function evaluate(
  model: CompiledModel,
  documents: string[][],
  train: readonly TimedExample[],
  test: readonly TimedExample[],
  pause: Pause,
): Promise<Omit<TrainingMetrics, 'alpha' | 'temperature' | 'vocabularySize' | 'trainingMs'>> {
  const trainCounts = new Map<string, number>();
  for (const example of train) trainCounts.set(example.label, (trainCounts.get(example.label) ?? 0) + 1);
  const majorityClass =
    [...trainCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
  const perClass = new Map<
    string,
    { support: number; correct: number; predicted: number; department: string | null }
  >();
  const entry = (code: string) => {
    let value = perClass.get(code);
    if (!value) {
      value = {
        support: 0,
        correct: 0,
        predicted: 0,
        department: model.classes.find((c) => c.code === code)?.department ?? null,
      };
      perClass.set(code, value);
    }
    return value;
  };
  let correct = 0;
  let baselineCorrect = 0;
  const confidences: { confidence: number; right: boolean }[] = [];
  for (const [row, document] of documents.entries()) {
    if ((row & 1023) === 0) await pause();
    const example = test[row] as TimedExample;
    const probabilities = model.probabilities(model.scores(document));
    let best = 0;
    for (let label = 1; label < probabilities.length; label++)
      if ((probabilities[label] as number) > (probabilities[best] as number)) best = label;
    const predicted = model.classes[best]?.code ?? '';
    const right = predicted === example.label;
    entry(example.label).support++;
    entry(predicted).predicted++;
    if (right) {
      correct++;
      entry(example.label).correct++;
    }
    if (example.label === majorityClass) baselineCorrect++;
    confidences.push({ confidence: probabilities[best] as number, right });
  }
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const classes: PerClassMetrics[] = [...perClass]
    .filter(([, value]) => value.support > 0 || value.predicted > 0)
    .map(([code, value]) => ({
      code,
      department: value.department,
      support: value.support,
      correct: value.correct,
      accuracy: ratio(value.correct, value.support),
      precision: value.predicted ? value.correct / value.predicted : null,
      baselineAccuracy: code === majorityClass ? 1 : 0,
    }))
    .sort((a, b) => b.support - a.support || a.code.localeCompare(b.code));
  return {
    trainCount: train.length,
    testCount: test.length,
    trainUntil: train.at(-1)?.requestedAt.toISOString() ?? null,
    testFrom: test[0]?.requestedAt.toISOString() ?? null,
    accuracy: ratio(correct, test.length),
    majorityClass,
    baselineAccuracy: ratio(baselineCorrect, test.length),
    perClass: classes,
    calibration: CALIBRATION_THRESHOLDS.map((threshold) => {
      const covered = confidences.filter((entry) => entry.confidence >= threshold);
      return {
        threshold,
        coverage: ratio(covered.length, confidences.length),
        accuracy: covered.length ? covered.filter((entry) => entry.right).length / covered.length : null,
      };
    }),
  };
}

/** The evaluation as a table for people: overall, per type, and what each auto-apply threshold would do. */
export function metricsTable(metrics: TrainingMetrics, version?: number): string {
  const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
  const lines: string[] = [];
  lines.push(
    `${version === undefined ? 'Model' : `Model version ${version}`}: trained on the oldest ${metrics.trainCount} reports` +
      ` (to ${metrics.trainUntil ?? '–'}), tested on the newest ${metrics.testCount} (from ${metrics.testFrom ?? '–'}).`,
  );
  lines.push(
    `Accuracy ${percent(metrics.accuracy)} against ${percent(metrics.baselineAccuracy)} for always answering the most common type (${metrics.majorityClass}).`,
  );
  lines.push('');
  const rows = [
    ['Type', 'Department', 'Reports', 'Accuracy', 'Precision', 'Baseline'],
    ...metrics.perClass.map((entry) => [
      entry.code,
      entry.department ?? '–',
      String(entry.support),
      percent(entry.support ? entry.accuracy : null),
      percent(entry.precision),
      percent(entry.support ? entry.baselineAccuracy : null),
    ]),
    [
      'All types',
      '',
      String(metrics.testCount),
      percent(metrics.accuracy),
      '',
      percent(metrics.baselineAccuracy),
    ],
  ];
  lines.push(...table(rows));
  lines.push('');
  lines.push('If applied automatically from a confidence of:');
  lines.push(
    ...table([
      ['Threshold', 'Reports applied', 'Of which right'],
      ...metrics.calibration.map((entry) => [
        String(entry.threshold),
        percent(entry.coverage),
        percent(entry.accuracy),
      ]),
    ]),
  );
  lines.push('');
  lines.push(
    `${metrics.vocabularySize} words and word pairs; smoothing ${metrics.alpha}, temperature ${metrics.temperature.toFixed(2)}; ${(metrics.trainingMs / 1000).toFixed(1)} s.`,
  );
  return lines.join('\n');
}

function table(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 || column === 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  );
}
