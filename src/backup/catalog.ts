// What backups exist, per destination, newest first, joined with what the ledger knows about
// them. Anything odd is said, not hidden: an archive without its sidecar (an interrupted or
// incomplete write), a sidecar without its archive, a size that does not match the sidecar.
// Each entry carries its signature state and whether it is dated in the future: only a complete
// backup signed by a trusted key, and not from the future, is `good` (counted, restored, kept).
import type { StoreConfig } from '../core/config/load.js';
import { describeCause } from '../core/errors.js';
import { checkSignature, signatureName, type Reason, type SignatureCheck } from '../signing/backup-signature.js';
import { trustedSigners, type TrustedSigner } from '../signing/trust.js';
import type { Destination, StoredFile } from './destination.js';
import { verificationsByBackup, verifiedState } from './ledger.js';
import { FORMAT, type Sidecar } from './manifest.js';
import { parseArchiveName, parseSidecarName, type Codec } from './naming.js';
import { destinationsOf } from './destinations.js';

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
  /** The `.minisig` file beside the sidecar, when there is one. */
  signatureFile: string | undefined;
  signature: SignatureCheck;
  /** Dated (by its name or its sidecar) more than FUTURE_TOLERANCE_MS after the moment of listing. */
  future: boolean;
  /** Why it is not trusted (dated in the future, unsigned, untrusted, forged); empty when it is. */
  distrust: Reason[];
  /** Complete (archive and matching sidecar) and not known to be bad, whoever signed it. */
  intact: boolean;
  /** Intact, signed by a trusted key and not from the future: a candidate for restore, counted by prune. */
  good: boolean;
}

/** Clocks drift; a backup a few minutes ahead is a slow clock, a year ahead is an attack on retention. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Signed by a trusted key (or, with --allow-unsigned, not signed at all) and not from the future. */
export function signatureAccepted(e: CatalogEntry, allowUnsigned: boolean): boolean {
  return !e.future && (e.signature.state === 'trusted' || (allowUnsigned && e.signature.state === 'unsigned'));
}

/** Whether a backup may be used: good, or with --allow-unsigned also intact, current and unsigned. */
export function admissible(e: CatalogEntry, allowUnsigned: boolean): boolean {
  return e.intact && signatureAccepted(e, allowUnsigned);
}

export interface DestinationCatalog {
  name: string;
  location: string;
  entries: CatalogEntry[];
  error: string | undefined;
}

const NOT_CHECKED: SignatureCheck = { state: 'unsigned', key_id: null, reason: null };

function readSidecar(text: string): Sidecar {
  const s = JSON.parse(text) as Sidecar;
  if (s.format !== FORMAT || typeof s.size !== 'number' || typeof s.sha256 !== 'string') throw new Error('not a store-ops sidecar');
  return s;
}

/** What a catalog reads of a destination: its listing and small files. */
export type ListedDestination = Pick<Destination, 'name' | 'location' | 'list' | 'readText'>;

const READS_AT_ONCE = 8;
const MAX_SMALL_FILE = 64 * 1024;

/**
 * The small files of a destination (sidecars, signatures), read a few at a time: over a bucket each
 * is a round trip, and a store keeps a few dozen backups. Each name's promise settles on its own.
 */
function readTexts(d: ListedDestination, wanted: readonly string[]): Map<string, Promise<string>> {
  const out = new Map<string, Promise<string>>();
  const settled: Array<Promise<unknown>> = [];
  for (const [i, name] of wanted.entries()) {
    // The read waits for the one READS_AT_ONCE before it; its failure is kept for whoever asks.
    const read = (settled[i - READS_AT_ONCE] ?? Promise.resolve()).then(() => d.readText(name));
    settled.push(read.catch(() => undefined));
    out.set(name, read);
  }
  return out;
}

