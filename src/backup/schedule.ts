// When and how store-ops runs unattended: a nightly backup (then prune) outside the store's
// opening hours, and a weekly restore drill when this machine holds a key that can decrypt.
// Times are chosen on the store's clock and written on the machine's, which cron reads (see
// cron-time.ts). Every crontab line carries absolute paths (cron's PATH and cwd are not the
// user's) and ends in a marker comment, so an installed line is found again even after someone
// edited its time. Pure apart from launcherPath(): paths, zones and the clock come in as arguments.
import path from 'node:path';
import { installPath } from '../core/install-paths.js';
import { shellQuote } from '../core/pasteable.js';
import { cronTimeFields, machinePeriods, machineWeekday, type MachinePeriod } from './cron-time.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type ChosenBy = 'after_closing' | 'fallback_0300' | 'at_flag';
export type Job = 'backup-run' | 'backup-drill';

const DAY_MINUTES = 24 * 60;
const AFTER_CLOSING = 90;
const FALLBACK = 3 * 60;
const DRILL_DELAY = 60;

/** bin/store-ops.js of this installation. */
export function launcherPath(): string {
  return installPath('bin', 'store-ops.js');
}

/** Minutes after midnight for "HH:MM", or undefined when it is not such a time. */
export function parseClock(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function formatClock(minutes: number): string {
  const m = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Hours such as "22:00-06:00" wrap past midnight; equal ends mean open around the clock. */
export function insideOpeningHours(hours: string, minute: number): boolean {
  const [open, close] = hours.split('-').map((h) => parseClock(h) ?? 0) as [number, number];
  if (open === close) return true;
  return open < close ? minute >= open && minute < close : minute >= open || minute < close;
}

export function chooseNightlyTime(hours: string, at?: number): { minute: number; chosenBy: ChosenBy } {
  if (at !== undefined) return { minute: at, chosenBy: 'at_flag' };
  const close = parseClock(hours.split('-')[1] ?? '') ?? 0;
  const afterClosing = (close + AFTER_CLOSING) % DAY_MINUTES;
  return insideOpeningHours(hours, afterClosing)
    ? { minute: FALLBACK, chosenBy: 'fallback_0300' }
    : { minute: afterClosing, chosenBy: 'after_closing' };
}

export interface ScheduleInput {
  storeId: string;
  openingHours: string;
  configFile: string;
  stateDir: string;
  /** backup.identity is set: without a private key here, a drill cannot decrypt anything. */
  hasIdentity: boolean;
  node: string;
  launcher: string;
  at?: number;
  drillDay: Weekday;
  storeZone: string;
  /** The zone cron reads the lines in: this machine's. */
  machineZone: string;
  now: number;
}

export interface CronEntry {
  job: Job;
  marker: string;
  /** Everything after the five time fields, as it appears in the line. */
  command: string;
  line: string;
}

/** From a store-local date on, the store time falls on this machine time (and weekday, for the drill). */
export interface MachineTime {
  from: string;
  time: string;
  day?: Weekday;
}

export interface Schedule {
  nightly: { time: string; chosen_by: ChosenBy; inside_opening_hours: boolean; machine_times: MachineTime[] };
  drill: { day: Weekday; time: string; machine_times: MachineTime[] } | null;
  machine_zone: string;
  log_file: string;
  entries: CronEntry[];
}

export const markerFor = (storeId: string, job: Job) => `# store-ops ${storeId} ${job}`;

export const logFileFor = (stateDir: string) => path.join(stateDir, 'logs', 'backup.log');

/** The argv of one store-ops invocation; global options first so every version parses them. */
export function argvFor(input: Pick<ScheduleInput, 'node' | 'launcher' | 'configFile'>, words: string[]): string[] {
  return [input.node, input.launcher, '--config', input.configFile, ...words];
}

// cron turns an unescaped % into a newline before the shell sees the command.
const cronEscape = (command: string) => command.replace(/%/g, '\\%');

/** A job at a store time (every day, or on one weekday), written on the machine's clock. */
function cronLine(input: ScheduleInput, job: Job, storeMinute: number, storeWeekday: number | undefined, command: string) {
  const periods = machinePeriods(storeMinute, input.storeZone, input.machineZone, input.now);
  const f = cronTimeFields(periods, storeMinute, input.storeZone, storeWeekday);
  const marker = markerFor(input.storeId, job);
  const escaped = cronEscape(f.guard ? `${f.guard} && ${command}` : command);
  const entry: CronEntry = { job, marker, command: escaped, line: `${f.minute} ${f.hour} * * ${f.weekday} ${escaped} ${marker}` };
  const times = periods.map((p: MachinePeriod): MachineTime => ({
    from: p.from, time: formatClock(p.minute), ...(storeWeekday === undefined ? {} : { day: WEEKDAYS[machineWeekday(storeWeekday, p)]! }),
  }));
  return { entry, times };
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const { minute, chosenBy } = chooseNightlyTime(input.openingHours, input.at);
  const log = shellQuote(logFileFor(input.stateDir));
  const logged = (words: string[]) => `${argvFor(input, words).map(shellQuote).join(' ')} >> ${log} 2>&1`;
  // Prune only after a backup that succeeded: a failing night must not thin out the good ones.
  const nightly = cronLine(input, 'backup-run', minute, undefined, `${logged(['backup', 'run'])} && ${logged(['backup', 'prune'])}`);
  const entries = [nightly.entry];
  let drill: Schedule['drill'] = null;
  if (input.hasIdentity) {
    const drillMinute = (minute + DRILL_DELAY) % DAY_MINUTES;
    const line = cronLine(input, 'backup-drill', drillMinute, WEEKDAYS.indexOf(input.drillDay), logged(['backup', 'verify', '--latest', '--drill']));
    drill = { day: input.drillDay, time: formatClock(drillMinute), machine_times: line.times };
    entries.push(line.entry);
  }
  return {
    nightly: { time: formatClock(minute), chosen_by: chosenBy, inside_opening_hours: insideOpeningHours(input.openingHours, minute), machine_times: nightly.times },
    drill,
    machine_zone: input.machineZone,
    log_file: logFileFor(input.stateDir),
    entries,
  };
}
