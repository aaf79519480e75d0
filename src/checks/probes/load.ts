// The one-minute load average per CPU core: above a few, tills wait for the server.
import os from 'node:os';
import type { StoreConfig } from '../../core/config/load.js';
import type { ProbeResult } from '../types.js';
import { begin, finish, highIsBad, problem } from './result.js';

export async function loadProbe(config: StoreConfig): Promise<ProbeResult> {
  const m = begin('load', 'load');
  const cores = os.availableParallelism();
  const perCore = Math.round((os.loadavg()[0]! / cores) * 100) / 100;
  const { warn_per_core: warn, critical_per_core: critical } = config.probes.load;
  const params = { perCore, cores };
  return finish(m, highIsBad(perCore, warn, critical), perCore, 'load_per_core', 'probe.load', params,
    problem('load-high', 'software', 'pos-crash', 'finding.loadHigh.title', 'finding.loadHigh.explain', params));
}
