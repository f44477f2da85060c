/**
 * Levels of assurance a service asks for. A service definition says how sure Plaza must be of who is
 * applying (`signIn`: none, account, substantial or high); a citizen whose session holds less is sent to
 * step up: to prove who they are again with a way that gives the level (a national eID).
 */
import { unauthenticated, type PlazaError } from '../../platform/errors.js';
import { assuranceLevels, meetsAssurance, type Assurance } from './sign-in-flow.js';

/** What a service definition's `signIn` says, as written in the file. */
export type SignInRequirement = 'none' | 'account' | Assurance;

/** The level a service needs, or undefined when anyone may apply without signing in. */
export function neededAssurance(signIn: SignInRequirement): Assurance | undefined {
  if (signIn === 'none') return undefined;
  return signIn === 'account' ? 'low' : signIn;
}

/** Whether a signed-in session with `held` may use a service asking for `signIn`. */
export function sessionMeets(held: Assurance | undefined, signIn: SignInRequirement): boolean {
  const needed = neededAssurance(signIn);
  // An account alone is what every signed-in session has (sessions from before levels hold none).
  if (needed === undefined || needed === 'low') return true;
  return meetsAssurance(held, needed);
}

const stepUpCode = 'auth.assurance_';

/** The error that sends someone to prove who they are to `level` before going on. */
export function assuranceRequired(level: Assurance, message: string): PlazaError {
  return unauthenticated(`${stepUpCode}${level}`, message);
}

/** The level an error from `assuranceRequired` asks for, from its code. */
export function assuranceAskedBy(code: string): Assurance | undefined {
  if (!code.startsWith(stepUpCode)) return undefined;
  const level = code.slice(stepUpCode.length);
  return (assuranceLevels as readonly string[]).includes(level) ? (level as Assurance) : undefined;
}
