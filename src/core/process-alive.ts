import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

// Whether a process still exists: how locks, scratch folders and partial files of runs that
// died (SIGKILL, power cut) are told apart from those of runs still going.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is only someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders `<prefix><pid>` under `root` whose process is gone (scratch copies and
 * staging folders of a backup or restore killed mid-way); returns what it removed.
 */
export async function clearDeadRunFolders(root: string, prefix: RegExp): Promise<string[]> {
  const cleared: string[] = [];
  for (const name of readdirSync(root)) {
    const pid = Number(prefix.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    await rm(path.join(root, name), { recursive: true, force: true });
    cleared.push(path.join(root, name));
  }
  return cleared;
}
