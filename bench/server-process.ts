/** The orchestrator's handle on the server process: start it, call its commands, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import type { CommandName, Commands, Request, ServerMessage } from './protocol.js';

export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private exited: string | undefined;

  private constructor(
    private readonly child: ChildProcess,
    onProgress: (message: string) => void,
  ) {
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'progress') onProgress(message.message);
      else if (message.type === 'reply') {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.result);
        else waiting?.reject(new Error(`server: ${message.error}`));
      }
    });
    child.on('exit', (code, signal) => {
      this.exited = `the benchmark server exited (${signal ?? `code ${code}`})`;
      for (const waiting of this.pending.values()) waiting.reject(new Error(this.exited));
      this.pending.clear();
    });
  }

  static async start(
    script: string,
    env: NodeJS.ProcessEnv,
    onProgress: (message: string) => void,
  ): Promise<ServerProcess> {
    const child = fork(script, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const server = new ServerProcess(child, onProgress);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: ServerMessage): void => {
        if (message.type !== 'ready') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null): void =>
        reject(new Error(`the benchmark server failed to start (code ${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return server;
  }

  call<K extends CommandName>(cmd: K, args: Commands[K]['args']): Promise<Commands[K]['result']> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: Request = { type: 'request', id, cmd, args } as Request;
      this.child.send(request);
    });
  }

  /** Asks the server to close Plaza and its database; kills it if it has not gone within 30 seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call('shutdown', {}).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
