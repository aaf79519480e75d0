// store-ops backup schedule: prints the crontab lines (or, with --systemd, a unit pair) that run
// the nightly backup and the weekly drill unattended; --install adds the missing lines to the
// user's crontab. Printed text is itself valid crontab (comments and job lines); warnings go to
// stderr so the lines can be pasted as they are.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { mergeCrontab, readCrontab, timeFieldsOf, writeCrontab } from '../backup/crontab.js';
import {
  buildSchedule, launcherPath, parseClock, type MachineTime, type Schedule, type ScheduleInput, type Weekday,
} from '../backup/schedule.js';
import { systemdUnits } from '../backup/systemd-units.js';
import type { StoreConfig } from '../core/config/load.js';
import { defaultOperator, type Context } from '../core/context.js';
import { usageError } from '../core/errors.js';
import { shellQuote } from '../core/pasteable.js';
import { credentialSource } from '../backup/s3/credentials.js';
import type { CommandResult } from './types.js';

interface ScheduleOptions {
  at?: string;
  drillDay: Weekday;
  install?: boolean;
  systemd?: boolean;
}

interface Installed {
  crontab_changed: boolean;
  added: string[];
  already_present: Array<{ line: string; differs: boolean; time_differs: boolean }>;
}

const WHY = { after_closing: 'schedule.whyAfterClosing', fallback_0300: 'schedule.whyFallback', at_flag: 'schedule.whyAt' } as const;

/** Where the store time falls on the machine's clock, and what the line does when that moves. */
function zoneLine(ctx: Context, storeZone: string, machineZone: string, time: string, day: Weekday | undefined, times: MachineTime[]): string {
  const at = (t: { time: string; day?: Weekday }) => (t.day ? ctx.t('schedule.dayTime', { day: ctx.t(`schedule.day.${t.day}`), time: t.time }) : t.time);
  const storeTime = at({ time, day });
  if (times.length === 1) return ctx.t('schedule.zoneFixed', { time: storeTime, store: storeZone, machineTime: at(times[0]!), machine: machineZone });
  const periods = times.map((t) => ctx.t('schedule.zonePeriod', { machineTime: at(t), from: t.from })).join(ctx.t('schedule.zoneJoin'));
  return ctx.t('schedule.zoneChanges', { time: storeTime, store: storeZone, machine: machineZone, periods });
}

function crontabText(ctx: Context, config: StoreConfig, schedule: Schedule): string[] {
  const [nightly, drill] = schedule.entries;
  const zone = config.store.timezone;
  const text = [
    ctx.t('schedule.header', {
      store: config.store.id, time: schedule.nightly.time, why: ctx.t(WHY[schedule.nightly.chosen_by]),
      hours: config.store.opening_hours, zone, log: schedule.log_file,
    }),
    zoneLine(ctx, zone, schedule.machine_zone, schedule.nightly.time, undefined, schedule.nightly.machine_times),
    nightly!.line,
  ];
  if (schedule.drill && drill) {
    text.push(
      ctx.t('schedule.drillHeader', { day: ctx.t(`schedule.day.${schedule.drill.day}`), time: schedule.drill.time }),
      zoneLine(ctx, zone, schedule.machine_zone, schedule.drill.time, schedule.drill.day, schedule.drill.machine_times),
      drill.line,
    );
  } else {
    text.push(ctx.t('schedule.noDrill'));
  }
  return text;
}

function install(ctx: Context, config: StoreConfig, schedule: Schedule, warnings: string[]): Installed {
  ctx.audit.stateDir = config.state_dir;
  const merge = mergeCrontab(readCrontab(ctx.io.env), schedule.entries);
  // The shell refuses a `>>` into a missing folder and then skips the job, so the folder comes first.
  mkdirSync(path.dirname(schedule.log_file), { recursive: true });
  if (merge.added.length > 0) writeCrontab(merge.text, ctx.io.env);
  for (const p of merge.present.filter((p) => p.differs)) warnings.push(ctx.t('schedule.warnDiffers', { marker: p.entry.marker }));
  for (const p of merge.present.filter((p) => p.timeDiffers)) {
    warnings.push(ctx.t('schedule.warnTimeDiffers', { marker: p.entry.marker, fields: timeFieldsOf(p.line), wanted: timeFieldsOf(p.entry.line) }));
  }
  ctx.audit.details = {
    added: merge.added.map((e) => e.marker),
    already_present: merge.present.map((p) => p.entry.marker),
    log_dir: path.dirname(schedule.log_file),
  };
  return {
    crontab_changed: merge.added.length > 0,
    added: merge.added.map((e) => e.line),
    already_present: merge.present.map((p) => ({ line: p.line, differs: p.differs, time_differs: p.timeDiffers })),
  };
}

