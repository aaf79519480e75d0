// store-ops fleet status: HQ's view of every store in its buckets, worst first, with the exit
// code of a monitoring check (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN) so Nagios or Prometheus can
// alert on it. Read-only: it needs list and get on the bucket, and no store database.
import type { Context } from '../core/context.js';
import { StoreOpsError, usageError } from '../core/errors.js';
import { judgeFleet, type FleetReport } from '../fleet/judge.js';
import { scanDestination, type StoreSeen } from '../fleet/scan.js';
import { fleetSetup } from '../fleet/setup.js';
import { renderFleetPrometheus } from '../ui/fleet/prometheus.js';
import { fleetJson, fleetText } from '../ui/fleet/view.js';
import { withProgress } from '../ui/progress.js';
import type { CommandResult } from './types.js';

interface Options {
  destination?: string;
  format?: 'text' | 'json' | 'prometheus';
}

export async function run(_args: string[], options: Options, ctx: Context): Promise<CommandResult> {
  const format = options.format ?? (ctx.json ? 'json' : 'text');
  if (ctx.json && format !== 'json') throw usageError('diagnose.formatConflict', { format }, { key: 'hint.diagnoseFormat' });
  const setup = fleetSetup(ctx.anyConfig(), options.destination);
  const now = new Date();
  const seen: StoreSeen[] = [];
  const errors: FleetReport['errors'] = [];
  await withProgress(ctx, ctx.t('cmd.fleetStatus'), async () => {
    for (const d of setup.destinations) {
      try {
        seen.push(...(await scanDestination(d, setup.signers, setup.binding, now)));
      } catch (err) {
        if (!(err instanceof StoreOpsError)) throw err;
        errors.push({ destination: d.name, error: { key: err.key, params: err.params } });
      }
    }
  });
  const report = judgeFleet(seen, errors, setup, now.getTime());
  const data = fleetJson(ctx, report);
  const text = format === 'json' ? [JSON.stringify(data, null, 2)] : format === 'prometheus' ? [renderFleetPrometheus(report).trimEnd()] : fleetText(ctx, report);
  return { data, text, exitCode: report.exit_code, verdict: report.status };
}
