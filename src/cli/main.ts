/**
 * `npx plaza`: commands that act on the same configuration and data as the server. On the embedded
 * database a command cannot run while the server holds the data folder; it says so and changes nothing.
 */
import { printMissingTranslations } from '../modules/catalogue/translations.cli.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError, configVariables, loadConfig, type Config } from '../config.js';
import type { Database, Db } from '../database.js';
import type { DatabaseHandle } from '../platform/db/database-handle.js';
import { DataDirInUseError } from '../platform/db/data-dir-lock.js';
import { MigrationChangedError, SchemaOutOfDateError } from '../platform/db/migrations.js';
import { describeBreak, verifyAuditChain } from '../modules/audit/index.js';
import { validateDefinitions } from '../modules/catalogue/index.js';
import { createIdentityService, createUserData } from '../modules/identity/index.js';
import { loadOrganisationDefinitions, syncDepartments } from '../modules/organisation/index.js';
import { registerPartnerCommands } from '../modules/partners/index.js';
import { createI18n, type Translator } from '../platform/i18n/i18n.js';
import { systemClock } from '../platform/time/clock.js';
import { registerKeyCommands } from '../modules/privacy/index.js';
import { registerPlacesCommands } from '../modules/places/index.js';
import { registerFederationCommands } from '../modules/federation/index.js';
import { registerImportCommands } from '../modules/reports/import/index.js';
import { KeyRing } from '../platform/crypto/key-ring.js';
import { registerTriageCommands } from '../modules/triage/index.js';
import { registerDuplicateCommands } from '../modules/reports/duplicates.cli.js';
import {
  assertSchemaCurrent,
  deploymentSecret,
  migrateToLatest,
  openConfiguredDatabase,
} from '../runtime.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

type DatabaseWork = (database: DatabaseHandle<Database>, config: Config) => Promise<void>;

/**
 * Runs one command's `work` on the configured database, closing it however the work ends. Opening it
 * fails with DataDirInUseError while the server holds PGlite's folder.
 */
async function withDatabase(env: NodeJS.ProcessEnv, purpose: string, work: DatabaseWork): Promise<void> {
  const config = loadConfig(env);
  const database = await openConfiguredDatabase(config, purpose);
  try {
    await work(database, config);
  } finally {
    await database.close();
  }
}

/** As withDatabase, for commands that need the schema up to date: only `plaza db migrate` changes it. */
async function withMigratedDatabase(
  env: NodeJS.ProcessEnv,
  purpose: string,
  work: DatabaseWork,
): Promise<void> {
  await withDatabase(env, purpose, async (database, config) => {
    await assertSchemaCurrent(config, database);
    await work(database, config);
  });
}

/** The deployment's departments, as the server keeps them, so records and clients may name them. */
async function syncDeploymentDepartments(database: DatabaseHandle<Database>, config: Config): Promise<void> {
  await syncDepartments(
    database.db,
    loadOrganisationDefinitions(config.definitionsDir, config.timeZone).departments,
  );
}

/** Messages as the server words them, in the default language: commands have no reader to choose one. */
async function defaultTranslation(config: Config): Promise<Translator['t']> {
  const i18n = await createI18n(join(config.packageRoot, 'locales'), { strict: false });
  return i18n.translator(undefined).t;
}

