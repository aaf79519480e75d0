#!/usr/bin/env node
// Thin launcher: everything lives in dist/ (built by `npm run build`, or `prepare` on install).
import('../dist/main.js').then((m) => m.main(process.argv));
