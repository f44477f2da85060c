/**
 * PGlite keeps its database in a folder that only one process may open: a second process would corrupt it.
 * Plaza holds a lock file there while the database is open, so a command run next to the server says so
 * instead of touching the data.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockOwner {
  pid: number;
  purpose: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `The data folder ${dataDir} is in use by another Plaza process (pid ${owner.pid}, ${owner.purpose}, since ${owner.since}). ` +
        'The embedded database can be opened by one process at a time: stop that process and try again, ' +
        'or set DATABASE_URL to use a PostgreSQL server, which any number of processes can share.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'plaza.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      const owner: LockOwner = { pid: process.pid, purpose, since: new Date().toISOString() };
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner && isAlive(owner.pid) && owner.pid !== process.pid)
        throw new DataDirInUseError(dataDir, owner);
      if (owner?.pid === process.pid) throw new DataDirInUseError(dataDir, owner);
      // The owner died without cleaning up (crash, kill -9): the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${file}`);
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
