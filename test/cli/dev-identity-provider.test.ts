/**
 * `plaza dev identity-provider` stands in for the provider identity-providers.yaml places on this machine:
 * a real OpenID provider whose discovery document Plaza can use, until it is stopped with Ctrl+C.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { definitionsWith } from '../support/identity-provider.js';
import { repositoryRoot } from '../support/pglite-template.js';

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('plaza dev identity-provider', () => {
  const folders: { remove(): void }[] = [];
  afterAll(() => folders.forEach((folder) => folder.remove()));
  afterEach(() => vi.restoreAllMocks());

  test('serves a provider Plaza can discover, with the eIDAS levels, until stopped', async () => {
    const port = await unusedPort();
    const definitions = definitionsWith(`providers:
  - id: demo-eid
    name: Demo eID
    issuer: http://127.0.0.1:${port}
    clientId: plaza-demo-city
`);
    folders.push(definitions);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'src', 'cli', 'plaza.ts'), 'dev', 'identity-provider'],
      {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          PLAZA_ENV: 'test',
          PLAZA_DEFINITIONS_DIR: definitions.dir,
          PLAZA_BASE_URL: 'http://localhost:3000',
          LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await vi.waitFor(() => expect(output).toContain('Press Ctrl+C to stop.'), {
        timeout: 20_000,
        interval: 100,
      });
      expect(output).toContain(
        `Test identity provider for "Demo eID" (demo-eid) at http://127.0.0.1:${port}`,
      );
      expect(output).toContain('http://localhost:3000/sign-in/oidc/demo-eid/callback');
      const discovery = (await (
        await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)
      ).json()) as Record<string, unknown>;
      expect(discovery.issuer).toBe(`http://127.0.0.1:${port}`);
      expect(discovery.acr_values_supported).toEqual([
        'http://eidas.europa.eu/LoA/low',
        'http://eidas.europa.eu/LoA/substantial',
        'http://eidas.europa.eu/LoA/high',
      ]);
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  test('says which provider it needs when none is on this machine', async () => {
    const definitions = definitionsWith(`providers:
  - { id: real, name: Real eID, issuer: 'https://eid.example.gov', clientId: plaza }
`);
    folders.push(definitions);
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    const code = await runCli(['dev', 'identity-provider'], {
      PLAZA_ENV: 'test',
      PLAZA_DEFINITIONS_DIR: definitions.dir,
      LOG_LEVEL: 'silent',
    });
    expect(code).toBe(2);
    expect(errors.join('')).toContain('has an issuer on this machine, such as http://localhost:3001');
  });
});
