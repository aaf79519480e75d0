// The forgery of issue 10, done the way an attacker with only the store's public recipient and
// write access to the backup folder would: take a genuine backup apart (here with the manager's
// identity, to start from real contents), change the database, fix the manifest's hashes, pack
// and encrypt it again to the recipient, recompute the sidecar, and copy the genuine signature
// beside it. Uses the age, zstd, tar and sqlite3 programs, not store-ops.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './craft-backup.js';

export interface ForgeOptions {
  backups: string;
  identity: string;
  recipient: string;
  /** The genuine backup's base name (STORE_STAMP_ID). */
  genuine: string;
  /** The forgery's base name: the genuine one to overwrite it, or a newer one. */
  forged: string;
  /** SQL run on the unpacked database. */
  sql: string;
}

function filesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(root, path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

export function forgeBackup(o: ForgeOptions): void {
  const work = mkdtempSync(path.join(path.dirname(o.backups), 'forge-'));
  try {
    const archive = path.join(o.backups, `${o.genuine}.tar.zst.age`);
    execFileSync('sh', ['-c', 'age -d -i "$1" "$2" | zstd -dq | tar -x -C "$3"', 'forge', o.identity, archive, work]);
    execFileSync('sqlite3', [path.join(work, 'databases', 'main.db'), o.sql]);
    const [, stamp, id] = o.forged.split('_') as [string, string, string];
    const created = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.000Z`;
    const manifest = JSON.parse(readFileSync(path.join(work, 'manifest.json'), 'utf8')) as {
      id: string; created: string; members: Array<{ name: string; size: number; sha256: string }>;
    };
    manifest.id = id;
    manifest.created = created;
    for (const m of manifest.members) {
      const file = path.join(work, ...m.name.split('/'));
      m.size = statSync(file).size;
      m.sha256 = sha256(readFileSync(file));
    }
    writeFileSync(path.join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const members = [...filesUnder(work).filter((f) => f !== 'manifest.json'), 'manifest.json'];
    writeFileSync(path.join(work, '.list'), `${members.join('\n')}\n`);
    const forgedArchive = path.join(o.backups, `${o.forged}.tar.zst.age`);
    execFileSync('sh', ['-c', 'tar -c --no-recursion -C "$1" -T "$1/.list" | zstd -q | age -r "$2" > "$3"', 'forge', work, o.recipient, forgedArchive]);
    const bytes = readFileSync(forgedArchive);
    const sidecar = JSON.parse(readFileSync(path.join(o.backups, `${o.genuine}.json`), 'utf8')) as Record<string, unknown>;
    Object.assign(sidecar, { id, created, file: `${o.forged}.tar.zst.age`, size: bytes.length, sha256: sha256(bytes) });
    writeFileSync(path.join(o.backups, `${o.forged}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
    if (o.forged !== o.genuine) copyFileSync(path.join(o.backups, `${o.genuine}.json.minisig`), path.join(o.backups, `${o.forged}.json.minisig`));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
