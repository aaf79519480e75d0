// diagnose, the core: every probe and the log scan at once, each probe under its own timeout
// and everything under one budget (probes.budget_ms), so a device that never answers costs its
// timeout and no more. Probe problems become findings beside the log signatures; the
// correlation turns them into ranked causes. Returns data; prints nothing.
import path from 'node:path';
import { lastDatabaseCheck } from '../backup/check-ledger.js';
import type { StoreConfig } from '../core/config/load.js';
import { MONITORING_EXIT } from '../core/exit-codes.js';
import { deadline, withTimeout } from './deadline.js';
import { correlate } from './correlate.js';
import { loadSignatures } from './logs/library.js';
import { scanLogs, type LogFileReport } from './logs/scan.js';
import { backupProbes } from './probes/backups.js';
import { databaseProbes } from './probes/database.js';
import { diskProbes } from './probes/disk.js';
import { dnsProbes, NameResolver } from './probes/dns.js';
import { httpProbes } from './probes/http.js';
import { loadProbe } from './probes/load.js';
import { memoryProbe } from './probes/memory.js';
import { begin, finish } from './probes/result.js';
import { serviceProbe } from './probes/service.js';
import { stateModesProbe } from './probes/state-modes.js';
import { tcpProbe } from './probes/tcp.js';
import { mergeFindings, probeFinding } from './merge.js';
import type { LogWindow } from './recovery.js';
import type { Cause, Finding, ProbeResult, Status } from './types.js';
import { statusRank, worst } from './types.js';

export interface DiagnoseOptions {
  config: StoreConfig;
  /** The moment judged: the end of the log window, what ages count from. */
  now: number;
  /** Where the logs are read from, and why there (recovery.ts). */
  window: LogWindow;
  /** integrity_check instead of the header and b-tree walk, allowed up to DEEP_CHECK_MS. */
  deep: boolean;
  /** The --config given, for hints that must work when pasted. */
  configFlag?: string;
}

export interface Diagnosis {
  status: Status;
  exit_code: number;
  now: number;
  since: number;
  window: LogWindow;
  duration_ms: number;
  causes: Cause[];
  findings: Finding[];
  probes: ProbeResult[];
  logs: LogFileReport[];
}

export const DEEP_CHECK_MS = 10 * 60_000;

export async function diagnose(opts: DiagnoseOptions): Promise<Diagnosis> {
  const started = Date.now();
  const { config } = opts;
  const p = config.probes;
  const budget = deadline(p.budget_ms, started);
  // No probe may wait past the budget: its own timeout closes its socket or worker in time.
  const timeout = Math.min(p.timeout_ms, p.budget_ms);
  const resolver = new NameResolver(timeout);
  const bounded = (label: string, kind: string, work: () => Promise<ProbeResult | ProbeResult[]>, limit = budget.left()) => {
    const m = begin(label, kind);
    return withTimeout(work(), limit).then(
      (r) => [r].flat(),
      (err: unknown) => [finish(m, 'unknown', null, null, 'probe.notFinished', { name: label, problem: err instanceof Error ? err.message : String(err) })],
    );
  };
  const lastChecks = new Map(config.databases.map((db) => [db.name, lastDatabaseCheck(config.state_dir, db.name)]));
  const hosts = [...p.tcp.map((t) => t.host), ...p.http.map((h) => new URL(h.url).hostname), ...p.dns];
  const tasks: Array<Promise<ProbeResult[]>> = [
    bounded('disk', 'disk', () => diskProbes(config)),
    bounded('memory', 'memory', () => memoryProbe(config)),
    bounded('load', 'load', () => loadProbe(config)),
    bounded('database', 'database', () => databaseProbes(config, {
      now: opts.now, deep: opts.deep, busyMs: timeout, timeoutMs: opts.deep ? DEEP_CHECK_MS : p.budget_ms, lastChecks, configFlag: opts.configFlag,
    }),
      opts.deep ? DEEP_CHECK_MS : budget.left()),
    bounded('backup', 'backup', () => backupProbes(config, opts.now, opts.configFlag)),
    bounded('permissions', 'permissions', () => stateModesProbe(config, opts.configFlag)),
    bounded('dns', 'dns', () => dnsProbes(hosts, resolver)),
    ...p.tcp.map((t) => bounded(`tcp:${t.name}`, 'tcp', () => tcpProbe(t, resolver, timeout))),
    ...p.http.map((h) => bounded(`http:${h.name}`, 'http', () => httpProbes(h, resolver, timeout, p.tls_warn_days))),
    ...(p.service ? [bounded('service', 'service', () => serviceProbe(p.service!, timeout))] : []),
  ];
  const logScan = scanLogs({
    logs: config.logs, since: opts.window.since, now: opts.now, timeZone: config.store.timezone, deadline: budget, root: path.dirname(config.configFile),
    signatures: loadSignatures(config.log_signatures, opts.configFlag ?? config.configFile),
  });
  const [probes, logs] = await Promise.all([Promise.all(tasks).then((l) => l.flat()), logScan]);
  const findings = mergeFindings([...logs.findings, ...probes.filter((r) => r.problem).map((r) => probeFinding(r, opts.now))])
    .sort((a, b) => statusRank(b.severity) - statusRank(a.severity) || (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity));
  const goodBackup = probes.some((r) => r.name === 'backup:newest' && (r.status === 'ok' || r.status === 'warning'));
  const causes = correlate(findings, { now: opts.now, timeZone: config.store.timezone, goodBackup });
  const status = worst([...probes.map((r) => r.status), ...findings.map((f) => f.severity)]);
  return {
    status, exit_code: MONITORING_EXIT[status], now: opts.now, since: opts.window.since, window: opts.window, duration_ms: Date.now() - started,
    causes, findings, probes, logs: logs.files,
  };
}
