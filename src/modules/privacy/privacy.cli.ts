/**
 * `plaza keys generate` prints a new key for PLAZA_ENCRYPTION_KEYS; `plaza keys rotate` re-encrypts all
 * personal data under the ring's first key (and encrypts what was stored before encryption), with a
 * progress line. Rotating: put the new key first in PLAZA_ENCRYPTION_KEYS on every process (the old one
 * after it), run `plaza keys rotate`, then remove the old key.
 */
import type { Command } from 'commander';
import type { Db } from '../../database.js';
import { generateKeyEntry, keyIdPattern, type KeyRing } from '../../platform/crypto/key-ring.js';
import type { Clock } from '../../platform/time/clock.js';
import { rotateKeys, type RotationProgress } from './key-rotation.js';
import { createPersonalData } from './personal-data.js';

export interface KeyCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  clock: Clock;
  /** Sets the command's exit code (2: bad usage). */
  exit: (code: number) => void;
  /** Opens the configured database (its schema current) with the deployment's key ring. */
  withDatabase: (purpose: string, work: (db: Db, keyRing: KeyRing) => Promise<void>) => Promise<void>;
  /** Whether progress can be redrawn in place (a terminal). */
  interactive: boolean;
  progress: (text: string) => void;
}

export function registerKeyCommands(program: Command, context: KeyCommandContext): void {
  const keys = program.command('keys').description('the keys that encrypt personal data at rest');

  keys
    .command('generate')
    .argument('[id]', 'the new key id (letters, digits, - or _); defaults to k and today’s date')
    .description('print a new random key, written id:base64 as PLAZA_ENCRYPTION_KEYS takes it')
    .action((id: string | undefined) => {
      const keyId = id ?? `k${context.clock.now().toISOString().slice(0, 10).replace(/-/g, '')}`;
      if (!keyIdPattern.test(keyId)) {
        context.err('A key id is letters, digits, - or _ (at most 32).');
        context.exit(2);
        return;
      }
      context.out(generateKeyEntry(keyId));
    });

  keys
    .command('rotate')
    .description(
      're-encrypt all personal data with the first key of PLAZA_ENCRYPTION_KEYS, in batches (safe while the server runs on PostgreSQL)',
    )
    .action(async () => {
      await context.withDatabase('plaza keys rotate', async (db, keyRing) => {
        const show = (progress: RotationProgress) => {
          const line = `Re-encrypting ${progress.what}: ${progress.done} of ${progress.total}`;
          if (context.interactive) context.progress(`\r${line}`);
        };
        const report = await rotateKeys(
          {
            db,
            clock: context.clock,
            personalData: createPersonalData(keyRing),
            actor: { type: 'cli', id: null },
          },
          show,
        );
        if (context.interactive) context.progress('\n');
        for (const part of report.parts)
          context.out(`${part.what}: ${part.checked} checked, ${part.changed} re-encrypted`);
        context.out(
          `All personal data is encrypted with the key "${report.keyId}". Once every Plaza process has it first, the keys after it can be removed from PLAZA_ENCRYPTION_KEYS.`,
        );
      });
    });
}
