#!/usr/bin/env node
// Thin launcher: everything lives in dist/ (bundled by `npm run build`, or `prepare` on install).
// With --verbose a stack is printed, and source maps make it name src/ files and lines.
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// A command is a short process that spends much of its CPU compiling dist/. Node 22 and later can
// keep that compiled code for the next run (Node 20 has no such cache; the call is absent there).
// The cache lives inside dist/ rather than the shared temp folder: only whoever can already change
// dist/ can change what is loaded from it, which matters when root runs a restore. A dist/ that
// this user cannot write just runs uncached; a rebuild empties it.
module.enableCompileCache?.(fileURLToPath(new URL('../dist/.node-compile-cache', import.meta.url)));
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
import('../dist/main.js').then((m) => m.main(process.argv));
