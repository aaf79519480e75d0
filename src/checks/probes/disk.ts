// Free space, free inodes and writability of every volume the store needs: the databases', the
// backup destinations', the logs' and store-ops' own state. One result per volume, named by
// its mount point; a read-only volume is critical whatever its free space.
import { constants } from 'node:fs';
import { access, readFile, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import type { StoreConfig } from '../../core/config/load.js';
import type { ProbeResult, Status } from '../types.js';
import { begin, finish, lowIsBad, problem, round1 } from './result.js';

/** The folders whose volumes matter, as existing paths (a missing one is replaced by its nearest existing parent). */
export function storePaths(config: StoreConfig): string[] {
  const globRoot = (p: string) => {
    const parts = p.split(path.sep);
    const i = parts.findIndex((part) => isDynamicPattern(part));
    return i < 0 ? path.dirname(p) : parts.slice(0, i).join(path.sep) || path.sep;
  };
  return [
    ...config.databases.map((d) => path.dirname(d.path)),
    ...(config.backup?.destinations ?? []).flatMap((d) => (d.type === 'dir' ? [d.path] : [])),
    ...config.logs.map((l) => globRoot(l.path)),
    config.state_dir,
  ];
}

async function existing(p: string): Promise<string> {
  for (let dir = p; ; dir = path.dirname(dir)) {
    try {
      await stat(dir);
      return dir;
    } catch {
      if (dir === path.dirname(dir)) return dir;
    }
  }
}

/** Mount points from /proc/self/mountinfo, longest first; none where it does not exist. */
async function mountPoints(): Promise<string[]> {
  try {
    const text = await readFile('/proc/self/mountinfo', 'utf8');
    const points = text.split('\n').filter(Boolean).map((l) => l.split(' ')[4]!.replace(/\\040/g, ' '));
    return [...new Set(points)].sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

export async function diskProbes(config: StoreConfig): Promise<ProbeResult[]> {
  const { warn_free_percent: warn, critical_free_percent: critical } = config.probes.disk;
  const mounts = await mountPoints();
  const byDevice = new Map<number, { dir: string; paths: string[] }>();
  for (const p of storePaths(config)) {
    const dir = await existing(p);
    const dev = (await stat(dir)).dev;
    const entry = byDevice.get(dev) ?? { dir, paths: [] };
    if (!entry.paths.includes(p)) entry.paths.push(p);
    byDevice.set(dev, entry);
  }
  const out: ProbeResult[] = [];
  for (const { dir, paths } of byDevice.values()) {
    const mount = mounts.find((m) => dir === m || dir.startsWith(m.endsWith('/') ? m : `${m}/`)) ?? dir;
    const m = begin(`disk:${mount}`, 'disk');
    const fs = await statfs(dir);
    const free = fs.blocks > 0 ? round1((fs.bavail / fs.blocks) * 100) : 100;
    const inodes = fs.files > 0 ? round1((fs.ffree / fs.files) * 100) : null;
    let readOnly = false;
    try {
      await access(dir, constants.W_OK);
    } catch (err) {
      readOnly = (err as NodeJS.ErrnoException).code === 'EROFS';
    }
    const params = { mount, free, inodes: inodes ?? '-', paths: paths.join(', ') };
    if (readOnly) {
      out.push(finish(m, 'critical', free, 'percent_free', 'probe.disk.readOnly', params,
        problem('disk-readonly', 'hardware', 'hardware-failure', 'finding.diskReadOnly.title', 'finding.diskReadOnly.explain', params)));
      continue;
    }
    const spaceStatus = lowIsBad(free, warn, critical);
    const inodeStatus: Status = inodes === null ? 'ok' : lowIsBad(inodes, warn, critical);
    if (spaceStatus !== 'ok' || inodeStatus === 'ok') {
      out.push(finish(m, spaceStatus, free, 'percent_free', 'probe.disk.space', params,
        problem('disk-space-low', 'software', 'disk-full', 'finding.diskSpaceLow.title', 'finding.diskSpaceLow.explain', params)));
    } else {
      out.push(finish(m, inodeStatus, inodes, 'percent_inodes_free', 'probe.disk.inodes', params,
        problem('disk-inodes-low', 'software', 'disk-full', 'finding.diskInodesLow.title', 'finding.diskInodesLow.explain', params)));
    }
  }
  return out;
}
