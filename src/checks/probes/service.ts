// The store system's service: a systemd unit that must be active, or a pid file whose process
// must exist. Without systemctl the answer is unknown, not a failure.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { processAlive } from '../../core/process-alive.js';
import type { ProbeResult } from '../types.js';
import { begin, errorCode, finish, problem } from './result.js';

export interface ServiceTarget {
  systemd_unit?: string | undefined;
  pid_file?: string | undefined;
}

function isActive(unit: string, timeoutMs: number): Promise<{ state: string } | { missing: string }> {
  return new Promise((resolve) => {
    execFile('systemctl', ['is-active', unit], { timeout: timeoutMs }, (err, stdout) => {
      const state = stdout.trim();
      const code = (err as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || (err && !state)) resolve({ missing: code === 'ENOENT' ? 'systemctl not found' : errorCode(err) });
      else resolve({ state });
    });
  });
}

const down = (what: string, why: string) =>
  problem('service-down', 'software', 'pos-crash', 'finding.serviceDown.title', 'finding.serviceDown.explain', { what, why }, [`${what}: ${why}`]);

export async function serviceProbe(target: ServiceTarget, timeoutMs: number): Promise<ProbeResult> {
  if (target.systemd_unit) {
    const unit = target.systemd_unit;
    const m = begin(`service:${unit}`, 'service');
    const r = await isActive(unit, timeoutMs);
    if ('missing' in r) return finish(m, 'unknown', null, null, 'probe.service.noSystemctl', { what: unit, why: r.missing });
    const params = { what: unit, why: r.state };
    return r.state === 'active'
      ? finish(m, 'ok', null, null, 'probe.service.active', params)
      : finish(m, 'critical', null, null, 'probe.service.inactive', params, down(unit, r.state));
  }
  const file = target.pid_file!;
  const m = begin(`service:${file}`, 'service');
  let pid: number;
  try {
    pid = Number((await readFile(file, 'utf8')).trim());
  } catch (err) {
    return finish(m, 'critical', null, null, 'probe.service.noPidFile', { what: file, why: errorCode(err) }, down(file, errorCode(err)));
  }
  if (!Number.isInteger(pid) || pid <= 0) return finish(m, 'critical', null, null, 'probe.service.badPidFile', { what: file, why: 'no pid' }, down(file, 'no pid'));
  const params = { what: file, why: `pid ${pid}`, pid };
  return processAlive(pid)
    ? finish(m, 'ok', pid, 'pid', 'probe.service.running', params)
    : finish(m, 'critical', pid, 'pid', 'probe.service.dead', params, down(file, `pid ${pid} is not running`));
}
