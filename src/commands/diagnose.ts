// store-ops diagnose: what is wrong, how sure we are, and which runbook to open. Parses the
// window (--since, --now) and the output (--format, --out), runs the core, renders text, JSON
// or Prometheus metrics. The exit code is the monitoring verdict: 0 OK … 3 UNKNOWN.
import { diagnose } from '../checks/diagnose.js';
import { logWindow } from '../checks/recovery.js';
import type { Context } from '../core/context.js';
import { writeFileAtomic } from '../core/atomic.js';
import { describeCause, failure, usageError } from '../core/errors.js';
import { checkOutput } from '../core/output-guard.js';
import { parseStoreTime } from '../restore/choose.js';
import { diagnosisJson } from '../ui/diagnose/json.js';
import { renderPrometheus } from '../ui/diagnose/prometheus.js';
import { renderText } from '../ui/diagnose/text.js';
import { withProgress } from '../ui/progress.js';
import { storeClock } from '../ui/backup-entry.js';
import { isStoreOpsReport } from '../ui/report-signatures.js';
import { hqStatusWarnings } from '../ui/hq-status-warnings.js';
import { recordDiagnose } from '../status/diagnose-record.js';
import { publishStatus } from '../status/publish.js';
import type { CommandResult } from './types.js';

const DIAGNOSE_PUBLISH_MS = 5000;

interface Options {
  format?: 'text' | 'json' | 'prometheus';
  since?: string;
  now?: string;
  deep?: boolean;
  out?: string;
  force?: boolean;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A duration back from `now` ("90m", "24h", "2d") or a moment in the store's zone. */
export function parseSince(text: string, now: number, timeZone: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (m) return now - Number(m[1]) * UNIT_MS[m[2]!]!;
  return parseStoreTime(text, timeZone)?.getTime();
}

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const format = options.format ?? (ctx.json ? 'json' : 'text');
  if (ctx.json && format !== 'json') throw usageError('diagnose.formatConflict', { format }, { key: 'hint.diagnoseFormat' });
  if (options.out && format !== 'prometheus') throw usageError('diagnose.outNeedsPrometheus', {}, { key: 'hint.diagnoseOut' });
  const config = ctx.config();
  const out = options.out === undefined ? undefined
    : checkOutput(config, { given: options.out, cwd: ctx.io.cwd, force: Boolean(options.force), command: 'diagnose --format prometheus', suggest: 'store_ops_diagnose.prom', isOwnReport: isStoreOpsReport });
  const tz = config.store.timezone;
  const now = options.now === undefined ? Date.now() : parseStoreTime(options.now, tz)?.getTime();
  if (now === undefined) throw usageError('diagnose.badNow', { value: options.now! }, { key: 'hint.diagnoseSince' });
  const given = options.since === undefined ? undefined : parseSince(options.since, now, tz);
  if (options.since !== undefined && given === undefined) throw usageError('diagnose.badSince', { value: options.since }, { key: 'hint.diagnoseSince' });
  if (given !== undefined && given > now) throw usageError('diagnose.sinceAfterNow', { since: options.since!, now: storeClock(now, tz) }, { key: 'hint.diagnoseSince' });
  const window = logWindow(config.state_dir, now, given);

  // The verdict comes straight after the progress: the finished task's line is cleared, not left above it.
  const result = await withProgress(ctx, ctx.t('cmd.diagnose'), () => diagnose({ config, now, window, deep: Boolean(options.deep), configFlag: ctx.configFlag }), { clearWhenDone: true });
  const top = result.causes[0];
  const warnings: string[] = [];
  // The verdict is what a monitor waits for: failing to keep a record of it is said, not fatal.
  try {
    recordDiagnose(config.state_dir, {
      checked_at: new Date(result.now).toISOString(), status: result.status, exit_code: result.exit_code,
      cause_class: top?.class ?? null, runbook: top?.runbook ?? result.findings.find((f) => f.runbook)?.runbook ?? null,
    });
  } catch (err) {
    warnings.push(ctx.t('diag.notRecorded', { dir: config.state_dir, problem: describeCause(err) }));
  }
  // diagnose answers in seconds: a bucket that stalls gets a few of them, not its whole timeout.
  warnings.push(...hqStatusWarnings(ctx, await publishStatus(config, 'diagnose', new Date(), DIAGNOSE_PUBLISH_MS)));
  const data = diagnosisJson(result, config, ctx.lang);
  let text: string[];
  if (format === 'json') text = [JSON.stringify(data, null, 2)];
  else if (format === 'prometheus') {
    const metrics = renderPrometheus(result, config.store.id);
    if (out && options.out) {
      try {
        writeFileAtomic(out, metrics);
      } catch (err) {
        throw failure('diagnose.writeFailed', { file: options.out, problem: describeCause(err) });
      }
      text = [renderText(result, config, ctx)[0]!, ctx.t('diag.metricsWritten', { file: options.out })];
    } else text = [metrics.trimEnd()];
  } else text = renderText(result, config, ctx);
  return { data, text, warnings, exitCode: result.exit_code, verdict: result.status };
}
