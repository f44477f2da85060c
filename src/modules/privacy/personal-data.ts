/**
 * Personal data at rest: which values are personal, and how each is stored. A service definition marks its
 * personal questions (`personal: true`; the contact email question always counts); each such answer is
 * encrypted on its own inside the answers JSON, so everything else stays readable for statistics. Contact
 * emails and the citizen's answers to information requests are encrypted text; a contact email also gets
 * a blind index (an HMAC of the lower-cased address) for the one lookup Plaza needs: "the cases sent with
 * my address". Reading tolerates values stored before encryption; `plaza keys rotate` encrypts them.
 */
import { indexedEmail, KeyRing } from '../../platform/crypto/key-ring.js';
import { allQuestions, type Answer, type Answers, type FormDefinition } from '../forms/index.js';

/** A personal answer as stored: its JSON, encrypted. */
export interface SealedAnswer {
  $sealed: string;
}

/** What is left of a personal answer once the case was anonymised. */
export interface ErasedAnswer {
  $erased: true;
}

export type StoredAnswer = Answer | SealedAnswer | ErasedAnswer;
export type StoredAnswers = Record<string, StoredAnswer>;

/** What decides which answers are personal: the questions, and the contact question. */
export interface PersonalDataDefinition extends FormDefinition {
  contact?: { email: string };
}

/** What each encrypted text is, authenticated with it (see KeyRing). */
export const textContexts = {
  contactEmail: 'contact_email',
  /** A citizen's answer to a request for information, and its copy on the case's timeline. */
  informationResponse: 'information_response',
  /** The email of a report's follower ("me too") without an account: as src/modules/reports writes it. */
  reportFollowerEmail: 'report_followers.email',
} as const;

function answerContext(questionId: string): string {
  return `answer:${questionId}`;
}

export function isSealedAnswer(value: unknown): value is SealedAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { $sealed?: unknown }).$sealed === 'string'
  );
}

export function isErasedAnswer(value: unknown): value is ErasedAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as { $erased?: unknown }).$erased === true
  );
}

/** The ids of the questions whose answers are personal data. */
export function personalQuestionIds(definition: PersonalDataDefinition): Set<string> {
  const ids = new Set(
    allQuestions(definition)
      .filter((question) => question.personal === true)
      .map((question) => question.id),
  );
  if (definition.contact) ids.add(definition.contact.email);
  return ids;
}

export function createPersonalData(keyRing: KeyRing) {
  function sealAnswer(questionId: string, value: Answer): SealedAnswer {
    return { $sealed: keyRing.encryptText(JSON.stringify(value), answerContext(questionId)) };
  }

  function openAnswer(questionId: string, sealed: SealedAnswer): Answer {
    return JSON.parse(keyRing.decryptText(sealed.$sealed, answerContext(questionId))) as Answer;
  }

  return {
    keyRing,

    /** Answers as stored: each personal answer encrypted on its own (a blank, null, stays null). */
    sealAnswers(definition: PersonalDataDefinition, answers: Answers): StoredAnswers {
      const personal = personalQuestionIds(definition);
      const stored: StoredAnswers = {};
      for (const [id, value] of Object.entries(answers))
        stored[id] = personal.has(id) && value !== null ? sealAnswer(id, value) : value;
      return stored;
    },

    /** Answers as people read them; answers erased when the case was anonymised are left out. */
    openAnswers(stored: StoredAnswers): Answers {
      const answers: Answers = {};
      for (const [id, value] of Object.entries(stored)) {
        if (isErasedAnswer(value)) continue;
        answers[id] = isSealedAnswer(value) ? openAnswer(id, value) : value;
      }
      return answers;
    },

    /**
     * Answers as stored, every personal one under the current key (for key rotation): encrypted answers
     * under an older key, and personal answers stored before encryption, are (re-)encrypted.
     */
    resealAnswers(
      definition: PersonalDataDefinition,
      stored: StoredAnswers,
    ): { answers: StoredAnswers; changed: number } {
      const personal = personalQuestionIds(definition);
      const answers: StoredAnswers = {};
      let changed = 0;
      for (const [id, value] of Object.entries(stored)) {
        if (isSealedAnswer(value)) {
          if (KeyRing.textKeyId(value.$sealed) === keyRing.currentKeyId) answers[id] = value;
          else {
            answers[id] = sealAnswer(id, openAnswer(id, value));
            changed++;
          }
        } else if (personal.has(id) && value !== null && !isErasedAnswer(value)) {
          answers[id] = sealAnswer(id, value);
          changed++;
        } else answers[id] = value;
      }
      return { answers, changed };
    },

    sealText(value: string, context: string): string {
      return keyRing.encryptText(value, context);
    },

    openText(value: string | null, context: string): string | null {
      return value === null ? null : keyRing.decryptText(value, context);
    },

    /** Whether a stored text needs (re-)encrypting under the current key. */
    needsResealing(value: string): boolean {
      return KeyRing.textKeyId(value) !== keyRing.currentKeyId;
    },

    /** What a new row stores beside an encrypted contact email. */
    emailIndex(email: string): string {
      return keyRing.blindIndex(indexedEmail(email));
    },

    /** The email's index under every key in the ring, for lookups that must find rows not yet rotated. */
    emailIndexes(email: string): string[] {
      return keyRing.blindIndexes(indexedEmail(email));
    },
  };
}

export type PersonalData = ReturnType<typeof createPersonalData>;