/** Exit codes: 0 success, 1 the check failed, 2 bad usage, 3 the database could not be used. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = new Command();
  let exitCode = 0;
  const exit = (code: number): void => {
    exitCode = code;
  };
  program
    .name('plaza')
    .description(
      'Plaza: public services online. Commands use the same configuration (environment) as the server.',
    )
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  const db = program.command('db').description('the database');
  db.command('migrate')
    .description('bring the database schema up to date (the server also does this when it starts)')
    .action(async () => {
      await withDatabase(env, 'plaza db migrate', async (database, config) => {
        const result = await migrateToLatest(config, database);
        out(
          result.applied.length
            ? `Applied ${result.applied.join(', ')}.`
            : `The schema is up to date (${result.alreadyApplied} migrations).`,
        );
      });
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description(
      'walk the hash chain; exit 0 if intact, 1 naming the first entry altered, removed or inserted',
    )
    .action(async () => {
      await withMigratedDatabase(env, 'plaza audit verify', async (database) => {
        const progress = process.stderr.isTTY
          ? (checked: number, total: number) =>
              process.stderr.write(`\rChecked ${checked} of ${total} entries`)
          : undefined;
        const result = await verifyAuditChain(database.db, progress);
        if (progress) process.stderr.write('\n');
        if (result.intact) {
          out(`The audit log is intact: ${result.checked} entries, head ${result.headHash}.`);
        } else {
          out(
            `The audit log has been tampered with: ${describeBreak(result.broken as NonNullable<typeof result.broken>)}.`,
          );
          out(`${result.checked} entries before it are intact.`);
          exitCode = 1;
        }
      });
    });

  const services = program.command('services').description('service definitions');
  services
    .command('validate')
    .argument('<dir>', 'a definitions folder (with services/, workflows/, departments.yaml)')
    .description('check every definition in a folder, naming the file, place and problem; exit 1 if any')
    .action((dir: string) => {
      const maxReadingAge = configVariables.PLAZA_MAX_READING_AGE.schema.safeParse(env.PLAZA_MAX_READING_AGE);
      if (!maxReadingAge.success) {
        out('PLAZA_MAX_READING_AGE: must be a whole number from 5 to 25');
        exitCode = 2;
        return;
      }
      exitCode = validateDefinitions(dir, out, maxReadingAge.data);
    });

  services
    .command('translations')
    .argument('<dir>', 'a definitions folder')
    .requiredOption('--language <code>', 'the language to check, such as es')
    .description("list each service's and workflow's texts that have no translation, as a block to fill in")
    .action((dir: string, options: { language: string }) => {
      exitCode = printMissingTranslations(dir, options.language, out);
    });

  const staff = program.command('staff').description('staff accounts');
  staff
    .command('set-password')
    .argument('<email>', "the staff member's email address")
    .description('set a new password (read from PLAZA_NEW_PASSWORD, or generated and printed)')
    .action(async (email: string) => {
      await withMigratedDatabase(env, 'plaza staff set-password', async (database, config) => {
        const identity = createIdentityService({
          db: database.db,
          clock: systemClock,
          codeSecret: deploymentSecret(config),
          sendCode: async () => undefined,
          users: createUserData(KeyRing.fromConfig(config.encryptionKeys, deploymentSecret(config))),
        });
        const password = env.PLAZA_NEW_PASSWORD ?? randomBytes(12).toString('base64url');
        if (password.length < 12) {
          process.stderr.write('The password must be at least 12 characters.\n');
          exitCode = 2;
          return;
        }
        if (await identity.setStaffPassword(email, password)) {
          out(
            env.PLAZA_NEW_PASSWORD
              ? `Password changed for ${email}.`
              : `New password for ${email}: ${password}`,
          );
        } else {
          process.stderr.write(`There is no staff member with the email address ${email}.\n`);
          exitCode = 1;
        }
      });
    });

  registerPartnerCommands(program, {
    out,
    err,
    clock: systemClock,
    exit,
    withDatabase: (purpose, work) =>
      withMigratedDatabase(env, purpose, async (database, config) => {
        // A client is given some of the deployment's departments.
        await syncDeploymentDepartments(database, config);
        await work(database.db, await defaultTranslation(config));
      }),
  });

  registerFederationCommands(program, {
    out,
    err,
    exit,
    settings: () => {
      const config = loadConfig(env);
      return { definitionsDir: config.definitionsDir, baseUrl: config.baseUrl, environment: env };
    },
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  });

  registerKeyCommands(program, {
    out,
    err,
    clock: systemClock,
    exit,
    interactive: process.stderr.isTTY === true,
    progress: (text) => void process.stderr.write(text),
    withDatabase: (purpose, work) =>
      withMigratedDatabase(env, purpose, (database, config) =>
        work(database.db, KeyRing.fromConfig(config.encryptionKeys, deploymentSecret(config))),
      ),
  });

  registerImportCommands(program, {
    out,
    err,
    clock: systemClock,
    exit,
    interactive: process.stderr.isTTY === true,
    progress: (text) => void process.stderr.write(text),
    withDatabase: (purpose, work) =>
      withMigratedDatabase(env, purpose, async (database, config) => {
        // Imported records may name the deployment's departments.
        await syncDeploymentDepartments(database, config);
        await work(database, { timeZone: config.timeZone });
      }),
  });

  // Triage and duplicates: the database and the messages, as the server has them.
  const reportTools = {
    out,
    err,
    clock: systemClock,
    exit,
    input: () => process.stdin,
    progress: (text: string) => {
      if (process.stderr.isTTY) process.stderr.write(text);
    },
    withDatabase: (purpose: string, work: (db: Db, t: Translator['t']) => Promise<void>) =>
      withMigratedDatabase(env, purpose, async (database, config) =>
        work(database.db, await defaultTranslation(config)),
      ),
  };
  registerTriageCommands(program, reportTools);
  registerDuplicateCommands(program, reportTools);
  registerPlacesCommands(program, {
    ...reportTools,
    withDatabase: (purpose, work) => withMigratedDatabase(env, purpose, (database) => work(database.db)),
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (
      error instanceof ConfigError ||
      error instanceof DataDirInUseError ||
      error instanceof MigrationChangedError ||
      error instanceof SchemaOutOfDateError
    ) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
  return exitCode;
}
