// Where an incident stands, as `runbook status`, `status` and the report show it: its stage and
// step, time spent against the stage's target, whether a command was cut off mid-run.
import type { Lang } from '../core/i18n.js';
import type { Incident } from './incidents.js';
import { flatten, replay, type IncidentEvent } from './machine.js';
import { stageTimes, type StageTime } from './timing.js';

export interface IncidentState {
  id: number;
  runbook: string;
  title: string;
  status: 'open' | 'closed';
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  elapsed_seconds: number;
  stage: { id: string; index: number; count: number; target: string; elapsed_seconds: number; over_target: boolean } | null;
  step: { id: string; title: string; kind: string; index: number; total: number } | null;
  /** A command was running when the process died; resume shows it again. */
  interrupted_command: string[] | null;
  operators: string[];
  stages: StageTime[];
}

export function incidentState(incident: Incident, events: readonly IncidentEvent[], now: Date, lang: Lang): IncidentState {
  const rb = incident.runbook;
  const pos = replay(rb, events);
  const cur = pos.current;
  const until = incident.closed_at ? new Date(incident.closed_at) : now;
  const stages = stageTimes(rb, events, until, incident.closed_at ? undefined : cur?.stage.stage);
  const st = cur ? stages[cur.stageIndex]! : undefined;
  return {
    id: incident.id,
    runbook: rb.id,
    title: rb.title[lang],
    status: incident.closed_at ? 'closed' : 'open',
    opened_at: incident.opened_at,
    opened_by: incident.opened_by,
    closed_at: incident.closed_at,
    elapsed_seconds: Math.round((until.getTime() - Date.parse(incident.opened_at)) / 1000),
    stage: cur && st
      ? { id: st.stage, index: st.index, count: rb.stages.length, target: st.target, elapsed_seconds: Math.round(st.elapsed_ms / 1000), over_target: st.over_target }
      : null,
    step: cur ? { id: cur.step.id, title: cur.step.title[lang], kind: cur.step.kind, index: cur.index + 1, total: flatten(rb).length } : null,
    interrupted_command: pos.interrupted?.argv ?? null,
    operators: [...new Set([incident.opened_by, ...events.map((e) => e.operator)])],
    stages,
  };
}
