// The newest usable backup in one destination without reading every sidecar there: the listing
// says which backups exist and when (by name); the catalog then judges them one at a time, newest
// first, until one passes. HQ asks this of every store in a bucket, and each store of its own
// bucket after every run, so the cost is a listing and usually two small reads, not two per backup.
import { catalogDestination, type CatalogEntry, type ListedDestination } from './catalog.js';
import type { StoredFile } from './destination.js';
import type { verificationsByBackup } from './ledger.js';
import { parseArchiveName, parseSidecarName } from './naming.js';
import type { TrustedSigner } from '../signing/trust.js';

const baseOf = (name: string) => parseArchiveName(name)?.base ?? parseSidecarName(name)?.base ?? (name.endsWith('.json.minisig') ? parseSidecarName(name.slice(0, -'.minisig'.length))?.base : undefined);

/**
 * The newest entry that `accept` takes, with the listing it came from. Backups of another store
 * found in the folder are never taken.
 */
export async function newestEntry(
  d: ListedDestination,
  storeId: string,
  ledger: ReturnType<typeof verificationsByBackup>,
  signers: readonly TrustedSigner[],
  accept: (e: CatalogEntry) => boolean,
  now = new Date(),
): Promise<{ entry: CatalogEntry | undefined; files: StoredFile[] }> {
  const files = await d.list();
  const byBase = new Map<string, StoredFile[]>();
  for (const f of files) {
    const base = baseOf(f.name);
    if (base) byBase.set(base, [...(byBase.get(base) ?? []), f]);
  }
  // The stamp in a base name sorts as its time; the id breaks ties the way the catalog does.
  const bases = [...byBase.keys()].filter((b) => b.startsWith(`${storeId}_`)).sort().reverse();
  for (const base of bases) {
    const only: ListedDestination = { name: d.name, location: d.location, list: async () => byBase.get(base)!, readText: (n) => d.readText(n) };
    const [entry] = await catalogDestination(only, ledger, signers, now);
    if (entry && accept(entry)) return { entry, files };
  }
  return { entry: undefined, files };
}
