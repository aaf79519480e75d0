// The tool's version, from package.json, for help, manifests and sidecars.
import { installManifest } from './core/install-paths.js';

export const VERSION = installManifest().version;
