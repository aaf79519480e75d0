// What HQ can see of each store in a bucket, read-only: the store folders under the prefix, each
// store's newest backup taken from the listing of its folder (so a store whose status.json lies,
// or is missing, still shows the backup it really has), and its status.json with its signature.
// With trusted signers, only a backup whose sidecar signature verifies counts.
import type { CatalogEntry } from '../backup/catalog.js';
import { newestEntry } from '../backup/newest.js';
import { loadSdk, makeClient, s3Failure, type S3DestinationConfig } from '../backup/s3/client.js';
import { S3Destination } from '../backup/s3/destination.js';
import { StoreOpsError } from '../core/errors.js';
import { checkStatusSignature, STATUS_FILE, STATUS_SIGNATURE_FILE, type StatusTrust } from '../signing/status-signature.js';
import { STATUS_FORMAT, type HqStatus } from '../status/hq-status.js';
import type { TrustedSigner } from '../signing/trust.js';

const STORE_ID = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const PARALLEL = 8;

export type StatusFileTrust = StatusTrust | { state: 'unchecked' } | { state: 'invalid'; reason: string };

export interface StoreSeen {
  destination: string;
  id: string;
  newest: CatalogEntry | undefined;
  /** null: the store has no status.json. */
  statusFile: { trust: StatusFileTrust; status: HqStatus | null; modified: Date } | null;
  /** The store's folder could not be read. */
  error: StoreOpsError | null;
}

export async function storeFolders(d: S3DestinationConfig): Promise<string[]> {
  const [sdk, client] = await Promise.all([loadSdk(), makeClient(d)]);
  const out: string[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new sdk.ListObjectsV2Command({ Bucket: d.bucket, Prefix: d.prefix, Delimiter: '/', ContinuationToken: token }));
    } catch (err) {
      throw s3Failure(d, '', 'list the store folders', err);
    }
    for (const p of page.CommonPrefixes ?? []) {
      const id = p.Prefix?.slice(d.prefix.length, -1);
      if (id && STORE_ID.test(id)) out.push(id);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

function parseStatus(text: string, storeId: string): HqStatus | string {
  try {
    const s = JSON.parse(text) as HqStatus;
    if (s.format !== STATUS_FORMAT || s.store?.id !== storeId || typeof s.written_at !== 'string') return `not a status of store ${storeId}`;
    return s;
  } catch (err) {
    return `not JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function seeStore(d: S3DestinationConfig, id: string, signers: readonly TrustedSigner[], now: Date): Promise<StoreSeen> {
  const dest = new S3Destination(d, id, undefined);
  const accept = (e: CatalogEntry) => e.intact && !e.future && (signers.length === 0 || e.good);
  try {
    const { entry, files } = await newestEntry(dest, id, new Map(), signers, accept, now);
    const file = files.find((f) => f.name === STATUS_FILE);
    if (!file) return { destination: d.name, id, newest: entry, statusFile: null, error: null };
    const text = await dest.readText(STATUS_FILE);
    const signature = files.some((f) => f.name === STATUS_SIGNATURE_FILE) ? await dest.readText(STATUS_SIGNATURE_FILE) : undefined;
    const parsed = parseStatus(text, id);
    const trust: StatusFileTrust = typeof parsed === 'string' ? { state: 'invalid', reason: parsed }
      : signers.length === 0 ? { state: 'unchecked' } : checkStatusSignature(text, signature, signers, id);
    return { destination: d.name, id, newest: entry, statusFile: { trust, status: typeof parsed === 'string' ? null : parsed, modified: file.modified }, error: null };
  } catch (err) {
    if (!(err instanceof StoreOpsError)) throw err;
    return { destination: d.name, id, newest: undefined, statusFile: null, error: err };
  }
}

/** Every store under the destination's prefix, a few at a time. */
export async function scanDestination(d: S3DestinationConfig, signers: readonly TrustedSigner[], now: Date): Promise<StoreSeen[]> {
  const ids = await storeFolders(d);
  const out: StoreSeen[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await seeStore(d, ids[i]!, signers, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return out;
}
