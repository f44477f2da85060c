import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatProblem } from '../../platform/definitions/yaml-files.js';
import { openingHoursLines } from './opening-hours.js';
import { loadOrganisationDefinitions } from './organisation.service.js';

/** The catalog's joining words, as locales/en/organisation.json has them. */
const t = (key: string, values: Record<string, unknown> = {}): string =>
  key === 'organisation:hours.dayRange'
    ? `${String(values.first)} to ${String(values.last)}`
    : `${String(values.days)}: ${String(values.opens)} to ${String(values.closes)}`;

describe('opening hours', () => {
  const periods = [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, opens: '09:00', closes: '17:30' },
    { days: ['sat'] as const, opens: '09:00', closes: '12:00' },
    { days: ['fri', 'mon'] as const, opens: '18:00', closes: '20:00' },
  ].map((period) => ({ ...period, days: [...period.days] }));

  test('are written with the weekday names and clock of the reader’s language', () => {
    expect(openingHoursLines(periods, { locale: 'en-GB', t })).toEqual([
      'Monday to Friday: 9:00 to 17:30',
      'Saturday: 9:00 to 12:00',
      'Monday and Friday: 18:00 to 20:00',
    ]);
    expect(openingHoursLines(periods, { locale: 'en-US', t })[0]).toBe(
      'Monday to Friday: 9:00 AM to 5:30 PM',
    );
    const french = openingHoursLines(periods, { locale: 'fr-FR', t });
    expect(french[0]).toBe('lundi to vendredi: 9:00 to 17:30');
    expect(french[2]).toBe('lundi et vendredi: 18:00 to 20:00');
    expect(openingHoursLines(periods, { locale: 'es-ES', t })[1]).toBe('sábado: 9:00 to 12:00');
  });
});

describe('departments.yaml', () => {
  function load(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'plaza-departments-'));
    writeFileSync(join(dir, 'departments.yaml'), yaml);
    return loadOrganisationDefinitions(dir, 'Europe/London');
  }

  test('help contacts and structured opening hours are read', () => {
    const loaded = load(
      [
        'departments:',
        '  - id: waste',
        '    name: Waste',
        '    phone: 0300 555 0103',
        '    email: waste@demo-city.example',
        '    openingHours:',
        "      - { days: [mon, tue, wed, thu, fri], opens: '08:00', closes: '18:00' }",
      ].join('\n'),
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.departments[0]?.openingHours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:00', closes: '18:00' },
    ]);
  });

  test('bad settings are reported with the file, the line and what is wrong', () => {
    const loaded = load(
      [
        'departments:',
        '  - id: waste',
        '    name: Waste',
        '    phone: call us',
        '    openingHours:',
        "      - { days: [monday], opens: '08:00', closes: '18:00' }",
        "      - { days: [sat], opens: '12:00', closes: '09:00' }",
        '      - { days: [sun], opens: 9am, closes: 5pm }',
        '  - id: planning',
        '    name: Planning',
        '    openingHours: Monday to Friday, 9am to 5pm',
      ].join('\n'),
    );
    const problems = loaded.problems.map(formatProblem);
    expect(loaded.departments).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/departments\.yaml:4 departments\[0\]\.phone: must be a phone number/),
        expect.stringMatching(
          /departments\.yaml:6 departments\[0\]\.openingHours\[0\]\.days\[0\]: must be one of mon, tue/,
        ),
        expect.stringMatching(
          /departments\.yaml:7 departments\[0\]\.openingHours\[1\]\.closes: must be later than opens/,
        ),
        expect.stringMatching(
          /departments\.yaml:8 departments\[0\]\.openingHours\[2\]\.opens: must be a time like 09:00/,
        ),
        expect.stringMatching(/departments\.yaml:11 departments\[1\]\.openingHours: /),
      ]),
    );
  });
});
