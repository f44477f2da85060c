import { describe, expect, test } from 'vitest';
import { firstNotText } from './text-input.js';

describe('firstNotText', () => {
  test('names the first field, in reading order, holding a null character or half a surrogate pair', () => {
    expect(firstNotText({ name: 'Ada', address: { 'line\u0000': 'x' }, notes: 'n\u0000' })).toBe(
      'address.line\u0000',
    );
    expect(firstNotText({ name: 'Ada', photos: ['a.jpg', 'b\uD800.jpg'] })).toBe('photos.1');
    expect(firstNotText({ name: 'Ada 😀', notes: 'fine' })).toBeUndefined();
    expect(firstNotText('\uDC00')).toBe('value');
  });

  test('answers for a body nested far deeper than the call stack would allow', () => {
    const depth = 20_000;
    const nested: unknown = JSON.parse(`${'['.repeat(depth)}"x\\u0000"${']'.repeat(depth)}`);
    const path = firstNotText(nested);
    expect(path?.split('.')).toHaveLength(depth);
  });
});
