// The probable causes: findings ordered in time and matched against the correlation rules
// (causes.yaml). A fired rule names the cause class and its runbook; the findings no rule
// explains are grouped by the runbook they point at, each group one more candidate cause.
// Confidence is a ranking aid, not a probability: rules above groups, closer in time above
// further, critical above warning.
import { READING_FINDINGS } from './logs/source-findings.js';
import { loadRules, type Rule } from './rules.js';
import { isoInZone } from './store-time.js';
import type { Cause, CauseClass, Finding, RunbookId, Status } from './types.js';
import { statusRank } from './types.js';
import { bilingual } from './phrase.js';

const HOUR = 3_600_000;

export interface CorrelateOptions {
  now: number;
  timeZone: string;
  /** Whether a good backup exists: decides between restoring and salvaging after corruption. */
  goodBackup: boolean;
}

interface Fired {
  rule: Rule;
  causes: Finding[];
  /** Effect id → the gap from the nearest earlier cause. */
  effects: Map<string, number>;
  at: number;
}

const timesOf = (f: Finding, now: number) => (f.times.length > 0 ? f.times : f.source === 'probe' ? [now] : []);

/** The smallest gap from a cause time to a later effect time, within the window. */
function nearestGap(causeTimes: number[], effectTimes: number[], window: number): number | undefined {
  let best: number | undefined;
  for (const t of effectTimes) {
    let lo = 0;
    let hi = causeTimes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (causeTimes[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) continue;
    const gap = t - causeTimes[found]!;
    if (gap <= window && (best === undefined || gap < best)) best = gap;
  }
  return best;
}

function fire(rule: Rule, byId: Map<string, Finding>, now: number): Fired | undefined {
  const causes = rule.causes.map((id) => byId.get(id)).filter((f): f is Finding => f !== undefined);
  const causeTimes = causes.flatMap((f) => timesOf(f, now)).sort((a, b) => a - b);
  if (causeTimes.length === 0) return undefined;
  const effects = new Map<string, number>();
  for (const id of rule.effects) {
    const f = byId.get(id);
    if (!f || rule.causes.includes(id)) continue;
    const gap = nearestGap(causeTimes, [...timesOf(f, now)].sort((a, b) => a - b), rule.within_hours * HOUR);
    if (gap !== undefined) effects.set(id, gap);
  }
  return effects.size > 0 ? { rule, causes, effects, at: causeTimes[0]! } : undefined;
}

function gapText(ms: number): { en: string; zh: string } {
  const min = Math.round(ms / 60_000);
  if (min < 90) return { en: `${min} min`, zh: `${min} 分钟` };
  const h = (ms / HOUR).toFixed(1);
  return { en: `${h} h`, zh: `${h} 小时` };
}

const clock = (ms: number, tz: string) => isoInZone(ms, tz).slice(5, 16).replace('T', ' ');

function followUps(first: RunbookId | null, findings: Finding[], goodBackup: boolean): RunbookId[] {
  const out: RunbookId[] = first ? [first] : [];
  for (const f of [...findings].sort((a, b) => (a.first_seen ?? Infinity) - (b.first_seen ?? Infinity))) {
    if (f.runbook && !out.includes(f.runbook) && statusRank(f.severity) >= statusRank('warning')) out.push(f.runbook);
  }
  if (out.includes('db-corruption')) out.push(goodBackup ? 'restore-from-backup' : 'data-loss-no-backup');
  return [...new Set(out)];
}

export function correlate(findings: readonly Finding[], opts: CorrelateOptions): Cause[] {
  const problems = findings.filter((f) => (f.severity === 'warning' || f.severity === 'critical') && !READING_FINDINGS.has(f.id));
  const byId = new Map(problems.map((f) => [f.id, f]));
  const fired = loadRules().map((r) => fire(r, byId, opts.now)).filter((f): f is Fired => f !== undefined);
  // A rule whose every cause another rule already explains (fsck after the UPS shut down) adds nothing.
  const kept = fired.filter((f) => !f.causes.every((c) => fired.some((o) => o !== f && o.effects.has(c.id))));
  const causes: Cause[] = kept.map((f) => {
    const gaps = [...f.effects.values()];
    const minGap = Math.min(...gaps);
    let confidence = f.rule.confidence * (1 - (0.3 * minGap) / (f.rule.within_hours * HOUR)) + 0.02 * (f.effects.size - 1);
    // Another rule's cause came closer before one of these effects: that rule explains it better.
    const beaten = [...f.effects].some(([id, gap]) => kept.some((o) => o !== f && (o.effects.get(id) ?? Infinity) < gap));
    if (beaten) confidence *= 0.75;
    const involved = [...f.causes, ...[...f.effects.keys()].map((id) => byId.get(id)!)];
    const at = clock(f.at, opts.timeZone);
    const gap = gapText(minGap);
    return {
      rule: f.rule.id, class: f.rule.class, confidence: Math.min(0.97, Math.round(confidence * 100) / 100),
      summary: { en: f.rule.summary.en.replace('{at}', at).replace('{gap}', gap.en), zh: f.rule.summary.zh.replace('{at}', at).replace('{gap}', gap.zh) },
      runbook: f.rule.runbook, runbooks: followUps(f.rule.runbook, involved, opts.goodBackup), command: null,
      findings: involved.map((x) => x.id), at: f.at,
    };
  });
  const explained = new Set(causes.flatMap((c) => c.findings));
  causes.sort((a, b) => b.confidence - a.confidence);
  return [...causes, ...groups(problems.filter((f) => !explained.has(f.id)), opts)];
}

/** Findings no rule explains, one cause per runbook or command (or per class when they name neither). */
function groups(rest: Finding[], opts: CorrelateOptions): Cause[] {
  const by = new Map<string, Finding[]>();
  for (const f of rest) {
    const key = f.runbook ?? (f.command ? `command:${f.command}` : `class:${f.class}`);
    by.set(key, [...(by.get(key) ?? []), f]);
  }
  const out: Cause[] = [];
  for (const list of by.values()) {
    list.sort((a, b) => statusRank(b.severity) - statusRank(a.severity) || b.count - a.count);
    const lead = list[0]!;
    const worst: Status = lead.severity;
    const confidence = Math.min(0.7, (worst === 'critical' ? 0.6 : 0.45) + 0.05 * (list.length - 1));
    const title = bilingual(lead.title);
    const more = list.length - 1;
    const times = list.flatMap((f) => f.times);
    const cls: CauseClass = lead.class;
    out.push({
      rule: `group:${lead.runbook ?? lead.class}`, class: cls, confidence: Math.round(confidence * 100) / 100,
      summary: {
        en: more > 0 ? `${title.en} (and ${more} related finding${more > 1 ? 's' : ''})` : title.en,
        zh: more > 0 ? `${title.zh}（另有 ${more} 项相关发现）` : title.zh,
      },
      runbook: lead.runbook, runbooks: followUps(lead.runbook, list, opts.goodBackup), command: lead.runbook ? null : lead.command ?? null,
      findings: list.map((f) => f.id), at: times.length ? Math.min(...times) : null,
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}
