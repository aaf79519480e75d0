// Incidents and their step events in the state database. An incident keeps the runbook exactly
// as it was when it was opened, so a resume after an upgrade or an edit still finds its steps.
// Every event is committed (WAL, synchronous=FULL) before the walk shows the next step, and is
// also written to the audit log.
import type Database from 'better-sqlite3';
import { recordAudit } from '../core/audit.js';
import type { Lang } from '../core/i18n.js';
import { openStateDb } from '../core/state-db.js';
import type { IncidentEvent } from './machine.js';
import type { Runbook } from './schema.js';

export interface Incident {
  id: number;
  runbook: Runbook;
  lang: Lang;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
}

type Row = Record<string, unknown>;

const toIncident = (r: Row): Incident => ({
  id: Number(r.id),
  runbook: JSON.parse(String(r.definition)) as Runbook,
  lang: r.lang === 'zh' ? 'zh' : 'en',
  opened_at: String(r.opened_at),
  opened_by: String(r.opened_by),
  closed_at: r.closed_at === null ? null : String(r.closed_at),
});

const toEvent = (r: Row): IncidentEvent => ({
  at: String(r.at),
  operator: String(r.operator),
  stage: r.stage as IncidentEvent['stage'],
  step: String(r.step),
  kind: r.kind as IncidentEvent['kind'],
  next: r.next === null ? null : String(r.next),
  data: JSON.parse(String(r.data)) as Record<string, unknown>,
});

export class IncidentStore {
  private constructor(private readonly db: Database.Database, readonly stateDir: string) {}

  static open(stateDir: string): IncidentStore {
    return new IncidentStore(openStateDb(stateDir), stateDir);
  }

  close(): void {
    this.db.close();
  }

  open(runbook: Runbook, lang: Lang, operator: string, at: Date): Incident {
    const info = this.db
      .prepare('INSERT INTO incidents (runbook, definition, lang, opened_at, opened_by) VALUES (?, ?, ?, ?, ?)')
      .run(runbook.id, JSON.stringify(runbook), lang, at.toISOString(), operator);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): Incident | undefined {
    const row = this.db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as Row | undefined;
    return row && toIncident(row);
  }

  list(which: 'open' | 'all'): Incident[] {
    const sql = which === 'open' ? 'SELECT * FROM incidents WHERE closed_at IS NULL ORDER BY id' : 'SELECT * FROM incidents ORDER BY id';
    return (this.db.prepare(sql).all() as Row[]).map(toIncident);
  }

  events(id: number): IncidentEvent[] {
    return (this.db.prepare('SELECT * FROM incident_events WHERE incident = ? ORDER BY id').all(id) as Row[]).map(toEvent);
  }

  /** Persists one event (closing the incident on "finished") and writes its audit row. */
  append(incident: Incident, e: IncidentEvent): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO incident_events (incident, at, operator, stage, step, kind, next, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(incident.id, e.at, e.operator, e.stage, e.step, e.kind, e.next, JSON.stringify(e.data));
      if (e.kind === 'finished') this.db.prepare('UPDATE incidents SET closed_at = ? WHERE id = ?').run(e.at, incident.id);
    })();
    const failed = e.kind === 'command' && e.data.completed !== true;
    recordAudit(this.stateDir, {
      operator: e.operator,
      command: 'runbook step',
      args: [incident.runbook.id, e.step, e.kind],
      outcome: failed ? 'failed' : 'ok',
      details: { incident: incident.id, runbook: incident.runbook.id, stage: e.stage, step: e.step, event: e.kind, next: e.next, ...auditData(e) },
      at: new Date(e.at),
    });
  }
}

/** The audit row keeps what was decided, not a command's whole JSON output. */
function auditData(e: IncidentEvent): Record<string, unknown> {
  const { output: _output, ...rest } = e.data;
  return rest;
}
