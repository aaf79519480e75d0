// When and how store-ops runs unattended: a nightly backup (then prune) outside the store's
// opening hours, and a weekly restore drill when this machine holds a key that can decrypt.
// Every crontab line carries absolute paths (cron's PATH and cwd are not the user's) and ends in
// a marker comment, so an installed line is found again even after someone edited its time.
// Pure apart from launcherPath(): paths, times and the clock come in as arguments.
import path from 'node:path';
import { installPath } from '../core/install-paths.js';
import { shellQuote } from '../core/pasteable.js';

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
}

export interface CronEntry {
  job: Job;
  marker: string;
  /** Everything after the five time fields, as it appears in the line. */
  command: string;
  line: string;
}

export interface Schedule {
  nightly: { time: string; chosen_by: ChosenBy; inside_opening_hours: boolean };
  drill: { day: Weekday; time: string } | null;
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

function cronLine(minute: number, weekday: string, job: Job, command: string, storeId: string): CronEntry {
  const marker = markerFor(storeId, job);
  const escaped = cronEscape(command);
  return { job, marker, command: escaped, line: `${minute % 60} ${Math.floor(minute / 60)} * * ${weekday} ${escaped} ${marker}` };
}

export function buildSchedule(input: ScheduleInput): Schedule {
  const { minute, chosenBy } = chooseNightlyTime(input.openingHours, input.at);
  const log = shellQuote(logFileFor(input.stateDir));
  const logged = (words: string[]) => `${argvFor(input, words).map(shellQuote).join(' ')} >> ${log} 2>&1`;
  // Prune only after a backup that succeeded: a failing night must not thin out the good ones.
  const nightly = `${logged(['backup', 'run'])} && ${logged(['backup', 'prune'])}`;
  const entries = [cronLine(minute, '*', 'backup-run', nightly, input.storeId)];
  let drill: Schedule['drill'] = null;
  if (input.hasIdentity) {
    const drillMinute = (minute + DRILL_DELAY) % DAY_MINUTES;
    drill = { day: input.drillDay, time: formatClock(drillMinute) };
    const dow = String(WEEKDAYS.indexOf(input.drillDay));
    entries.push(cronLine(drillMinute, dow, 'backup-drill', logged(['backup', 'verify', '--latest', '--drill']), input.storeId));
  }
  return {
    nightly: { time: formatClock(minute), chosen_by: chosenBy, inside_opening_hours: insideOpeningHours(input.openingHours, minute) },
    drill,
    log_file: logFileFor(input.stateDir),
    entries,
  };
}

/** cron reads times in the machine's zone; say so when it is not the store's (compared by offset now). */
export function zonesDiffer(storeZone: string, machineZone: string, now: Date): boolean {
  const offset = (timeZone: string) =>
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value;
  return offset(storeZone) !== offset(machineZone);
}
