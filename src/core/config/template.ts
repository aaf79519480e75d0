// Writes a new store-ops.yaml from answers (store-ops init) or from the demo builder: a
// commented document, checked against the same schema every command uses before it is saved.
import path from 'node:path';
import { Document, isMap, isPair, isScalar } from 'yaml';
import { parseConfigText } from './load.js';

export interface InitialConfig {
  store: { id: string; name: string; timezone: string; opening_hours: string };
  databases: Array<{ name: string; path: string }>;
  files?: string[];
  logs?: Array<{ path: string; encoding: 'utf-8' | 'gb18030' }>;
  journals?: string[];
  manual_records?: string[];
  probes?: Record<string, unknown>;
  backup?: {
    recipients: string[];
    identity?: string;
    destinations: Array<{ name: string; type: 'dir'; path: string }>;
    retention?: { daily: number; weekly: number; monthly: number };
    max_age_hours?: number;
    metrics_file?: string;
    signing_key?: string;
  };
  reconcile?: { mapping: string };
  state_dir: string;
}

const SECTION_COMMENTS: Record<string, string> = {
  store: ' The store; its id goes into backup file names.',
  databases: " The store system's SQLite databases (paths are relative to this file).",
  files: ' Extra files and folders that go into every backup.',
  logs: ' Logs that diagnose reads; rotated .gz files are read too.',
  journals: ' Register (POS) journals: one receipt per line.',
  manual_records: ' Paper records typed in during an outage (CSV template).',
  probes: ' Health probes run by diagnose.',
  backup: ' Encrypted backups: public recipients only; the private key lives elsewhere.',
  reconcile: ' How reconcile finds products, movements and sales: builtin, or a mapping file.',
  state_dir: " store-ops' own state: audit log, verification ledger, incidents, quarantine.",
};

export function renderConfig(config: InitialConfig, header: string): string {
  const doc = new Document(config);
  doc.commentBefore = ` ${header}\n See the README's config reference for every key.`;
  if (isMap(doc.contents)) {
    for (const item of doc.contents.items) {
      if (isPair(item) && isScalar(item.key)) {
        const comment = SECTION_COMMENTS[String(item.key.value)];
        if (comment) item.key.commentBefore = comment;
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Renders and validates; the caller writes the text only if this returns. */
export function prepareConfigText(config: InitialConfig, header: string, target: string): string {
  const text = renderConfig(config, header);
  parseConfigText(text, path.basename(target));
  return text;
}
