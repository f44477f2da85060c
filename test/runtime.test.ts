import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { acquireDataDirLock, DataDirInUseError } from '../src/platform/db/data-dir-lock.js';

describe('the runtime Plaza brings', () => {
  test('runs on Node.js 24, the node package Plaza depends on, not the machine’s own Node', () => {
    expect(process.versions.node.split('.')[0]).toBe('24');
  });
});

describe('the data folder lock', () => {
  test('a second process is refused with a message that names the holder and what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plaza-lock-'));
    const first = acquireDataDirLock(dir, 'server (web, worker)');
    try {
      expect(() => acquireDataDirLock(dir, 'plaza audit verify')).toThrow(DataDirInUseError);
      expect(() => acquireDataDirLock(dir, 'plaza audit verify')).toThrow(/DATABASE_URL/);
    } finally {
      first.release();
    }
    const again = acquireDataDirLock(dir, 'plaza audit verify');
    again.release();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a lock left by a process that died is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plaza-lock-'));
    writeFileSync(
      join(dir, 'plaza.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'crashed server', since: '2026-01-01' }),
    );
    const lock = acquireDataDirLock(dir, 'server');
    lock.release();
    rmSync(dir, { recursive: true, force: true });
  });
});
