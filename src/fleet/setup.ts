// What `fleet status` reads, from either kind of config: HQ's fleet-only one (fleet: and nothing of
// a store), or a store's own, whose fleet: section wins when it has one, else its bucket
// destinations and the signers it lists under backup.trusted_signers.
import path from 'node:path';
import { isFleetOnlyConfig, type LoadedConfig } from '../core/config/load.js';
import { configError, usageError } from '../core/errors.js';
import type { S3DestinationConfig } from '../backup/s3/client.js';
import { listedSigners, type TrustedSigner } from '../signing/trust.js';

export interface FleetSetup {
  destinations: S3DestinationConfig[];
  /** Empty: no signature is checked, and the report says so. */
  signers: TrustedSigner[];
  silentHours: number;
  /** The limit for a store whose own is not known (no status, or one not trusted). */
  maxAgeHours: number;
}

export function fleetSetup(config: LoadedConfig, only?: string): FleetSetup {
  const fleet = config.fleet;
  let setup: FleetSetup;
  if (fleet) {
    setup = { destinations: fleet.destinations, signers: listedSigners(config, 'fleet', fleet.trusted_signers), silentHours: fleet.silent_hours, maxAgeHours: fleet.max_age_hours };
  } else {
    const backup = isFleetOnlyConfig(config) ? undefined : config.backup;
    const buckets = (backup?.destinations ?? []).filter((d): d is S3DestinationConfig => d.type === 's3');
    if (!backup || buckets.length === 0) throw configError('fleet.noBuckets', { file: path.basename(config.configFile) }, { key: 'hint.fleetSection' });
    setup = { destinations: buckets, signers: listedSigners(config, 'backup', backup.trusted_signers), silentHours: 24, maxAgeHours: backup.max_age_hours };
  }
  if (only === undefined) return setup;
  const chosen = setup.destinations.filter((d) => d.name === only);
  if (chosen.length === 0) throw usageError('fleet.noSuchDestination', { name: only, names: setup.destinations.map((d) => d.name).join(', ') });
  return { ...setup, destinations: chosen };
}
