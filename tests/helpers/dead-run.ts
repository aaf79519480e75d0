// Folders as runs that died leave them: a marker naming a process that has exited, on this host.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The pid of a process that has run and exited. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

export function deadRunFolder(dir: string, marker: Partial<{ pid: number; host: string }> = {}): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const content = { pid: deadPid(), host: os.hostname(), started_at: '2026-11-21T01:00:00.000Z', purpose: 'test', ...marker };
  writeFileSync(path.join(dir, '.store-ops-run.json'), JSON.stringify(content));
  writeFileSync(path.join(dir, 'main.db'), 'half a snapshot');
  return dir;
}