function installedText(ctx: Context, installed: Installed): string[] {
  const text = [''];
  if (installed.added.length > 0) text.push(ctx.t('schedule.added'), ...installed.added);
  else text.push(ctx.t('schedule.nothingAdded'));
  if (installed.already_present.length > 0) text.push(ctx.t('schedule.present'), ...installed.already_present.map((p) => p.line));
  return text;
}

/**
 * cron and systemd start the nightly job with an almost empty environment: bucket credentials
 * exported in this shell do not reach it, and a profile other than "default" must be named there.
 */
function bucketCredentialWarnings(ctx: Context, config: StoreConfig): string[] {
  const buckets = (config.backup?.destinations ?? []).filter((d) => d.type === 's3').map((d) => d.name);
  if (buckets.length === 0) return [];
  const source = credentialSource(ctx.io.env);
  const names = buckets.join(', ');
  if (source.kind === 'environment' || source.kind === 'instance') return [ctx.t('schedule.warnBucketCredentials', { names })];
  if (source.kind === 'profile' && source.profile !== 'default') return [ctx.t('schedule.warnBucketProfile', { names, profile: source.profile ?? '' })];
  return [];
}

/**
 * cron reads times in the zone the daemon runs in; the process's zone is the best guess at it.
 * A TZ that names no zone leaves nothing to convert to, so it is refused rather than guessed.
 */
function machineZone(ctx: Context): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  try {
    if (zone) {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return zone;
    }
  } catch {
    // Falls through to the refusal: ICU knows the name it returned as unknown ("Etc/Unknown").
  }
  throw usageError('schedule.machineZone', { tz: ctx.io.env.TZ ?? '' }, { key: 'hint.machineZone' });
}

export async function run(_args: string[], options: ScheduleOptions, ctx: Context): Promise<CommandResult> {
  if (options.systemd && options.install) throw usageError('schedule.systemdInstall', {}, { key: 'hint.scheduleSystemd' });
  const at = options.at === undefined ? undefined : parseClock(options.at);
  if (options.at !== undefined && at === undefined) throw usageError('schedule.badAt', { value: options.at }, { key: 'hint.scheduleAt' });
  const config = ctx.config();
  const input: ScheduleInput = {
    storeId: config.store.id, openingHours: config.store.opening_hours, configFile: config.configFile,
    stateDir: config.state_dir, hasIdentity: Boolean(config.backup?.identity),
    node: process.execPath, launcher: launcherPath(), at, drillDay: options.drillDay,
    storeZone: config.store.timezone, machineZone: machineZone(ctx), now: Date.now(),
  };
  const schedule = buildSchedule(input);
  const warnings: string[] = [...bucketCredentialWarnings(ctx, config)];
  if (schedule.nightly.inside_opening_hours) {
    warnings.push(ctx.t('schedule.warnInsideHours', { time: schedule.nightly.time, hours: config.store.opening_hours }));
  }
  const base = {
    store: config.store.id, format: options.systemd ? 'systemd' : 'crontab', nightly: schedule.nightly, drill: schedule.drill,
    store_zone: config.store.timezone, machine_zone: schedule.machine_zone, log_file: schedule.log_file, lines: schedule.entries.map((e) => e.line),
  };

  if (options.systemd) {
    const units = systemdUnits(input, schedule.nightly.time, config.store.timezone, defaultOperator(ctx.io.env));
    return {
      data: { ...base, systemd: units, installed: null },
      text: [units.service, units.timer].flatMap((u) => [ctx.t('schedule.systemdHeader', { file: `/etc/systemd/system/${u.name}` }), u.text])
        .concat(
          ctx.t('schedule.systemdZone', { time: schedule.nightly.time, zone: config.store.timezone, machine: schedule.machine_zone }),
          ctx.t('schedule.systemdNote', { timer: units.timer.name, service: units.service.name }),
        ),
      warnings,
    };
  }

  const installed = options.install ? install(ctx, config, schedule, warnings) : null;
  const logDir = path.dirname(schedule.log_file);
  if (!installed && !existsSync(logDir)) warnings.push(ctx.t('schedule.warnLogDir', { dir: logDir }));
  const text = crontabText(ctx, config, schedule);
  if (installed) text.push(...installedText(ctx, installed));
  else text.push(ctx.t('schedule.installHint', { config: shellQuote(config.configFile) }));
  return { data: { ...base, systemd: null, installed }, text, warnings };
}
