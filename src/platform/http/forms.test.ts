import { describe, expect, test } from 'vitest';
import { safeReturnPath } from './forms.js';

describe('the address to go back to after signing in', () => {
  test.each([
    ['/account/applications', '/account/applications'],
    ['/services/x/apply?change=1', '/services/x/apply?change=1'],
  ])('keeps a path on this site: %s', (value, expected) => {
    expect(safeReturnPath(value, '/fallback')).toBe(expected);
  });

  test.each([
    'https://evil.example/',
    '//evil.example/',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/%09/evil.example/../x',
    'javascript:alert(1)',
    '',
    'a'.repeat(600),
  ])('never leads off the site: %j', (value) => {
    const result = safeReturnPath(value, '/fallback');
    expect(new URL(result, 'http://plaza.test').origin).toBe('http://plaza.test');
  });
});
