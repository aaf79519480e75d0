// Where this installation's own files are (bin/, runbooks/, the signature library, package.json).
// Found by walking up from this module to the folder whose package.json names store-ops, because
// the module sits at a different depth in the bundle (dist/*.js) and in the sources the tests
// import (src/core/*.ts).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

function isInstallRoot(dir: string): boolean {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'store-ops';
  } catch {
    return false;
  }
}

/** The installation's root folder: the one holding store-ops' package.json. */
export function installRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!isInstallRoot(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`store-ops cannot find its own package.json above ${fileURLToPath(import.meta.url)}: reinstall store-ops`);
    dir = parent;
  }
  root = dir;
  return root;
}

/** A path inside the installation, e.g. installPath('bin', 'store-ops.js'). */
export function installPath(...parts: string[]): string {
  return path.join(installRoot(), ...parts);
}
