// Builds dist/ as one bundle with a chunk per command, instead of tsc's file-per-module output.
// A store-ops command is a short-lived process, and Node spends most of a short run finding,
// reading and parsing modules: the bundle, without comments or indentation, halves that (measured
// in bench/results/startup-2026-12-04.md). Type checking stays with tsc (`npm run typecheck`).
// Identifiers are kept and source maps written, so a --verbose stack names src/ lines.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // Worker threads are started by file name (new URL('./x-worker.js', import.meta.url)), so each is
  // an entry named as the code asks for it, beside the chunk that starts it.
  entryPoints: {
    main: 'src/main.ts',
    'database-worker': 'src/checks/probes/database-worker.ts',
    'database-facts-worker': 'src/backup/database-facts-worker.ts',
    'stock-facts-worker': 'src/reconcile/stock-facts-worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon: loaded by Node from node_modules at run time.
  external: ['better-sqlite3'],
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __storeOpsRequire } from 'node:module'; const require = __storeOpsRequire(import.meta.url);" },
  logLevel: 'warning',
});
