// When a log line was written, from the stamps stores' logs use: ISO 8601 and its cousins
// ("2026-11-21 14:02:11,123", "2026/11/21 14:02:11"), syslog ("Nov 21 14:02:11", no year),
// web servers ("[21/Nov/2026:14:02:11 +0800]"), Chinese dates ("2026年11月21日 14:02:11") and bash
// history ("#1763704931" above the command). A stamp without an offset is store time.
import { fromLocal } from '../store-time.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO = /(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\s?(Z|[+-]\d\d:?\d\d)?/;
const SYSLOG = /^(?:<\d+>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)/;
const CLF = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-]\d{4})\]/;
const CHINESE = /(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d\d):(\d\d)/;
const EPOCH = /^#(\d{9,10})$/;

export interface TimeContext {
  timeZone: string;
  /** The reference moment: a syslog stamp more than a day after it belongs to the year before. */
  now: number;
}

function offsetMs(text: string): number {
  if (text === 'Z') return 0;
  const digits = text.replace(':', '');
  const sign = digits[0] === '-' ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
}

const num = Number;

/** Epoch ms of the line's stamp, or undefined when it has none (a stack trace, a wrapped line). */
export function lineTime(line: string, ctx: TimeContext): number | undefined {
  const head = line.length > 80 ? line.slice(0, 80) : line;
  let m = ISO.exec(head);
  if (m) {
    const ms = m[7] ? num(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    if (m[8]) return Date.UTC(num(m[1]), num(m[2]) - 1, num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms) - offsetMs(m[8]);
    return fromLocal(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms, ctx.timeZone);
  }
  m = SYSLOG.exec(head);
  if (m) {
    const month = MONTHS.indexOf(m[1]!) + 1;
    if (month === 0) return undefined;
    const year = new Date(ctx.now).getUTCFullYear();
    const at = fromLocal(year, month, num(m[2]), num(m[3]), num(m[4]), num(m[5]), 0, ctx.timeZone);
    return at > ctx.now + 86_400_000 ? fromLocal(year - 1, month, num(m[2]), num(m[3]), num(m[4]), num(m[5]), 0, ctx.timeZone) : at;
  }
  m = CLF.exec(head);
  if (m) {
    const month = MONTHS.indexOf(m[2]!) + 1;
    if (month === 0) return undefined;
    return Date.UTC(num(m[3]), month - 1, num(m[1]), num(m[4]), num(m[5]), num(m[6])) - offsetMs(m[7]!);
  }
  m = CHINESE.exec(head);
  if (m) return fromLocal(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), 0, ctx.timeZone);
  m = EPOCH.exec(head);
  if (m) return num(m[1]) * 1000;
  return undefined;
}
