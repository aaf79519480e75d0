// A command on a real pseudo-terminal: script(1) gives store-ops a terminal, and each key sequence
// is typed once the text before it has appeared, a little later, as a person would. The screen
// comes back raw (with escape sequences) and as text.
import { execFileSync, spawn } from 'node:child_process';
import { BIN } from './cli.js';

export interface Screen {
  code: number | null;
  /** What was drawn, escape sequences removed. */
  screen: string;
  raw: string;
}

/** What to do once the text appears: keys to type, or KILL to kill -9 store-ops at that moment. */
export const KILL = Symbol('kill -9');

export function onTerminal(cwd: string, args: string[], steps: Array<[waitFor: string, keys: string | typeof KILL]>, timeoutMs = 60_000): Promise<Screen> {
  // exec: store-ops is the terminal's foreground process itself, as when typed at a prompt; a shell
  // in between would take the terminal's Ctrl+C too and report its own exit status.
  const command = `exec ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'xterm', TZ: 'UTC' } });
  let raw = '';
  let next = 0;
  let from = 0;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
    const text = raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    const [waitFor, keys] = steps[next] ?? [];
    const at = waitFor === undefined ? -1 : text.indexOf(waitFor, from);
    if (at >= 0) {
      from = at + waitFor!.length;
      next++;
      // store-ops is script's only child (exec); killed at once, while what was awaited is still going on.
      if (keys === KILL) execFileSync('pkill', ['-KILL', '-P', String(child.pid)]);
      // The prompt must be listening before the keys arrive.
      else setTimeout(() => child.stdin.write(keys!), 300);
    }
  });
  const timer = setTimeout(() => child.kill(), timeoutMs);
  return new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(timer);
    resolve({ code, raw, screen: raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') });
  }));
}
