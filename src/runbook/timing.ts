// How long each stage took against its target, from the event timeline. Time between two events
// belongs to the stage of the earlier one, so a walk that goes back to an earlier stage (a test
// failed, back to emergency handling) adds to that stage instead of being lost.
import { parseTarget } from './duration.js';
import type { IncidentEvent } from './machine.js';
import type { Runbook, StageId } from './schema.js';

export interface StageTime {
  stage: StageId;
  /** 1-based, among the runbook's stages. */
  index: number;
  target: string;
  target_ms: number;
  started_at: string | null;
  /** When the stage was last left; null while the walk is still in it, or if never reached. */
  ended_at: string | null;
  elapsed_ms: number;
  over_target: boolean;
}

export function stageTimes(rb: Runbook, events: readonly IncidentEvent[], until: Date, currentStage: StageId | undefined): StageTime[] {
  const spent = new Map<StageId, { first: string; last: string; ms: number }>();
  events.forEach((e, i) => {
    const end = events[i + 1]?.at ?? until.toISOString();
    const ms = Math.max(0, Date.parse(end) - Date.parse(e.at));
    const s = spent.get(e.stage);
    if (s) [s.last, s.ms] = [end, s.ms + ms];
    else spent.set(e.stage, { first: e.at, last: end, ms });
  });
  return rb.stages.map((st, i) => {
    const s = spent.get(st.stage);
    const target = parseTarget(st.target);
    return {
      stage: st.stage,
      index: i + 1,
      target: st.target,
      target_ms: target.max_ms,
      started_at: s?.first ?? null,
      ended_at: s && st.stage !== currentStage ? s.last : null,
      elapsed_ms: s?.ms ?? 0,
      over_target: (s?.ms ?? 0) > target.max_ms,
    };
  });
}
