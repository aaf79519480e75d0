// The tool's version, from package.json, for help, manifests and sidecars.
import { readFileSync } from 'node:fs';
import { installPath } from './core/install-paths.js';

export const VERSION = (JSON.parse(readFileSync(installPath('package.json'), 'utf8')) as { version: string }).version;
