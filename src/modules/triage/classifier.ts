/**
 * The triage classifier: multinomial naive Bayes over a report's words and pairs of words (each counted once
 * per report), with its confidence calibrated by a temperature fitted on reports it was not trained on.
 * Chosen for being explainable (a suggestion's reasons are the words whose likelihoods favoured it over the
 * runner-up), fast (training is counting; a prediction is one lookup per word) and good on short texts.
 * Pure: no database, no clock; training.ts feeds it, triage.service.ts stores and serves it.
 */
import { features } from './tokenizer.js';

export interface TriageClass {
  code: string;
  /** The department most of this type's reports belonged to. */
  department: string | null;
  documents: number;
}

/** What is stored (jsonb) and read back by every process: counts, so any process can rebuild the model. */
export interface SerializedModel {
  format: 1;
  alpha: number;
  /** Divides the scores before the softmax: naive Bayes is overconfident, this makes it honest. */
  temperature: number;
  classes: TriageClass[];
  /** Feature → counts per class, sparse: [classIndex, count, classIndex, count, …]. */
  vocabulary: Record<string, number[]>;
}

export interface Prediction {
  /** Classes by probability, highest first. */
  ranked: { code: string; department: string | null; probability: number }[];
  /** The features of the text that weighed most for the top class against the runner-up, strongest first. */
  topWords: string[];
}

export interface PerClassMetrics {
  code: string;
  department: string | null;
  /** Reports of this type in the holdout. */
  support: number;
  /** Of those, how many the model put right (recall). */
  correct: number;
  accuracy: number;
  /** Of the holdout reports the model put in this type, the share that were (null when none). */
  precision: number | null;
  /** Accuracy of always answering the majority class, on this type: 1 for that class, 0 for the others. */
  baselineAccuracy: number;
}

export interface TrainingMetrics {
  /** Reports the evaluation trained on (the oldest) and tested on (the newest). */
  trainCount: number;
  testCount: number;
  /** The newest report trained on and the oldest tested on: the split is by time. */
  trainUntil: string | null;
  testFrom: string | null;
  accuracy: number;
  majorityClass: string;
  baselineAccuracy: number;
  perClass: PerClassMetrics[];
  /** Share of the holdout whose confidence reaches each threshold, and how often those are right. */
  calibration: { threshold: number; coverage: number; accuracy: number | null }[];
  alpha: number;
  temperature: number;
  vocabularySize: number;
  trainingMs: number;
}

export interface Example {
  text: string;
  label: string;
  department: string | null;
}

/** A text's distinct features. */
export function documentFeatures(text: string): string[] {
  return [...new Set(features(text))];
}

/** Lets other work (the server's requests) run during a long computation, every `ms` or so. */
export type Pause = () => Promise<void>;

export function pauseEvery(ms = 50): Pause {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < ms) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}

const noPause: Pause = async () => undefined;

