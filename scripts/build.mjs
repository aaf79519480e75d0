// Builds dist/ as one bundle with a chunk per command, instead of tsc's file-per-module output.
// A store-ops command is a short-lived process, and Node spends most of a short run finding,
// reading and parsing modules: the bundle, without comments or indentation, takes 30-45 % off the
// CPU of a short command (bench/results/startup-2026-12-04.md, `node bench/run.js startup`).
// Type checking stays with tsc (`npm run build` and `npm run typecheck` run it first).
// Identifiers are kept and source maps written, so a --verbose stack names src/ lines.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const builtinSource = path.join(root, 'src', 'checks', 'builtin-data.ts');

/**
 * What src/checks/builtin-data.ts reads at run time, read now by that module itself (compiled on
 * its own into dist/ for a moment, so it finds the package root as it does when installed).
 */
async function readBuiltinData() {
  const file = path.join(outdir, '.builtin-data.mjs');
  await build({ absWorkingDir: root, entryPoints: [builtinSource], outfile: file, bundle: true, packages: 'external', format: 'esm', platform: 'node', logLevel: 'warning' });
  try {
    const data = await import(pathToFileURL(file).href);
    return { signatureFiles: data.signatureFiles(), correlationRules: data.correlationRules() };
  } finally {
    rmSync(file, { force: true });
  }
}

/** The bundle's builtin-data.ts: the same data, as JSON (see that file for why). */
const builtinData = (data) => ({
  name: 'builtin-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]checks[\\/]builtin-data\.ts$/ }, () => ({
      loader: 'js',
      contents: `export const signatureFiles = () => JSON.parse(${JSON.stringify(JSON.stringify(data.signatureFiles))});\n`
        + `export const correlationRules = () => JSON.parse(${JSON.stringify(JSON.stringify(data.correlationRules))});\n`,
    }));
  },
});

rmSync(outdir, { recursive: true, force: true });
const builtin = await readBuiltinData();
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
  plugins: [builtinData(builtin)],
  logLevel: 'warning',
});
