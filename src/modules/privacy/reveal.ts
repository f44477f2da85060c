/**
 * Staff see a case's personal data only after saying why, and only for a while: the reason goes to the
 * audit log (never the data), and the reveal is remembered in the staff member's session for
 * REVEAL_MINUTES, for that case alone. A new sign-in starts with everything hidden again.
 */
import { z } from 'zod';

export const REVEAL_MINUTES = 15;
export const REVEAL_MS = REVEAL_MINUTES * 60_000;

/** Reveals a session holds: case id → until when (milliseconds since the epoch). */
export type Reveals = Readonly<Record<string, number>>;

declare module '../../platform/http/sessions.js' {
  interface SessionData {
    /** Cases whose personal data this staff member revealed, and until when. */
    personalDataReveals?: Record<string, number>;
  }
}

/** Until when a case's personal data shows, or null when it is hidden. */
export function revealedUntil(reveals: Reveals | undefined, caseId: string, now: Date): Date | null {
  const until = reveals?.[caseId];
  return until !== undefined && until > now.getTime() ? new Date(until) : null;
}

/** The session's reveals with one more, and without those that ended (so the session stays small). */
export function withReveal(reveals: Reveals | undefined, caseId: string, until: Date, now: Date) {
  const kept = Object.entries(reveals ?? {}).filter(([, end]) => end > now.getTime());
  return Object.fromEntries([...kept.filter(([id]) => id !== caseId), [caseId, until.getTime()]]) as Record<
    string,
    number
  >;
}

export const REVEAL_REASON_MAX = 500;

/** "A few words": at least two, so "x" or "ok" is not taken as a reason. */
export function isRevealReason(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.length >= 5 && trimmed.length <= REVEAL_REASON_MAX && trimmed.split(/\s+/).length >= 2;
}

export const revealInput = z.object({
  reason: z
    .string()
    .max(REVEAL_REASON_MAX)
    .describe('Why you need to see this personal data, in a few words; recorded in the audit log'),
});

export const revealResponse = z
  .object({
    revealedUntil: z.iso.datetime().describe('The personal data shows in this session until then'),
  })
  .meta({ id: 'PersonalDataRevealed' });
