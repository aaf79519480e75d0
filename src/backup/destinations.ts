// The config's backup section and its destinations, on their own: everything that only lists,
// checks or reads backups (list, verify, restore, prune, status, diagnose) needs these, and not
// the backup pipeline (snapshot, tar, compression, encryption) that backup run loads.
import path from 'node:path';
import type { StoreConfig } from '../core/config/load.js';
import { configError } from '../core/errors.js';
import type { Destination } from './destination.js';
import { DirDestination } from './dir-destination.js';
import { S3Destination } from './s3/destination.js';

export type BackupConfig = NonNullable<StoreConfig['backup']>;

export function backupSection(config: StoreConfig): BackupConfig {
  if (!config.backup) throw configError('backup.notConfigured', { file: path.basename(config.configFile) }, { key: 'hint.backupSection' });
  return config.backup;
}

export function destinationsOf(config: StoreConfig): Destination[] {
  return backupSection(config).destinations.map((d) => (d.type === 'dir' ? new DirDestination(d.name, d.path) : new S3Destination(d, config.store.id, config.state_dir)));
}
