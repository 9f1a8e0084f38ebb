import { fork } from 'node:child_process';
import { resolve } from 'node:path';

/** A child process running one role of a bench file, spoken to over IPC. */
export interface RoleChild {
  next<T>(): Promise<T>;
  send(message: unknown): void;
  stop(): Promise<void>;
}

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * Runs `file` again in its own process with `roleEnv[roleVariable] = role`, as deployed (one machine
 * each): no one's event loop waits behind another's work, and the OS shares the cores. Messages the
 * child sends are queued until `next()` takes them; the child is killed if this process exits.
 */
export function spawnRoleChild(file: string, roleVariable: string, role: string, roleEnv: Record<string, string>): RoleChild {
  const child = fork(file, [], {
    cwd: repo,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...roleEnv, [roleVariable]: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const queued: unknown[] = [];
  const waiting: { resolve(message: unknown): void; reject(error: Error): void }[] = [];
  child.on('message', (message) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(message);
    else queued.push(message);
  });
  child.once('exit', (code) => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`bench ${role} exited with ${code}`));
  });
  return {
    next: <T>() =>
      queued.length > 0
        ? Promise.resolve(queued.shift() as T)
        : child.exitCode !== null
          ? Promise.reject(new Error(`bench ${role} exited with ${child.exitCode}`))
          : new Promise<T>((resolve, reject) => waiting.push({ resolve, reject })),
    send: (message) => child.send(message as string),
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.send('stop');
      await exited;
    },
  };
}
