// What a backup says about itself. The sidecar (unencrypted, beside the archive) lets anyone
// check the archive is whole without a key; the manifest (inside, encrypted) lists every member
// with its SHA-256 and what each database looked like at snapshot time.
import type { Codec } from './naming.js';

export const FORMAT = 'store-ops-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_MEMBER = 'manifest.json';

export interface Sidecar {
  format: typeof FORMAT;
  format_version: number;
  id: string;
  store: string;
  created: string;
  file: string;
  codec: Codec;
  size: number;
  sha256: string;
  recipients: string[];
  tool_version: string;
}

export interface DatabaseFacts {
  name: string;
  member: string;
  source_path: string;
  schema_hash: string;
  schema_version: number;
  page_size: number;
  page_count: number;
  journal_mode: string;
  /**
   * SQLite's full check of the snapshot, run at backup time: "ok", or its first problems. A
   * restore of a signed backup relies on it instead of checking every page again.
   */
  integrity_check?: string;
  /** What backups made before the full check at backup time recorded instead. */
  quick_check?: string;
  row_counts: Record<string, number>;
}

export interface ManifestMember {
  name: string;
  size: number;
  sha256: string;
  kind: 'database' | 'file';
  /** Where it came from on the store machine, for restore. */
  source_path: string;
  mode: number;
}

export interface Manifest {
  format: typeof FORMAT;
  format_version: number;
  tool_version: string;
  store: { id: string; name: string };
  id: string;
  created: string;
  snapshot_duration_ms: number;
  members: ManifestMember[];
  databases: DatabaseFacts[];
}
