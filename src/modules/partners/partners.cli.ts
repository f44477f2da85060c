/**
 * `plaza apikey create|list|revoke` and `plaza oauth-client create|list|revoke`: partner systems' clients
 * from the command line, on the same database and rules as the administrators' page. A key or secret is
 * printed once, when it is created; the database keeps only its hash.
 */
import type { Command } from 'commander';
import type { Db } from '../../database.js';
import type { Translator } from '../../platform/i18n/i18n.js';
import { isPlazaError } from '../../platform/errors.js';
import type { Clock } from '../../platform/time/clock.js';
import { apiScopes } from '../identity/index.js';
import { DEFAULT_REQUESTS_PER_MINUTE, type ClientKind } from './partners.schemas.js';
import { createPartnersService, type ApiClient, type PartnersService } from './partners.service.js';

export interface PartnerCommandContext {
  out: (line: string) => void;
  err: (line: string) => void;
  /**
   * Opens the configured database (its schema current, the deployment's departments in it) for `work`,
   * with the messages people read.
   */
  withDatabase: (purpose: string, work: (db: Db, t: Translator['t']) => Promise<void>) => Promise<void>;
  clock: Clock;
  /** Sets the command's exit code: 1 when the thing asked for was not found, 2 for bad usage. */
  exit: (code: number) => void;
}

const cliActor = { type: 'cli', id: null } as const;

function describe(client: ApiClient): string {
  const status = client.revokedAt ? `revoked ${client.revokedAt.toISOString()}` : 'active';
  const used = client.lastUsedAt ? `last used ${client.lastUsedAt.toISOString()}` : 'never used';
  return [
    client.id,
    JSON.stringify(client.name),
    client.clientId ?? `${client.secretPrefix}…`,
    client.scopes.join(','),
    client.departmentIds.join(','),
    `${client.requestsPerMinute}/min`,
    used,
    status,
  ].join('  ');
}

export function registerPartnerCommands(program: Command, context: PartnerCommandContext): void {
  const { out, err } = context;
  const service = (db: Db, t: Translator['t']): PartnersService =>
    createPartnersService({ db, clock: context.clock, t: () => t });

  /** `noun`: what one client of the kind is called, without an article. */
  const commandsFor = (kind: ClientKind, name: string, noun: string, description: string) => {
    const one = `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
    const group = program.command(name).description(description);
    const create = group
      .command('create')
      .description(
        `create ${one} and print its ${kind === 'oauth' ? 'client_id and secret' : 'key'} (shown once)`,
      )
      .requiredOption('--name <name>', 'what the partner system is, for administrators');
    // An API key with only a name is an Open311 client's (FixMyStreet and the like send one as api_key).
    if (kind === 'api_key')
      create
        .option('--scopes <scopes>', `comma-separated: ${apiScopes.join(', ')}`, 'open311:write')
        .option(
          '--departments <ids>',
          'comma-separated department ids it acts for (open311:write needs none)',
          '',
        );
    else
      create
        .requiredOption('--scopes <scopes>', `comma-separated: ${apiScopes.join(', ')}`)
        .requiredOption('--departments <ids>', 'comma-separated department ids it acts for');
    create
      .option('--requests-per-minute <n>', 'its rate limit', String(DEFAULT_REQUESTS_PER_MINUTE))
      .action(
        async (options: { name: string; scopes: string; departments: string; requestsPerMinute: string }) => {
          await context.withDatabase(`plaza ${name} create`, async (db, t) => {
            try {
              const { client, secret } = await service(db, t).create(cliActor, {
                kind,
                name: options.name,
                scopes: options.scopes,
                departments: options.departments,
                requestsPerMinute: options.requestsPerMinute,
              });
              out(`Created ${one} ${JSON.stringify(client.name)} (id ${client.id}).`);
              if (client.clientId) out(`client_id:     ${client.clientId}`);
              out(`${kind === 'oauth' ? 'client_secret:' : 'API key:'} ${secret}`);
              out('Keep it secret and store it now: it is shown only this once.');
              out(
                `Scopes: ${client.scopes.join(', ')}. Departments: ${client.departmentIds.join(', ') || 'none'}.`,
              );
            } catch (error) {
              if (!isPlazaError(error) || error.kind !== 'invalid') throw error;
              for (const problem of error.details.fieldErrors ?? [])
                err(`--${flag(problem.field)}: ${problem.message}`);
              context.exit(2);
            }
          });
        },
      );
    group
      .command('list')
      .description(`list every ${noun}: id, name, identifier, scopes, departments, limit, last use, status`)
      .action(async () => {
        await context.withDatabase(`plaza ${name} list`, async (db, t) => {
          const clients = (await service(db, t).list()).filter((client) => client.kind === kind);
          if (clients.length === 0) out(`There is no ${noun} yet.`);
          for (const client of clients) out(describe(client));
        });
      });
    group
      .command('revoke')
      .argument('<id>', `the ${noun}'s id (from list)`)
      .description(`revoke ${one}: it stops working at once`)
      .action(async (id: string) => {
        await context.withDatabase(`plaza ${name} revoke`, async (db, t) => {
          const partners = service(db, t);
          const found = await partners.get(id).catch((error: unknown) => {
            if (isPlazaError(error) && error.kind === 'not_found') return undefined;
            throw error;
          });
          if (!found || found.kind !== kind) {
            err(`There is no ${noun} with the id ${id}.`);
            context.exit(1);
            return;
          }
          const { client, changed } = await partners.revoke(cliActor, id);
          out(
            changed
              ? `Revoked ${JSON.stringify(client.name)}.`
              : `${JSON.stringify(client.name)} was already revoked.`,
          );
        });
      });
  };

  commandsFor('api_key', 'apikey', 'API key', "partner systems' API keys");
  commandsFor(
    'oauth',
    'oauth-client',
    'OAuth client',
    "partner systems' OAuth 2 clients (client credentials)",
  );
}

const flag = (field: string): string => field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
