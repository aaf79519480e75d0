// Builds backups by hand for fault tests: any members (including the dangerous kinds a crafted
// archive could hold), any manifest, encrypted to a real recipient, with a correct sidecar so
// only the contents are wrong. Uses tar-stream, zlib and age-encryption directly, not store-ops.
import { Encrypter } from 'age-encryption';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
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

/** Writes SH-0012_<stamp>_<id>.tar.gz.age and its sidecar into `dir`; returns the id. */
export async function writeCraftedBackup(dir: string, recipient: string, members: CraftedMember[], id = 'cafe0001', stamp = '20261120T100000Z'): Promise<string> {
  const e = new Encrypter();
  e.addRecipient(recipient);
  const archive = Buffer.from(await e.encrypt(gzipSync(await tarOf(members))));
  const base = `SH-0012_${stamp}_${id}`;
  writeFileSync(path.join(dir, `${base}.tar.gz.age`), archive);
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify({
    format: 'store-ops-backup', format_version: 1, id, store: 'SH-0012', created: '2026-11-20T10:00:00.000Z',
    file: `${base}.tar.gz.age`, codec: 'gzip', size: archive.length, sha256: sha256(archive), recipients: [recipient], tool_version: 'test',
  }));
  return id;
}
