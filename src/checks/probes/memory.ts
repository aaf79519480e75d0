// Memory the system can still give programs without swapping (MemAvailable, which counts the
// page cache it can drop), as a share of the total.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { StoreConfig } from '../../core/config/load.js';
import type { ProbeResult } from '../types.js';
import { begin, finish, lowIsBad, problem, round1 } from './result.js';

async function available(): Promise<{ available: number; total: number }> {
  try {
    const text = await readFile('/proc/meminfo', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    const avail = kb('MemAvailable');
    const total = kb('MemTotal');
    if (Number.isFinite(avail) && Number.isFinite(total) && total > 0) return { available: avail, total };
  } catch {
    // Not Linux: the portable figure below is smaller (it ignores the cache) but still honest.
  }
  return { available: os.freemem(), total: os.totalmem() };
}

export async function memoryProbe(config: StoreConfig): Promise<ProbeResult> {
  const m = begin('memory', 'memory');
  const { warn_available_percent: warn, critical_available_percent: critical } = config.probes.memory;
  const mem = await available();
  const percent = round1((mem.available / mem.total) * 100);
  const params = { percent, mb: Math.round(mem.available / 1e6), totalMb: Math.round(mem.total / 1e6) };
  return finish(m, lowIsBad(percent, warn, critical), percent, 'percent_available', 'probe.memory', params,
    problem('memory-low', 'software', 'pos-crash', 'finding.memoryLow.title', 'finding.memoryLow.explain', params));
}
