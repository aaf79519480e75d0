// What HQ can see of each store in a bucket, read-only: the store folders under the prefix, each
// store's newest backup taken from the listing of its folder (so a store whose status.json lies,
// or is missing, still shows the backup it really has), and its status.json with its signature.
// With trusted signers, only a backup whose sidecar signature verifies counts; with stores bound to
// their keys (fleet.stores), only one signed by a key that may vouch for the folder's store. A
// status or backup signed with a key of another store is kept aside to be reported: it is how a
// compromised store would hide another's real state.
import type { CatalogEntry } from '../backup/catalog.js';
import { newestEntry } from '../backup/newest.js';
import { loadSdk, makeClient, s3Failure, type S3DestinationConfig } from '../backup/s3/client.js';
import { S3Destination } from '../backup/s3/destination.js';
import { StoreOpsError } from '../core/errors.js';
import { checkStatusSignature, doubt, STATUS_FILE, STATUS_SIGNATURE_FILE, type Doubt, type StatusTrust } from '../signing/status-signature.js';
import { STATUS_FORMAT, type HqStatus } from '../status/hq-status.js';
import type { TrustedSigner } from '../signing/trust.js';
import { mayVouch, storesOfKey, type StoreBinding } from './binding.js';

const STORE_ID = /^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const PARALLEL = 8;

/**
 * `other_key`: signed by a trusted key that may not vouch for this store (bound to `key_stores`, or,
 * when that is empty, to no store while this one is bound). `misnamed`: its store id is another's.
 */
export type StatusFileTrust = StatusTrust | { state: 'unchecked' } | { state: 'invalid'; reason: Doubt<'not_json' | 'not_a_status'> }
  | { state: 'other_key'; key_id: string; key_stores: string[]; reason: Doubt<'key_of_other_store' | 'key_of_no_store'> }
  | { state: 'misnamed'; key_id: string | null; named: string; reason: Doubt<'names_other_store'> };

/** A file in a store's folder whose signature verifies with a trusted key that may not vouch for that store. */
export interface SignedWithOtherKey {
  file: string;
  key_id: string;
  /** The stores that key is bound to; empty when it is bound to none. */
  key_stores: string[];
}

export interface StoreSeen {
  destination: string;
  id: string;
  /** `<prefix><id>/` in the bucket. */
  folder: string;
  /** Backups newer than the newest one believed, signed with a key that may not vouch for this store. */
  otherKeyBackups: SignedWithOtherKey[];
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
      throw s3Failure(d, '', { key: 's3.doing.listStores' }, err);
    }
    for (const p of page.CommonPrefixes ?? []) {
      const id = p.Prefix?.slice(d.prefix.length, -1);
      if (id && STORE_ID.test(id)) out.push(id);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

function parseStatus(text: string): { status: HqStatus } | { invalid: Doubt<'not_json' | 'not_a_status'> } {
  try {
    const s = JSON.parse(text) as HqStatus;
    if (s.format !== STATUS_FORMAT || typeof s.store?.id !== 'string' || typeof s.written_at !== 'string') return { invalid: doubt('not_a_status') };
    return { status: s };
  } catch (err) {
    return { invalid: doubt('not_json', { problem: err instanceof Error ? err.message : String(err) }) };
  }
}

function otherKey(binding: StoreBinding, keyId: string): { key_stores: string[]; reason: Doubt<'key_of_other_store' | 'key_of_no_store'> } {
  const keyStores = storesOfKey(binding, keyId);
  return {
    key_stores: keyStores,
    reason: keyStores.length > 0 ? doubt('key_of_other_store', { key_id: keyId, stores: keyStores.join(', ') }) : doubt('key_of_no_store', { key_id: keyId }),
  };
}

/** Whether HQ believes the status, and if not why: its signature, the key that made it, then the store it names. */
function judgeStatus(text: string, signature: string | undefined, id: string, signers: readonly TrustedSigner[], binding: StoreBinding): { trust: StatusFileTrust; status: HqStatus | null } {
  const parsed = parseStatus(text);
  let trust: StatusFileTrust = signers.length === 0 ? { state: 'unchecked' } : checkStatusSignature(text, signature, signers, id);
  if (trust.state === 'trusted' && !mayVouch(binding, id, trust.key_id)) return { trust: { state: 'other_key', key_id: trust.key_id, ...otherKey(binding, trust.key_id) }, status: null };
  if ('invalid' in parsed) return { trust: { state: 'invalid', reason: parsed.invalid }, status: null };
  const status = parsed.status;
  if (status.store.id !== id && (trust.state === 'trusted' || trust.state === 'unchecked')) {
    trust = { state: 'misnamed', key_id: trust.state === 'trusted' ? trust.key_id : null, named: status.store.id, reason: doubt('names_other_store', { named: status.store.id, id }) };
  }
  return { trust, status: trust.state === 'trusted' || trust.state === 'unchecked' ? status : null };
}

async function seeStore(d: S3DestinationConfig, id: string, signers: readonly TrustedSigner[], binding: StoreBinding, now: Date): Promise<StoreSeen> {
  const dest = new S3Destination(d, id, undefined);
  const folder = `${d.prefix}${id}/`;
  const otherKeyBackups: SignedWithOtherKey[] = [];
  const accept = (e: CatalogEntry) => {
    if (!e.intact || e.future) return false;
    if (signers.length === 0) return true;
    if (!e.good) return false;
    const keyId = e.signature.key_id!;
    if (mayVouch(binding, id, keyId)) return true;
    otherKeyBackups.push({ file: `${e.base}.json`, key_id: keyId, key_stores: storesOfKey(binding, keyId) });
    return false;
  };
  try {
    const { entry, files } = await newestEntry(dest, id, new Map(), signers, accept, now);
    const seen = { destination: d.name, id, folder, newest: entry, otherKeyBackups, error: null };
    const file = files.find((f) => f.name === STATUS_FILE);
    if (!file) return { ...seen, statusFile: null };
    const text = await dest.readText(STATUS_FILE);
    const signature = files.some((f) => f.name === STATUS_SIGNATURE_FILE) ? await dest.readText(STATUS_SIGNATURE_FILE) : undefined;
    return { ...seen, statusFile: { ...judgeStatus(text, signature, id, signers, binding), modified: file.modified } };
  } catch (err) {
    if (!(err instanceof StoreOpsError)) throw err;
    return { destination: d.name, id, folder, newest: undefined, otherKeyBackups, statusFile: null, error: err };
  }
}

/** Every store under the destination's prefix, a few at a time. */
export async function scanDestination(d: S3DestinationConfig, signers: readonly TrustedSigner[], binding: StoreBinding, now: Date): Promise<StoreSeen[]> {
  const ids = await storeFolders(d);
  const out: StoreSeen[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await seeStore(d, ids[i]!, signers, binding, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, ids.length) }, worker));
  return out;
}
