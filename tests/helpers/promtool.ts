// Prometheus' own linter on a metrics text: `promtool check metrics` (Debian package prometheus,
// installed by scripts/test-tools.mjs before npm test). Returns its exit code and complaints.
import { spawnSync } from 'node:child_process';

export function promtoolCheck(text: string): { code: number | null; problems: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): npm test installs it (scripts/test-tools.mjs), or apt-get install prometheus`);
  return { code: r.status, problems: `${r.stdout}${r.stderr}`.trim() };
}
