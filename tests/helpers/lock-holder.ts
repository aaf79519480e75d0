// Starts tests/helpers/hold-lock.mjs and waits for its one line: a process that holds (or was
// refused) the store lock, to be killed with SIGKILL like a run that dies.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './cli.js';

export interface Holder {
  child: ChildProcess;
  pid: number;
  report: { held: boolean; pid: number; key?: string; message?: string; takenOver: { pid: number } | null };
  kill: () => Promise<void>;
}

export function holdLock(stateDir: string, operation: string): Promise<Holder> {
  const child = spawn(process.execPath, [path.join(ROOT, 'tests', 'helpers', 'hold-lock.mjs'), inject('lockModule'), stateDir, operation], { stdio: ['ignore', 'pipe', 'inherit'] });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!out.includes('\n')) return;
      resolve({
        child, pid: child.pid!, report: JSON.parse(out.split('\n')[0]!),
        kill: async () => {
          child.kill('SIGKILL');
          await closed;
        },
      });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`lock holder exited (${code}) before reporting: ${out}`)));
  });
}
