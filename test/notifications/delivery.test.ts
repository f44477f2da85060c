/**
 * Messages leave through a real SMTP server started by the test. A mail server that is down never fails
 * the citizen's action: the message waits in the outbox and its delivery job retries.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { redactAddresses, sentTo, smtpTransport } from '../../src/modules/notifications/index.js';
import { testDatabases } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

function startSmtp(
  options: { rejectRecipient?: (address: string) => string | undefined } = {},
): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // As real servers do, a refusal quotes the address it refuses.
    onRcptTo(address, _session, callback) {
      const refusal = options.rejectRecipient?.(address.address);
      if (!refusal) return callback();
      const error = new Error(refusal) as Error & { responseCode: number };
      error.responseCode = 550;
      return callback(error);
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
        });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.server.address() as AddressInfo).port, received }),
    ),
  );
}

async function requestCode(t: TestApp, email: string): Promise<number> {
  const client = t.client();
  await client.get('/sign-in');
  const page = await client.post('/sign-in', { email });
  return page.status;
}

describe.each(testDatabases())('email delivery on $name', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      database: await database.open(),
      mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`, 'Demo City <no-reply@demo-city.example>'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  test('a queued message is sent by its background job and marked sent', async () => {
    expect(await requestCode(t, 'mail.test@example.org')).toBe(200);
    expect(smtp.received).toHaveLength(0);
    expect(await t.drain()).toBeGreaterThan(0);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['mail.test@example.org']);
    expect(smtp.received[0]?.raw).toMatch(/Subject: Your sign-in code for Demo City: \d{6}/);
    const [message] = await t.outbox('mail.test@example.org');
    expect(message?.status).toBe('sent');
  });
});

describe.each(testDatabases())('a mail server that is down, on $name', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing listens on this port: every attempt fails to connect.
    t = await startTestApp({
      database: await database.open(),
      mailTransport: smtpTransport('smtp://127.0.0.1:9', 'x@example.org'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
  });

  test('does not fail the request; the message stays in the outbox with the error, for a retry', async () => {
    expect(await requestCode(t, 'patient@example.org')).toBe(200);
    await t.drain();
    const rows = await t.database.db
      .selectFrom('outbox_messages')
      .select(['status', 'attempts', 'last_error'])
      .where(sentTo(t.app.personalData.keyRing, 'patient@example.org'))
      .execute();
    expect(rows).toEqual([
      {
        status: 'pending',
        attempts: 1,
        last_error: expect.stringMatching(/ECONNREFUSED|connect/) as unknown,
      },
    ]);
    expect(await t.app.jobs.count('notifications.deliver', 'retry')).toBe(1);
  });
});

describe.each(testDatabases())('a mail server that refuses the recipient, on $name', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtp({
      rejectRecipient: (address) => `5.1.1 <${address}>: Recipient address rejected: User unknown`,
    });
    t = await startTestApp({
      database: await database.open(),
      mailTransport: smtpTransport(`smtp://127.0.0.1:${smtp.port}`, 'Demo City <no-reply@demo-city.example>'),
    });
  });
  afterAll(async () => {
    await t?.close();
    await t?.database.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
  });

  test('the stored error and the job queue keep the reason, never the address', async () => {
    expect(await requestCode(t, 'Gone.Away@Example.org')).toBe(200);
    await t.drain();
    expect(smtp.received).toHaveLength(0);
    const [row] = await t.database.db
      .selectFrom('outbox_messages')
      .select(['status', 'attempts', 'last_error'])
      .where(sentTo(t.app.personalData.keyRing, 'gone.away@example.org'))
      .execute();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.last_error).toMatch(/550/);
    expect(row?.last_error).toContain('Recipient address rejected: User unknown');
    expect(row?.last_error).toContain('<[address]>');
    expect(row?.last_error?.toLowerCase()).not.toContain('gone.away');
    // pg-boss keeps the failed job's error too.
    const { rows } = await sql<{ output: unknown }>`
      select output from pgboss.job where name = 'notifications.deliver'
    `.execute(t.database.db);
    expect(JSON.stringify(rows)).toContain('Recipient address rejected');
    expect(JSON.stringify(rows).toLowerCase()).not.toContain('gone.away');
  });

  test('addresses are redacted whatever their case or form', () => {
    expect(
      redactAddresses(
        '550 <Ana@Example.org> and ana@example.org; cc bo.b+x@mail.example.com',
        'ana@example.org',
      ),
    ).toBe('550 <[address]> and [address]; cc [address]');
    expect(redactAddresses('"odd name"@example.org unknown', '"odd name"@example.org')).toBe(
      '[address] unknown',
    );
    expect(redactAddresses('Connection refused')).toBe('Connection refused');
  });
});
