// A real second writer for the lock tests: takes the store lock of <state_dir> as <operation>
// through the real lock code (<lock module>, built from src/backup/lock.ts by
// tests/setup/lock-module.ts), says so on stdout as one JSON line, and holds it until killed.
// A refusal is reported the same way and the process exits.
import { pathToFileURL } from 'node:url';

const [lockModule, stateDir, operation] = process.argv.slice(2);
const { acquireStoreLock } = await import(pathToFileURL(lockModule).href);
try {
  const lock = acquireStoreLock(stateDir, operation);
  process.stdout.write(`${JSON.stringify({ held: true, pid: process.pid, takenOver: lock.takenOver ?? null })}\n`);
  setInterval(() => undefined, 60_000);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ held: false, pid: process.pid, key: err.key, message: err.message })}\n`);
}
