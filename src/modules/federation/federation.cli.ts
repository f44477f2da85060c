/**
 * `plaza dev identity-provider`: starts the test OpenID provider in place of a provider that
 * identity-providers.yaml places on this machine (the demo city's "Demo eID" at http://localhost:3001), so a
 * developer can sign in as anyone, at any level of assurance, without a real eID.
 */
import type { Command } from 'commander';
import { MissingDevDependencyError, startDevIdentityProvider } from './dev-identity-provider.js';
import { IDENTITY_PROVIDERS_FILE, isLoopback, loadIdentityProviders } from './identity-providers.js';

export interface FederationCommandDeps {
  out: (line: string) => void;
  err: (line: string) => void;
  exit: (code: number) => void;
  /** The parts of the configuration the command needs (read when it runs). */
  settings: () => {
    definitionsDir: string;
    baseUrl: string;
    environment: Readonly<Record<string, string | undefined>>;
  };
  /** Resolves when the command should stop (Ctrl+C). */
  untilStopped: () => Promise<void>;
}

export function registerFederationCommands(program: Command, deps: FederationCommandDeps): void {
  const dev = program.command('dev').description('tools for developing on this machine (not for production)');
  dev
    .command('identity-provider')
    .description(
      `start a test OpenID provider (sign in as anyone, at any level of assurance) for a provider of ${IDENTITY_PROVIDERS_FILE} whose issuer is on this machine`,
    )
    .option('--provider <id>', `which provider of ${IDENTITY_PROVIDERS_FILE} to stand in for`)
    .action(async (options: { provider?: string }) => {
      const settings = deps.settings();
      const { providers } = loadIdentityProviders(settings.definitionsDir, settings.environment);
      const local = providers.filter(
        (provider) =>
          isLoopback(new URL(provider.issuer)) && (!options.provider || provider.id === options.provider),
      );
      const provider = local[0];
      if (!provider) {
        deps.err(
          `No provider in ${IDENTITY_PROVIDERS_FILE} (in ${settings.definitionsDir})` +
            (options.provider ? ` has the id ${options.provider} and` : '') +
            ' has an issuer on this machine, such as http://localhost:3001.',
        );
        deps.exit(2);
        return;
      }
      const issuer = new URL(provider.issuer);
      if (issuer.protocol !== 'http:' || issuer.pathname !== '/' || !issuer.port) {
        deps.err(
          `The issuer of ${provider.id} must look like http://localhost:3001 for the test provider to stand in.`,
        );
        deps.exit(2);
        return;
      }
      if (provider.clientSecretEnv && !provider.clientSecret) {
        deps.err(
          `${provider.id} has a client secret in the environment variable ${provider.clientSecretEnv}, which is not set. ` +
            'Set it to the same value here and for Plaza.',
        );
        deps.exit(2);
        return;
      }
      const redirectUri = `${settings.baseUrl}/sign-in/oidc/${provider.id}/callback`;
      let running;
      try {
        running = await startDevIdentityProvider({
          host: issuer.hostname,
          port: Number(issuer.port),
          clients: [
            { clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUris: [redirectUri] },
          ],
        });
      } catch (error) {
        if (error instanceof MissingDevDependencyError) {
          deps.err(error.message);
          deps.exit(1);
          return;
        }
        throw error;
      }
      deps.out(`Test identity provider for "${provider.name}" (${provider.id}) at ${running.issuer}`);
      deps.out(`It sends people back to ${redirectUri}. For development only: anyone can be anyone.`);
      deps.out('Press Ctrl+C to stop.');
      await deps.untilStopped();
      await running.close();
    });
}
