// Where this installation's own files are (bin/, runbooks/, the signature library, package.json).
// Found by walking up from this module to the folder whose package.json names store-ops, because
// the module sits at a different depth in the bundle (dist/*.js) and in the sources the tests
// import (src/core/*.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InstallManifest {
  name: string;
  version: string;
}

let found: { root: string; manifest: InstallManifest } | undefined;

/** store-ops' package.json in `dir`, or undefined when `dir` holds none (or another package's). */
function manifestIn(dir: string): InstallManifest | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<InstallManifest>;
    return manifest.name === 'store-ops' ? { name: manifest.name, version: String(manifest.version) } : undefined;
  } catch {
    return undefined;
  }
}

function find(): { root: string; manifest: InstallManifest } {
  if (found) return found;
  const here = fileURLToPath(import.meta.url);
  for (let dir = path.dirname(here); ; dir = path.dirname(dir)) {
    const manifest = manifestIn(dir);
    if (manifest) return (found = { root: dir, manifest });
    if (path.dirname(dir) === dir) throw new Error(`store-ops cannot find its own package.json above ${here}: reinstall store-ops`);
  }
}

/** The installation's root folder: the one holding store-ops' package.json. */
export function installRoot(): string {
  return find().root;
}

/** store-ops' package.json, as read while finding the root (so it is read once per process). */
export function installManifest(): InstallManifest {
  return find().manifest;
}

/** A path inside the installation, e.g. installPath('bin', 'store-ops.js'). */
export function installPath(...parts: string[]): string {
  return path.join(installRoot(), ...parts);
}