export async function catalogDestination(
  d: ListedDestination,
  ledger: ReturnType<typeof verificationsByBackup>,
  signers: readonly TrustedSigner[],
  now: Date = new Date(),
): Promise<CatalogEntry[]> {
  const files = await d.list();
  const names = new Set(files.map((f) => f.name));
  // A sidecar or signature is a few hundred bytes; a huge one planted under such a name is not read into memory.
  const oversized = new Set(files.filter((f) => f.size > MAX_SMALL_FILE).map((f) => f.name));
  const small = (n: string) => parseSidecarName(n) ?? (n.endsWith('.minisig') ? parseSidecarName(n.slice(0, -'.minisig'.length)) : undefined);
  const texts = readTexts(d, files.map((f) => f.name).filter((n) => !oversized.has(n) && small(n)));
  const byBase = new Map<string, CatalogEntry>();
  const sidecarTexts = new Map<string, string>();
  const entry = (base: string, id: string, store: string, created: Date): CatalogEntry => {
    let e = byBase.get(base);
    if (!e) {
      e = {
        destination: d.name, location: d.location, base, id, store, created, codec: undefined, archive: undefined, sidecar: undefined, problems: [],
        verified: verifiedState(undefined), signatureFile: undefined, signature: NOT_CHECKED, future: false, distrust: [], intact: false, good: false,
      };
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
        if (oversized.has(f.name)) throw new Error(`${f.size} bytes, far more than a sidecar holds`);
        const text = await texts.get(f.name)!;
        sidecarTexts.set(s.base, text);
        e.sidecar = readSidecar(text);
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
    e.intact = e.problems.length === 0 && e.archive !== undefined && e.sidecar !== undefined && e.verified.level !== 'failed';
    const text = sidecarTexts.get(e.base);
    if (text !== undefined) {
      const sigName = signatureName(e.base);
      e.signatureFile = names.has(sigName) ? sigName : undefined;
      const signatureText = oversized.has(sigName) ? 'unreadable: far larger than a signature' : e.signatureFile ? await texts.get(sigName)!.catch((err: unknown) => `unreadable: ${describeCause(err)}`) : undefined;
      e.signature = checkSignature(e, text, e.sidecar, signatureText, signers);
    }
    const latest = now.getTime() + FUTURE_TOLERANCE_MS;
    const sidecarCreated = e.sidecar ? Date.parse(e.sidecar.created) : Number.NaN;
    e.future = e.created.getTime() > latest || sidecarCreated > latest;
    const created = new Date(Math.max(e.created.getTime(), Number.isNaN(sidecarCreated) ? 0 : sidecarCreated)).toISOString();
    if (e.future) e.distrust.push({ key: 'trust.future', params: { file: `${e.base}.json`, created, now: now.toISOString() } });
    if (e.signature.reason) e.distrust.push(e.signature.reason);
    e.good = admissible(e, false);
  }
  return [...byBase.values()].sort((a, b) => b.created.getTime() - a.created.getTime() || b.base.localeCompare(a.base));
}

export async function catalog(config: StoreConfig, now: Date = new Date()): Promise<DestinationCatalog[]> {
  const signers = trustedSigners(config);
  const ledger = verificationsByBackup(config.state_dir);
  // Destinations are independent: a slow bucket does not wait for the folder, nor the folder for it.
  return Promise.all(destinationsOf(config).map(async (d): Promise<DestinationCatalog> => {
    try {
      return { name: d.name, location: d.location, entries: await catalogDestination(d, ledger, signers, now), error: undefined };
    } catch (err) {
      return { name: d.name, location: d.location, entries: [], error: describeCause(err) };
    }
  }));
}

/** Finds one backup by its short id, its base name or its archive file name. */
export function findEntry(entries: readonly CatalogEntry[], wanted: string): CatalogEntry | undefined {
  const w = wanted.replace(/\.json$/, '').replace(/\.tar\.(gz|zst)\.age$/, '');
  return entries.find((e) => e.id === w || e.base === w);
}
