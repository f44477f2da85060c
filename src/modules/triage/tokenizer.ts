/**
 * Turns a report's free text into the tokens triage and duplicate detection compare: lower case, accents
 * and punctuation gone, numbers and very common words dropped, plurals folded. Both use this one function,
 * so "similar wording" means the same thing to a suggestion and to a candidate duplicate.
 */

// Words that say nothing about what is wrong or where; kept short on purpose (a word like "light" or
// "parked" must never be here).
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her here his how i ' +
    'if in into is it its just me my no not of on or our out please she so some that the their them then ' +
    'there these they this those to too up us very was we were what when where which who will with would ' +
    'you your yes been being am also all any again about over off only own same than via'
  ).split(' '),
);

const MAX_TEXT_LENGTH = 4000;

/** Folds simple English plurals so "lights" and "light" are one token; leaves short words and -ss alone. */
function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us'))
    return word.slice(0, -1);
  return word;
}

/** The words of a text, normalised, in order (repeats kept). */
export function words(text: string): string[] {
  const normalised = text
    .slice(0, MAX_TEXT_LENGTH)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const result: string[] = [];
  for (const match of normalised.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)) {
    const raw = match[0].replace(/'.*$/, '');
    // Numbers are house numbers, plates and dates: they identify a report, not its kind.
    if (raw.length < 2 || /\p{N}/u.test(raw) || STOP_WORDS.has(raw)) continue;
    result.push(fold(raw));
  }
  return result;
}

/** Words and the pairs of neighbouring words ("street light", "parked car"), which carry more than either. */
export function features(text: string): string[] {
  const list = words(text);
  const result = list.slice();
  for (let index = 1; index < list.length; index++) result.push(`${list[index - 1]} ${list[index]}`);
  return result;
}

/** Cosine similarity of two texts' sets of words, 0 (nothing shared) to 1 (the same words). */
export function wordingSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const word of small) if (large.has(word)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}
