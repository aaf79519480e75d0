// What backups exist, per destination, newest first, joined with what the ledger knows about
// them. Anything odd is said, not hidden: an archive without its sidecar (an interrupted or
// incomplete write), a sidecar without its archive, a size that does not match the sidecar.
import type { StoreConfig } from '../core/config/load.js';
import { describeCause } from '../core/errors.js';
import type { Destination, StoredFile } from './destination.js';
import { verificationsByBackup, verifiedState } from './ledger.js';
import { FORMAT, type Sidecar } from './manifest.js';
import { parseArchiveName, parseSidecarName, type Codec } from './naming.js';
import { destinationsOf } from './run.js';

export interface CatalogEntry {
  destination: string;
  location: string;
  base: string;
  id: string;
  store: string;
  created: Date;
  codec: Codec | undefined;
  archive: StoredFile | undefined;
  sidecar: Sidecar | undefined;
  problems: string[];
  verified: ReturnType<typeof verifiedState>;
  /** Complete (archive and matching sidecar) and not known to be bad: a candidate for restore. */
  good: boolean;
}

export interface DestinationCatalog {
  name: string;
  location: string;
  entries: CatalogEntry[];
  error: string | undefined;
}

function readSidecar(text: string): Sidecar {
  const s = JSON.parse(text) as Sidecar;
  if (s.format !== FORMAT || typeof s.size !== 'number' || typeof s.sha256 !== 'string') throw new Error('not a store-ops sidecar');
  return s;
}

export async function catalogDestination(d: Destination, ledger: ReturnType<typeof verificationsByBackup>): Promise<CatalogEntry[]> {
  const files = await d.list();
  const byBase = new Map<string, CatalogEntry>();
  const entry = (base: string, id: string, store: string, created: Date): CatalogEntry => {
    let e = byBase.get(base);
    if (!e) {
      e = { destination: d.name, location: d.location, base, id, store, created, codec: undefined, archive: undefined, sidecar: undefined, problems: [], verified: verifiedState(undefined), good: false };
      byBase.set(base, e);
    }
    return e;
  };
  for (const f of files) {
    const a = parseArchiveName(f.name);
    if (a) {
      const e = entry(a.base, a.id, a.store, a.created);
      e.archive = f;
      e.codec = a.codec;
      continue;
    }
    const s = parseSidecarName(f.name);
    if (s) {
      const e = entry(s.base, s.id, s.store, s.created);
      try {
        e.sidecar = readSidecar(await d.readText(f.name));
      } catch (err) {
        e.problems.push(`unreadable sidecar ${f.name}: ${describeCause(err)}`);
      }
    }
  }
  for (const e of byBase.values()) {
    if (e.archive && !e.sidecar && e.problems.length === 0) e.problems.push('no sidecar: the write did not finish, or the sidecar was deleted');
    if (!e.archive && e.sidecar) e.problems.push(`the archive ${e.sidecar.file} is missing`);
    if (e.archive && e.sidecar) {
      if (e.sidecar.file !== e.archive.name) e.problems.push(`the sidecar names ${e.sidecar.file}, not ${e.archive.name}`);
      if (e.sidecar.size !== e.archive.size) e.problems.push(`size mismatch: the sidecar says ${e.sidecar.size} bytes, the archive has ${e.archive.size}`);
    }
    e.verified = verifiedState(ledger.get(`${d.name}/${e.base}`));
    e.good = e.problems.length === 0 && e.archive !== undefined && e.sidecar !== undefined && e.verified.level !== 'failed';
  }
  return [...byBase.values()].sort((a, b) => b.created.getTime() - a.created.getTime() || b.base.localeCompare(a.base));
}

export async function catalog(config: StoreConfig): Promise<DestinationCatalog[]> {
  const ledger = verificationsByBackup(config.state_dir);
  const out: DestinationCatalog[] = [];
  for (const d of destinationsOf(config)) {
    try {
      out.push({ name: d.name, location: d.location, entries: await catalogDestination(d, ledger), error: undefined });
    } catch (err) {
      out.push({ name: d.name, location: d.location, entries: [], error: describeCause(err) });
    }
  }
  return out;
}

/** Finds one backup by its short id, its base name or its archive file name. */
export function findEntry(entries: readonly CatalogEntry[], wanted: string): CatalogEntry | undefined {
  const w = wanted.replace(/\.json$/, '').replace(/\.tar\.(gz|zst)\.age$/, '');
  return entries.find((e) => e.id === w || e.base === w);
}
