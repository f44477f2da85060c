/**
 * Case reference numbers such as PLZ-7K3M-9Q: short enough to read over the phone, with no characters
 * that look alike (0/O, 1/I/L, U/V), and a check character that catches a mistyped or swapped character.
 */
import { randomInt } from 'node:crypto';

export const referenceAlphabet = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const PREFIX = 'PLZ';

function checkCharacter(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++)
    sum += referenceAlphabet.indexOf(body[index] as string) * (index + 2);
  return referenceAlphabet[sum % referenceAlphabet.length] as string;
}

export function newReference(): string {
  let body = '';
  for (let index = 0; index < 5; index++) body += referenceAlphabet[randomInt(referenceAlphabet.length)];
  const full = body + checkCharacter(body);
  return `${PREFIX}-${full.slice(0, 4)}-${full.slice(4)}`;
}

/** The canonical form of a reference typed by a person (any case, spaces or no hyphens), or undefined if it cannot be one. */
export function normaliseReference(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith(PREFIX)) return undefined;
  const chars = compact.slice(PREFIX.length);
  if (chars.length !== 6 || [...chars].some((char) => !referenceAlphabet.includes(char))) return undefined;
  if (checkCharacter(chars.slice(0, 5)) !== chars[5]) return undefined;
  return `${PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
