/** Triage's model without a database: it learns, ranks honestly, explains itself, and is tested on the future. */
import { beforeAll, describe, expect, test } from 'vitest';
import { syntheticHistory } from '../../../test/triage/synthetic-reports.js';
import { CompiledModel, type TrainingMetrics } from './classifier.js';
import { features, words, wordingSimilarity } from './tokenizer.js';
import { timeOrderedSplit, trainWithHoldout, type TimedExample } from './training.js';

const history: TimedExample[] = syntheticHistory(1500).map((report) => ({
  text: report.description,
  label: report.code,
  department: report.department,
  requestedAt: report.requestedAt,
}));

describe('the tokenizer', () => {
  test('folds case, accents, plurals and punctuation, and drops numbers and common words', () => {
    expect(words('The STREET-lights are flickering at No. 42, Café Row!')).toEqual([
      'street',
      'light',
      'flickering',
      'cafe',
      'row',
    ]);
    expect(features('broken street lights')).toEqual([
      'broken',
      'street',
      'light',
      'broken street',
      'street light',
    ]);
  });

  test('wording similarity is 1 for the same words and 0 for none in common', () => {
    const set = (text: string) => new Set(words(text));
    expect(
      wordingSimilarity(set('deep pothole outside school'), set('Pothole, deep! Outside the school')),
    ).toBe(1);
    expect(wordingSimilarity(set('deep pothole'), set('graffiti on wall'))).toBe(0);
  });
});

describe('training with a time-ordered holdout', () => {
  let metrics: TrainingMetrics;
  let compiled: CompiledModel;
  beforeAll(async () => {
    const result = await trainWithHoldout(history);
    metrics = result.metrics;
    compiled = new CompiledModel(result.model);
  });

  test('beats always answering the most common type, overall and on the other types', () => {
    expect(metrics.majorityClass).toBe('report-pothole');
    expect(metrics.baselineAccuracy).toBeGreaterThan(0.4);
    expect(metrics.baselineAccuracy).toBeLessThan(0.6);
    expect(metrics.accuracy).toBeGreaterThan(0.9);
    for (const type of metrics.perClass) expect(type.accuracy).toBeGreaterThan(0.8);
    expect(metrics.perClass.map((type) => type.code).sort()).toEqual([
      'report-fly-tipping',
      'report-graffiti',
      'report-pothole',
      'report-street-light',
    ]);
  });

  test('predicts clear cases, with the department most of that type belonged to', () => {
    expect(compiled.predict('A deep pothole in the tarmac burst my tyre').ranked[0]).toMatchObject({
      code: 'report-pothole',
      department: 'highways',
    });
    expect(compiled.predict('the lamp is unlit and it is dark').ranked[0]?.code).toBe('report-street-light');
    expect(compiled.predict('someone dumped a mattress and a fridge').ranked[0]?.code).toBe(
      'report-fly-tipping',
    );
    expect(compiled.predict('spray paint graffiti tag on the wall').ranked[0]?.code).toBe('report-graffiti');
  });

  test('is more confident the clearer the text, and probabilities add up to 1', () => {
    const clear = compiled.predict('pothole crater deep tarmac tyre hole').ranked;
    const mixed = compiled.predict('pothole next to a graffiti tag').ranked;
    const vague = compiled.predict('near the corner of the street').ranked;
    expect(clear[0]?.probability).toBeGreaterThan(mixed[0]?.probability as number);
    expect(mixed[0]?.probability).toBeGreaterThan(vague[0]?.probability as number);
    expect(vague[0]?.probability).toBeLessThan(0.8);
    expect(clear.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 9);
  });

  test('its confidence is calibrated: above 0.9 it is right at least as often', () => {
    const high = metrics.calibration.find((entry) => entry.threshold === 0.9);
    expect(high?.coverage).toBeGreaterThan(0.3);
    expect(high?.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  test('the reasons are the words that tell the types apart, not the words every report uses', () => {
    const { ranked, topWords } = compiled.predict('big mattress dumped outside the house near the school');
    expect(ranked[0]?.code).toBe('report-fly-tipping');
    expect(topWords.slice(0, 2).sort()).toEqual(['dumped', 'mattress']);
    for (const common of ['house', 'school', 'near', 'big'])
      expect(topWords.slice(0, 2)).not.toContain(common);
  });

  test('the holdout is the newest reports, whatever order they came in', async () => {
    const shuffled = [...history].sort((a, b) => (a.text < b.text ? -1 : 1));
    const { train, test: holdout } = timeOrderedSplit(shuffled, 0.2);
    expect(holdout.length).toBe(300);
    const newestTrained = Math.max(...train.map((example) => example.requestedAt.getTime()));
    const oldestTested = Math.min(...holdout.map((example) => example.requestedAt.getTime()));
    expect(newestTrained).toBeLessThan(oldestTested);
    const result = await trainWithHoldout(shuffled);
    expect(result.metrics.trainCount).toBe(1200);
    expect(result.metrics.testCount).toBe(300);
    expect(new Date(result.metrics.trainUntil as string).getTime()).toBe(newestTrained);
    expect(new Date(result.metrics.testFrom as string).getTime()).toBe(oldestTested);
  });

  test('predicts in well under a millisecond', () => {
    const started = performance.now();
    for (let index = 0; index < 2000; index++)
      compiled.predict('deep pothole outside the school on the corner');
    expect((performance.now() - started) / 2000).toBeLessThan(0.2);
  });
});