/** Counts a training set into a model. `documents` are distinct features per example. */
export async function fit(
  documents: readonly (readonly string[])[],
  examples: readonly Example[],
  options: { alpha: number; temperature?: number; minDocuments?: number },
  pause: Pause = noPause,
): Promise<SerializedModel> {
  const minDocuments = options.minDocuments ?? 2;
  const classIndex = new Map<string, number>();
  const classes: TriageClass[] = [];
  const departments: Map<string | null, number>[] = [];
  examples.forEach((example) => {
    let index = classIndex.get(example.label);
    if (index === undefined) {
      index = classes.length;
      classIndex.set(example.label, index);
      classes.push({ code: example.label, department: null, documents: 0 });
      departments.push(new Map());
    }
    (classes[index] as TriageClass).documents++;
    const counts = departments[index] as Map<string | null, number>;
    counts.set(example.department, (counts.get(example.department) ?? 0) + 1);
  });
  departments.forEach((counts, index) => {
    let best: string | null = null;
    let bestCount = -1;
    for (const [department, count] of counts)
      if (department !== null && count > bestCount) [best, bestCount] = [department, count];
    (classes[index] as TriageClass).department = best;
  });

  // A feature seen in one report only is a name, a typo or a plate: it would fit the past, not the future.
  const documentFrequency = new Map<string, number>();
  for (let row = 0; row < documents.length; row++) {
    if ((row & 1023) === 0) await pause();
    for (const feature of documents[row] as readonly string[])
      documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const counts = new Map<string, number[]>();
  for (let row = 0; row < documents.length; row++) {
    if ((row & 1023) === 0) await pause();
    const label = classIndex.get((examples[row] as Example).label) as number;
    for (const feature of documents[row] as readonly string[]) {
      if ((documentFrequency.get(feature) ?? 0) < minDocuments) continue;
      let perClass = counts.get(feature);
      if (!perClass) counts.set(feature, (perClass = new Array<number>(classes.length).fill(0)));
      perClass[label] = (perClass[label] ?? 0) + 1;
    }
  }
  const vocabulary: Record<string, number[]> = {};
  for (const [feature, perClass] of counts) {
    const sparse: number[] = [];
    perClass.forEach((count, index) => {
      if (count > 0) sparse.push(index, count);
    });
    vocabulary[feature] = sparse;
  }
  return { format: 1, alpha: options.alpha, temperature: options.temperature ?? 1, classes, vocabulary };
}

/** A model ready to predict: log-likelihoods precomputed, one array per feature. */
export class CompiledModel {
  readonly classes: readonly TriageClass[];
  readonly vocabularySize: number;
  private readonly logPrior: Float64Array;
  private readonly logLikelihood = new Map<string, Float64Array>();
  /** The log-likelihood of a feature never seen with a class. */
  private readonly logUnseen: Float64Array;
  temperature: number;

  constructor(model: SerializedModel) {
    this.classes = model.classes;
    this.temperature = model.temperature;
    const classCount = model.classes.length;
    const totals = new Float64Array(classCount);
    const entries = Object.entries(model.vocabulary);
    this.vocabularySize = entries.length;
    for (const [, sparse] of entries)
      for (let index = 0; index < sparse.length; index += 2)
        totals[sparse[index] as number] =
          (totals[sparse[index] as number] ?? 0) + (sparse[index + 1] as number);
    const documents = model.classes.reduce((sum, entry) => sum + entry.documents, 0);
    this.logPrior = Float64Array.from(model.classes, (entry) => Math.log(entry.documents / documents));
    const denominators = Float64Array.from(totals, (total) =>
      Math.log(total + model.alpha * Math.max(1, entries.length)),
    );
    this.logUnseen = Float64Array.from(denominators, (denominator) => Math.log(model.alpha) - denominator);
    for (const [feature, sparse] of entries) {
      const values = Float64Array.from(this.logUnseen);
      for (let index = 0; index < sparse.length; index += 2) {
        const label = sparse[index] as number;
        values[label] =
          Math.log((sparse[index + 1] as number) + model.alpha) - (denominators[label] as number);
      }
      this.logLikelihood.set(feature, values);
    }
  }

  /** Unnormalised log-probabilities per class for a text's distinct features (unknown features ignored). */
  scores(document: readonly string[]): Float64Array {
    const scores = Float64Array.from(this.logPrior);
    for (const feature of document) {
      const values = this.logLikelihood.get(feature);
      if (!values) continue;
      for (let label = 0; label < scores.length; label++)
        scores[label] = (scores[label] as number) + (values[label] as number);
    }
    return scores;
  }

  /** Calibrated probabilities from scores. */
  probabilities(scores: Float64Array, temperature = this.temperature): Float64Array {
    let max = -Infinity;
    for (const score of scores) if (score > max) max = score;
    const result = Float64Array.from(scores, (score) => Math.exp((score - max) / temperature));
    const sum = result.reduce((total, value) => total + value, 0);
    for (let label = 0; label < result.length; label++) result[label] = (result[label] as number) / sum;
    return result;
  }

  predict(text: string, topWordCount = 5): Prediction {
    const document = documentFeatures(text);
    const probabilities = this.probabilities(this.scores(document));
    const order = [...probabilities.keys()].sort(
      (a, b) => (probabilities[b] as number) - (probabilities[a] as number),
    );
    const ranked = order.map((label) => ({
      code: (this.classes[label] as TriageClass).code,
      department: (this.classes[label] as TriageClass).department,
      probability: probabilities[label] as number,
    }));
    const [top, runnerUp] = order;
    const weightOf = new Map<string, number>();
    if (top !== undefined && runnerUp !== undefined) {
      for (const feature of document) {
        const values = this.logLikelihood.get(feature);
        if (values) weightOf.set(feature, (values[top] as number) - (values[runnerUp] as number));
      }
    }
    // A pair of words is a reason of its own only when neither of its words is ("street light" when both
    // words are common to other types too), not when it merely contains a telling word ("dumped outside").
    const weights = [...weightOf].filter(([feature, weight]) => {
      if (weight <= 0) return false;
      const space = feature.indexOf(' ');
      return (
        space < 0 ||
        ((weightOf.get(feature.slice(0, space)) ?? 0) <= 0 &&
          (weightOf.get(feature.slice(space + 1)) ?? 0) <= 0)
      );
    });
    weights.sort((a, b) => b[1] - a[1]);
    return { ranked, topWords: weights.slice(0, topWordCount).map(([feature]) => feature) };
  }
}

/**
 * The temperature that makes confidences match how often the model is right on `documents` (lowest
 * log-loss over a geometric grid): naive Bayes adds evidence from words as if they were independent,
 * which they are not, so its raw probabilities are nearly always 0 or 1.
 */
export async function fitTemperature(
  model: CompiledModel,
  documents: readonly (readonly string[])[],
  labels: readonly string[],
  pause: Pause = noPause,
): Promise<number> {
  const classIndex = new Map(model.classes.map((entry, index) => [entry.code, index]));
  const scored: { scores: Float64Array; label: number }[] = [];
  for (let row = 0; row < documents.length; row++) {
    if ((row & 1023) === 0) await pause();
    const label = classIndex.get(labels[row] as string);
    if (label !== undefined)
      scored.push({ scores: model.scores(documents[row] as readonly string[]), label });
  }
  if (scored.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let temperature = 0.5; temperature <= 64; temperature *= 1.15) {
    await pause();
    let loss = 0;
    for (const { scores, label } of scored)
      loss -= Math.log(Math.max(1e-12, model.probabilities(scores, temperature)[label] as number));
    if (loss < bestLoss) [best, bestLoss] = [temperature, loss];
  }
  return best;
}
