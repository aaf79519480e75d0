// What `fleet status` reads, from either kind of config: HQ's fleet-only one (fleet: and nothing of
// a store), or a store's own, whose fleet: section wins when it has one, else its bucket
// destinations and the signers it lists under backup.trusted_signers.
import path from 'node:path';
import { isFleetOnlyConfig, type LoadedConfig } from '../core/config/load.js';
import type { RawFleetConfig } from '../core/config/schema.js';
import { configError, usageError } from '../core/errors.js';
import type { S3DestinationConfig } from '../backup/s3/client.js';
import { listedSigners, refuseSharedKeyIds, signerAt, type TrustedSigner } from '../signing/trust.js';
import type { StoreBinding } from './binding.js';

export interface FleetSetup {
  destinations: S3DestinationConfig[];
  /** Every key trusted for some store: trusted_signers and the keys bound under fleet.stores. Empty: no signature is checked, and the report says so. */
  signers: TrustedSigner[];
  binding: StoreBinding;
  silentHours: number;
  /** The limit for a store whose own is not known (no status, or one not trusted). */
  maxAgeHours: number;
}

type ConfigFile = Pick<LoadedConfig, 'configFile'>;

/** trusted_signers and fleet.stores read as keys; a bound key counts as trusted without being listed twice. */
function fleetSigners(config: ConfigFile, fleet: RawFleetConfig): { signers: TrustedSigner[]; binding: StoreBinding } {
  const listed = fleet.trusted_signers.map((entry, i) => {
    const at = ['fleet', 'trusted_signers', i];
    return { signer: signerAt(config, at, entry), at };
  });
  const keysOf = new Map<string, string[]>();
  for (const [id, entries] of Object.entries(fleet.stores)) {
    const bound = entries.map((entry, i) => {
      const at = ['fleet', 'stores', id, i];
      return { signer: signerAt(config, at, entry), at };
    });
    listed.push(...bound);
    keysOf.set(id, bound.map((b) => b.signer.key_id));
  }
  refuseSharedKeyIds(config, listed);
  const signers = listed.map((l) => l.signer).filter((s, i, all) => all.findIndex((o) => o.key_id === s.key_id) === i);
  return { signers, binding: { keysOf } };
}

export function fleetSetup(config: LoadedConfig, only?: string): FleetSetup {
  const fleet = config.fleet;
  let setup: FleetSetup;
  if (fleet) {
    setup = { destinations: fleet.destinations, ...fleetSigners(config, fleet), silentHours: fleet.silent_hours, maxAgeHours: fleet.max_age_hours };
  } else {
    const backup = isFleetOnlyConfig(config) ? undefined : config.backup;
    const buckets = (backup?.destinations ?? []).filter((d): d is S3DestinationConfig => d.type === 's3');
    if (!backup || buckets.length === 0) throw configError('fleet.noBuckets', { file: path.basename(config.configFile) }, { key: 'hint.fleetSection' });
    setup = { destinations: buckets, signers: listedSigners(config, 'backup', backup.trusted_signers), binding: { keysOf: new Map() }, silentHours: 24, maxAgeHours: backup.max_age_hours };
  }
  if (only === undefined) return setup;
  const chosen = setup.destinations.filter((d) => d.name === only);
  if (chosen.length === 0) throw usageError('fleet.noSuchDestination', { name: only, names: setup.destinations.map((d) => d.name).join(', ') });
  return { ...setup, destinations: chosen };
}
