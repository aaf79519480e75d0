// What goes into a backup besides the database snapshots: the configured files and folders,
// each under `files/` by its path relative to the config (or `files/_absolute/…` when outside).
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { failure, describeCause } from '../core/errors.js';

export interface PlannedMember {
  name: string;
  file: string;
  size: number;
  mode: number;
  kind: 'database' | 'file';
  source_path: string;
}

export function memberNameFor(file: string, configDir: string): string {
  const rel = path.relative(configDir, file);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return inside ? `files/${rel.split(path.sep).join('/')}` : `files/_absolute${file}`;
}

async function walk(file: string, configDir: string, out: PlannedMember[]): Promise<void> {
  let info;
  try {
    info = await lstat(file);
  } catch (err) {
    throw failure('backup.fileMissing', { file, problem: describeCause(err) }, { key: 'hint.filesKey' });
  }
  if (info.isDirectory()) {
    for (const name of (await readdir(file)).sort()) await walk(path.join(file, name), configDir, out);
  } else if (info.isFile()) {
    out.push({ name: memberNameFor(file, configDir), file, size: info.size, mode: info.mode & 0o777, kind: 'file', source_path: file });
  }
  // Sockets, devices, FIFOs and symbolic links are not store data; they are left out on purpose.
}

export async function planFileMembers(files: readonly string[], configDir: string): Promise<PlannedMember[]> {
  const out: PlannedMember[] = [];
  for (const f of files) await walk(f.replace(/[\\/]+$/, '') || f, configDir, out);
  return out;
}
