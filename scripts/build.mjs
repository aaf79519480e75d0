// Builds dist/ as one bundle with a chunk per command, instead of tsc's file-per-module output.
// A store-ops command is a short-lived process, and Node spends most of a short run finding,
// reading and parsing modules: the bundle, without comments or indentation, takes 30-45 % off the
// CPU of a short command (bench/results/startup-2026-12-04.md, `node bench/run.js startup`).
// Type checking stays with tsc (`npm run build` and `npm run typecheck` run it first).
// Identifiers are kept and source maps written, so a --verbose stack names src/ lines.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist');
const checks = path.join(root, 'src', 'checks');

/** src/checks/builtin-data.ts, with the YAML it reads at run time parsed now (see that file). */
const builtinData = {
  name: 'builtin-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]checks[\\/]builtin-data\.ts$/ }, () => {
      const dir = path.join(checks, 'signatures');
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
      const library = files.map((file) => ({ file, entries: parse(readFileSync(path.join(dir, file), 'utf8')) }));
      const rules = parse(readFileSync(path.join(checks, 'causes.yaml'), 'utf8'));
      return {
        loader: 'js',
        contents: `export const signatureFiles = () => JSON.parse(${JSON.stringify(JSON.stringify(library))});\n`
          + `export const correlationRules = () => JSON.parse(${JSON.stringify(JSON.stringify(rules))});\n`,
        watchFiles: [...files.map((f) => path.join(dir, f)), path.join(checks, 'causes.yaml')],
      };
    });
  },
};

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
  plugins: [builtinData],
  logLevel: 'warning',
});
