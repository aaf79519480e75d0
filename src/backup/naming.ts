// Backup file names (README, "Backups, and restoring one by hand"):
//   SH-0012_20261121T100000Z_3f9a1c2b.tar.zst.age   the encrypted archive
//   SH-0012_20261121T100000Z_3f9a1c2b.json          its unencrypted sidecar
// The name alone says which store, when (UTC), and which codec a by-hand restore needs.
import { randomBytes } from 'node:crypto';

export type Codec = 'gzip' | 'zstd';

export const CODEC_EXTENSION: Record<Codec, string> = { gzip: 'gz', zstd: 'zst' };

export interface BackupName {
  base: string;
  store: string;
  id: string;
  created: Date;
  codec: Codec;
  archive: string;
  sidecar: string;
}

const ARCHIVE = /^([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)_(\d{8}T\d{6}Z)_([0-9a-f]{8})\.tar\.(gz|zst)\.age$/;
const SIDECAR = /^([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)_(\d{8}T\d{6}Z)_([0-9a-f]{8})\.json$/;

export function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseStamp(s: string): Date {
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
}

export function newBackupName(store: string, created: Date, codec: Codec, id = randomBytes(4).toString('hex')): BackupName {
  const base = `${store}_${stamp(created)}_${id}`;
  return { base, store, id, created: parseStamp(stamp(created)), codec, archive: `${base}.tar.${CODEC_EXTENSION[codec]}.age`, sidecar: `${base}.json` };
}

export function parseArchiveName(file: string): BackupName | undefined {
  const m = ARCHIVE.exec(file);
  if (!m) return undefined;
  const codec: Codec = m[4] === 'zst' ? 'zstd' : 'gzip';
  return { base: `${m[1]}_${m[2]}_${m[3]}`, store: m[1]!, id: m[3]!, created: parseStamp(m[2]!), codec, archive: file, sidecar: `${m[1]}_${m[2]}_${m[3]}.json` };
}

export function parseSidecarName(file: string): { base: string; store: string; id: string; created: Date } | undefined {
  const m = SIDECAR.exec(file);
  if (!m) return undefined;
  return { base: `${m[1]}_${m[2]}_${m[3]}`, store: m[1]!, id: m[3]!, created: parseStamp(m[2]!) };
}
