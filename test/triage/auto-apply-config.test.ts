/** PLAZA_TRIAGE_AUTO_APPLY: off unless the deployment sets a confidence, and a wrong value is named. */
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const base = { PLAZA_ENV: 'test', PLAZA_SECRET: 'a secret that is long enough for the tests' };

test('triage only suggests unless a threshold is set', () => {
  expect(loadConfig(base).triageAutoApply).toBeUndefined();
  expect(loadConfig({ ...base, PLAZA_TRIAGE_AUTO_APPLY: 'off' }).triageAutoApply).toBeUndefined();
  expect(loadConfig({ ...base, PLAZA_TRIAGE_AUTO_APPLY: '0.9' }).triageAutoApply).toBe(0.9);
});

test('a threshold that is not a confidence from 0.5 to 1 is refused with the variable named', () => {
  for (const value of ['1.5', '0.2', 'sometimes']) {
    expect(() => loadConfig({ ...base, PLAZA_TRIAGE_AUTO_APPLY: value })).toThrow(ConfigError);
    try {
      loadConfig({ ...base, PLAZA_TRIAGE_AUTO_APPLY: value });
    } catch (error) {
      expect((error as ConfigError).problems.join('\n')).toMatch(/^PLAZA_TRIAGE_AUTO_APPLY: /m);
    }
  }
});
