#!/usr/bin/env node
// Thin launcher: everything lives in dist/ (bundled by `npm run build`, or `prepare` on install).
// With --verbose a stack is printed, and source maps make it name src/ files and lines.
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
import('../dist/main.js').then((m) => m.main(process.argv));
