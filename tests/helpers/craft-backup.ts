// Builds backups by hand for fault tests: any members (including the dangerous kinds a crafted
// archive could hold), any manifest, encrypted to a real recipient, with a correct sidecar so
// only the contents are wrong, signed by default with the demo store's signing key so that
// verify and restore get as far as the contents. Uses tar-stream, zlib, age-encryption and the
// minisign CLI directly, not store-ops.
import { Encrypter } from 'age-encryption';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

export interface CraftedMember {
  name: string;
  data?: Buffer | string;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'character-device';
  linkname?: string;
}

async function tarOf(members: CraftedMember[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const m of members) {
    const type = m.type ?? 'file';
    if (type === 'file') pack.entry({ name: m.name, type }, Buffer.from(m.data ?? ''));
    else pack.entry({ name: m.name, type, linkname: m.linkname, devmajor: 1, devminor: 3 });
  }
  pack.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function manifestFor(members: Array<{ name: string; data: Buffer | string }>, extra: object = {}): string {
  return JSON.stringify({
    format: 'store-ops-backup', format_version: 1, tool_version: 'test', store: { id: 'SH-0012', name: 'x' }, id: 'cafe0001',
    created: '2026-11-20T10:00:00.000Z', snapshot_duration_ms: 0,
    members: members.map((m) => ({ name: m.name, size: Buffer.byteLength(m.data), sha256: sha256(m.data), kind: 'file', source_path: `/x/${m.name}`, mode: 0o644 })),
    databases: [],
    ...extra,
  });
}

/**
 * How a crafted sidecar is signed: with a minisign secret key file (default: the demo store's
 * keys/signing.key beside the backup folder), not at all, or by copying an existing .minisig.
 */
export type CraftedSigning = { key: string } | 'unsigned' | { copyFrom: string };

export const stampTime = (stamp: string) =>
  `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.000Z`;

/** Signs `<base>.json` into `<base>.json.minisig` with the real minisign CLI, as store-ops would. */
export function minisignSidecar(dir: string, base: string, keyFile: string, store = 'SH-0012'): void {
  const comment = `store-ops backup store:${store} backup:${base} created:${stampTime(base.split('_')[1]!)}`;
  execFileSync('minisign', ['-S', '-s', keyFile, '-m', path.join(dir, `${base}.json`), '-t', comment], { stdio: 'pipe' });
}

/** Writes SH-0012_<stamp>_<id>.tar.gz.age, its sidecar and (by default) its signature into `dir`; returns the id. */
export async function writeCraftedBackup(
  dir: string, recipient: string, members: CraftedMember[], id = 'cafe0001', stamp = '20261120T100000Z',
  signing: CraftedSigning = { key: path.join(dir, '..', 'keys', 'signing.key') },
): Promise<string> {
  const e = new Encrypter();
  e.addRecipient(recipient);
  const archive = Buffer.from(await e.encrypt(gzipSync(await tarOf(members))));
  const base = `SH-0012_${stamp}_${id}`;
  writeFileSync(path.join(dir, `${base}.tar.gz.age`), archive);
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify({
    format: 'store-ops-backup', format_version: 1, id, store: 'SH-0012', created: stampTime(stamp),
    file: `${base}.tar.gz.age`, codec: 'gzip', size: archive.length, sha256: sha256(archive), recipients: [recipient], tool_version: 'test',
  }));
  if (signing === 'unsigned') return id;
  if ('copyFrom' in signing) copyFileSync(signing.copyFrom, path.join(dir, `${base}.json.minisig`));
  else minisignSidecar(dir, base, signing.key);
  return id;
}
