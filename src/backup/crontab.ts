// The user's crontab, read and written only through crontab(1): the spool file's place and
// permissions differ between distributions, and crontab(1) is what tells cron to reload.
// mergeCrontab is pure: it keeps every existing line byte for byte and appends only the entries
// whose marker is not there yet, so installing twice never runs a backup twice a night.
// Between `crontab -l` and `crontab -` another editor could write; that window is accepted.
import { spawnSync } from 'node:child_process';
import { describeCause, failure } from '../core/errors.js';
import type { CronEntry } from './schedule.js';

export interface PresentEntry {
  entry: CronEntry;
  /** The line already in the crontab, as it is there. */
  line: string;
  /** Its command is not the one we would write (another node or config path, or commented out). */
  differs: boolean;
  /** It runs at other times than the ones we would write (edited by hand, or written for another zone). */
  timeDiffers: boolean;
}

export interface CrontabMerge {
  text: string;
  added: CronEntry[];
  present: PresentEntry[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function carriesMarker(line: string, marker: string): boolean {
  return new RegExp(`(^|\\s)${marker.split(' ').map(escapeRe).join('\\s+')}\\s*$`).test(line);
}

/** The schedule fields of a line ("30 15 * * *", "@daily"), whitespace-normalised. */
export function timeFieldsOf(line: string): string {
  const fields = line.trim().split(/\s+/);
  return fields.slice(0, fields[0]?.startsWith('@') ? 1 : 5).join(' ');
}

/** The line without its schedule fields, whitespace-normalised; undefined for a comment. */
function commandOf(line: string): string | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields[0]?.startsWith('#')) return undefined;
  return fields.slice(fields[0]?.startsWith('@') ? 1 : 5).join(' ');
}

export function mergeCrontab(existing: string, entries: CronEntry[]): CrontabMerge {
  const lines = existing.split('\n');
  const added: CronEntry[] = [];
  const present: PresentEntry[] = [];
  for (const entry of entries) {
    const line = lines.find((l) => carriesMarker(l, entry.marker));
    if (line === undefined) {
      added.push(entry);
      continue;
    }
    const wanted = commandOf(entry.line);
    const command = commandOf(line);
    // A commented-out line is reported as different already; its first fields are not times.
    present.push({ entry, line, differs: command !== wanted, timeDiffers: command !== undefined && timeFieldsOf(line) !== timeFieldsOf(entry.line) });
  }
  if (added.length === 0) return { text: existing, added, present };
  const base = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
  // cron ignores a last line without a newline, so every line we add ends with one.
  return { text: `${base}${added.map((e) => `${e.line}\n`).join('')}`, added, present };
}

function crontabError(action: string, result: ReturnType<typeof spawnSync>): Error {
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    return failure('schedule.noCrontab', {}, { key: 'hint.installCron' });
  }
  const problem = result.error ? describeCause(result.error) : String(result.stderr).trim() || `exit status ${result.status}`;
  return failure('schedule.crontabFailed', { action, problem }, { key: 'hint.crontabFailed' });
}

export function readCrontab(env: NodeJS.ProcessEnv): string {
  const result = spawnSync('crontab', ['-l'], { env, encoding: 'utf8' });
  if (!result.error && result.status === 0) return result.stdout;
  // A user who never had a crontab gets exit status 1 and "no crontab for NAME".
  if (!result.error && result.status === 1 && /no crontab for/i.test(result.stderr)) return '';
  throw crontabError('crontab -l', result);
}

export function writeCrontab(text: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync('crontab', ['-'], { env, encoding: 'utf8', input: text });
  if (result.error || result.status !== 0) throw crontabError('crontab -', result);
}
