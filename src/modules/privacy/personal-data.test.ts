/** Which answers are personal, how they are stored, and what rotation does to them. */
import { describe, expect, test } from 'vitest';
import { KeyRing } from '../../platform/crypto/key-ring.js';
import { questionSchema } from '../forms/index.js';
import { createPersonalData, isSealedAnswer, personalQuestionIds } from './personal-data.js';

const definition = {
  contact: { email: 'email' },
  pages: [
    {
      id: 'one',
      questions: [
        questionSchema.parse({ id: 'items', type: 'text', label: 'Items' }),
        questionSchema.parse({ id: 'address', type: 'address', label: 'Address', personal: true }),
        questionSchema.parse({ id: 'phone', type: 'phone', label: 'Phone', personal: true, optional: true }),
        questionSchema.parse({ id: 'email', type: 'email', label: 'Email' }),
      ],
    },
  ],
};
const k1 = KeyRing.fromKeys([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
const k2 = KeyRing.fromKeys([
  { id: 'k2', key: Buffer.alloc(32, 2) },
  { id: 'k1', key: Buffer.alloc(32, 1) },
]);
const answers = {
  items: 'a sofa',
  address: { line1: '12 Orchard Row', town: 'Demo City', postcode: 'DC1 1AA' },
  phone: null,
  email: 'mira@example.org',
};

describe('personal answers', () => {
  test('questions marked personal, and the contact email question, are personal', () => {
    expect([...personalQuestionIds(definition)].sort()).toEqual(['address', 'email', 'phone']);
  });

  test('each personal answer is encrypted on its own; the rest, and blanks, stay readable', () => {
    const data = createPersonalData(k1);
    const stored = data.sealAnswers(definition, answers);
    expect(stored.items).toBe('a sofa');
    expect(stored.phone).toBeNull();
    expect(isSealedAnswer(stored.address) && isSealedAnswer(stored.email)).toBe(true);
    expect(JSON.stringify(stored)).not.toMatch(/Orchard|mira/);
    expect(data.openAnswers(stored)).toEqual(answers);
  });

  test('an answer cannot be moved to another question', () => {
    const data = createPersonalData(k1);
    const stored = data.sealAnswers(definition, answers);
    expect(() => data.openAnswers({ email: stored.address as never })).toThrow(/could not be decrypted/);
  });

  test('resealing moves old-key answers to the new key and encrypts personal answers stored in the clear', () => {
    const before = createPersonalData(k1).sealAnswers(definition, answers);
    const data = createPersonalData(k2);
    const legacy = { ...before, address: answers.address };
    const { answers: after, changed } = data.resealAnswers(definition, legacy);
    expect(changed).toBe(2);
    expect(JSON.stringify(after)).not.toContain('pz1:k1:');
    expect(JSON.stringify(after)).not.toContain('Orchard');
    expect(data.openAnswers(after)).toEqual(answers);
    expect(data.resealAnswers(definition, after).changed).toBe(0);
  });

  test('an erased answer is left out when read', () => {
    const data = createPersonalData(k1);
    expect(data.openAnswers({ items: 'a sofa', address: { $erased: true } })).toEqual({ items: 'a sofa' });
  });
});

describe('contact emails', () => {
  test('the index ignores case and spaces, and a rotated ring still finds old rows', () => {
    const before = createPersonalData(k1).emailIndex('Mira@Example.org ');
    const after = createPersonalData(k2);
    expect(after.emailIndexes('mira@example.org')).toContain(before);
    expect(after.emailIndex('mira@example.org')).not.toBe(before);
  });
});
