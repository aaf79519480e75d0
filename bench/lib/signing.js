// What signatures cost (issue 10's aim: at most 2 % of backup run and of restore). backup run
// loads the signing key, signs one sidecar and writes one small .minisig per destination; restore
// (like list, verify and prune) checks the signature of every backup in the catalog. Both are
// measured here in-process, with the demo's own key, on a sidecar of the real shape, many times
// for a stable mean, and set against the backup and restore wall times measured in the same run.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPEAT = 200;
/** The most backups a catalog holds under the default retention (7 daily + 4 weekly + 12 monthly). */
const CATALOG = 23;

function meanMs(fn, n = REPEAT) {
  fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

/**
 * The functions measured, straight from src/: dist/ is one bundle whose internals are not
 * importable one by one, so esbuild (already the build's bundler) makes a small module of them.
 */
async function internals(root, outDir) {
  const { build } = await import('esbuild');
  const outfile = path.join(outDir, 'signing-internals.mjs');
  await build({
    absWorkingDir: root, outfile, bundle: true, packages: 'external', format: 'esm', platform: 'node', logLevel: 'warning',
    stdin: {
      resolveDir: root, loader: 'ts', sourcefile: 'signing-internals.ts',
      contents: [
        "export { loadSigningKey } from './src/signing/key-files.js';",
        "export { signSidecar, checkSignature, signatureName } from './src/signing/backup-signature.js';",
        "export { writeFileAtomic } from './src/core/atomic.js';",
      ].join('\n'),
    },
  });
  return import(pathToFileURL(outfile).href);
}

export async function signingCost({ root, demoDir, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const { loadSigningKey, signSidecar, checkSignature, signatureName, writeFileAtomic } = await internals(root, outDir);
  const keyFile = path.join(demoDir, 'keys', 'signing.key');
  const key = loadSigningKey(keyFile);
  const created = new Date('2026-11-21T12:00:00Z');
  const b = { base: 'SH-0012_20261121T120000Z_3f9a1c2b', store: 'SH-0012', id: '3f9a1c2b', created };
  const sidecar = {
    format: 'store-ops-backup', format_version: 1, id: b.id, store: b.store, created: created.toISOString(),
    file: `${b.base}.tar.zst.age`, codec: 'zstd', size: 527_000_000, sha256: 'ab'.repeat(32),
    recipients: ['age1' + 'q'.repeat(58)], tool_version: '0.1.0',
  };
  const text = `${JSON.stringify(sidecar, null, 2)}\n`;
  const signature = signSidecar(text, key, b);
  const signers = [{ public_key: { id: key.id, key: key.key }, source: keyFile }];
  const dir = path.join(outDir, 'signing');
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const sign_ms = meanMs(() => signSidecar(text, loadSigningKey(keyFile), b));
  const write_ms = meanMs(() => writeFileAtomic(path.join(dir, `${n++}-${signatureName(b.base)}`), signature, { mode: 0o644 }), 50);
  const check_ms = meanMs(() => {
    if (checkSignature(b, text, sidecar, signature, signers).state !== 'trusted') throw new Error('the bench signature does not check');
  });
  rmSync(dir, { recursive: true, force: true });
  return { sign_ms, write_ms, check_ms, catalog: CATALOG };
}

export function signingMarkdown(cost, backupMs, restoreMs) {
  const backupAdds = cost.sign_ms + cost.write_ms;
  const restoreAdds = cost.check_ms * cost.catalog;
  const pct = (part, whole) => `${((100 * part) / whole).toFixed(3)} %`;
  const f = (ms) => `${ms.toFixed(3)} ms`;
  return [
    '## Signatures',
    '',
    '| work | added by signatures | whole operation in this run | share | aim ≤ 2 % |',
    '|---|---|---|---|---|',
    `| backup run: load key + sign sidecar (${f(cost.sign_ms)}) + write .minisig atomically (${f(cost.write_ms)}) | ${f(backupAdds)} | ${(backupMs / 1000).toFixed(1)} s | ${pct(backupAdds, backupMs)} | ${backupAdds / backupMs <= 0.02 ? 'met' : 'NOT met'} |`,
    `| restore: check ${cost.catalog} backups' signatures (${f(cost.check_ms)} each) | ${f(restoreAdds)} | ${(restoreMs / 1000).toFixed(1)} s | ${pct(restoreAdds, restoreMs)} | ${restoreAdds / restoreMs <= 0.02 ? 'met' : 'NOT met'} |`,
    '',
    `Means of ${REPEAT} in-process repetitions (the .minisig write: 50, with fsync of file and folder) with the demo's signing key; the whole-operation times are the store-ops zstd backup and the store-ops restore measured above.`,
    '',
  ].join('\n');
}
