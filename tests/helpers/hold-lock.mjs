// A real second writer for the lock tests: takes the store lock of <state_dir> as <operation>
// through the built code (dist/), says so on stdout as one JSON line, and holds it until killed.
// A refusal is reported the same way and the process exits.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { acquireStoreLock } = await import(path.join(root, 'dist', 'backup', 'lock.js'));
const [stateDir, operation] = process.argv.slice(2);
try {
  const lock = acquireStoreLock(stateDir, operation);
  process.stdout.write(`${JSON.stringify({ held: true, pid: process.pid, takenOver: lock.takenOver ?? null })}\n`);
  setInterval(() => undefined, 60_000);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ held: false, pid: process.pid, key: err.key, message: err.message })}\n`);
}
