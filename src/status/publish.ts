// After a command that changed what HQ should know (backup run, backup verify, diagnose), each
// bucket destination gets the store's status for HQ, signed. It must never fail that command: a
// problem is returned for the command to show as a warning, and the whole write to one bucket is
// bounded by that destination's timeout (its requests are aborted when the time is up).
// Folders get none: HQ reads buckets.
import path from 'node:path';
import { verificationsByBackup } from '../backup/ledger.js';
import { acquireLock, type HeldLock } from '../backup/lock.js';
import { newestEntry } from '../backup/newest.js';
import { S3Destination } from '../backup/s3/destination.js';
import type { S3DestinationConfig } from '../backup/s3/client.js';
import type { StoreConfig } from '../core/config/load.js';
import { failure, StoreOpsError } from '../core/errors.js';
import { loadSigningKey } from '../signing/key-files.js';
import { signStatus, STATUS_FILE, STATUS_SIGNATURE_FILE } from '../signing/status-signature.js';
import { trustedSigners } from '../signing/trust.js';
import { VERSION } from '../version.js';
import { lastDiagnose } from './diagnose-record.js';
import { hqStatus } from './hq-status.js';

export interface PublishProblem {
  destination: string;
  error: StoreOpsError;
}

function aborted(signal: AbortSignal, d: S3DestinationConfig, ms: number): Promise<never> {
  return new Promise((_, reject) => {
    const stop = () => reject(failure('hqStatus.timeout', { name: d.name, seconds: Math.round(ms / 100) / 10 }));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

async function publishTo(config: StoreConfig, d: S3DestinationConfig, command: string, now: Date, limitMs: number): Promise<void> {
  const keyFile = config.backup?.signing_key;
  if (!keyFile) throw failure('hqStatus.noSigningKey', { name: d.name }, { key: 'hint.signingKeyGenerate', params: { config: config.configFile, key: path.join(config.configDir, 'keys', 'signing.key') } });
  const key = loadSigningKey(keyFile);
  const ms = Math.min(d.timeout_seconds * 1000, limitMs);
  const signal = AbortSignal.timeout(ms);
  const dest = new S3Destination(d, config.store.id, config.state_dir, signal);
  const work = (async () => {
    const ledger = verificationsByBackup(config.state_dir);
    const { entry } = await newestEntry(dest, config.store.id, ledger, trustedSigners(config), (e) => e.good, now);
    const status = hqStatus({
      config, command, toolVersion: VERSION, now, newest: entry, verifications: [...ledger.values()].flat(), diagnose: lastDiagnose(config.state_dir),
    });
    const text = `${JSON.stringify(status, null, 2)}\n`;
    // The signature first, as for backups: a status.json that a reader sees always has its signature.
    await dest.writeWhole(STATUS_SIGNATURE_FILE, signStatus(text, key, config.store.id, status.written_at), { retain: false });
    await dest.writeWhole(STATUS_FILE, text, { retain: false });
  })();
  work.catch(() => undefined);
  await Promise.race([work, aborted(signal, d, ms)]);
}

const LOCK_WAIT_MS = 5000;

/**
 * Two commands publishing at once (a diagnose from cron while a backup run ends) could leave one's
 * signature beside the other's status, which HQ would rightly call forged: publishers take turns.
 * A publisher that cannot get its turn in a few seconds leaves it to the one that has it.
 */
async function publishLock(stateDir: string, command: string): Promise<HeldLock> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return acquireLock(stateDir, 'hq-status', command);
    } catch (err) {
      if (Date.now() >= until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Writes the status to every bucket destination; says which could not take it, and why. `limitMs`
 * bounds each bucket's write below its timeout, for commands that must stay quick (diagnose).
 */
export async function publishStatus(config: StoreConfig, command: string, now = new Date(), limitMs = Number.POSITIVE_INFINITY): Promise<PublishProblem[]> {
  const buckets = (config.backup?.destinations ?? []).filter((d): d is S3DestinationConfig & { type: 's3' } => d.type === 's3');
  if (buckets.length === 0) return [];
  let lock: HeldLock;
  try {
    lock = await publishLock(config.state_dir, command);
  } catch (err) {
    const error = err instanceof StoreOpsError ? err : failure('hqStatus.failed', { name: buckets.map((d) => d.name).join(', '), problem: String(err) });
    return buckets.map((d) => ({ destination: d.name, error }));
  }
  try {
    const results = await Promise.all(buckets.map(async (d) => {
      try {
        await publishTo(config, d, command, now, limitMs);
        return undefined;
      } catch (err) {
        const error = err instanceof StoreOpsError ? err : failure('hqStatus.failed', { name: d.name, problem: err instanceof Error ? err.message : String(err) });
        return { destination: d.name, error };
      }
    }));
    return results.filter((r): r is PublishProblem => r !== undefined);
  } finally {
    lock.release();
  }
}
