// The restore report: the methods side by side with ratios against `restic restore`, store-ops'
// own timings run by run, and the aims from the issue with pass/fail.
import { s, mb, mean, ratio, pass } from './figures.js';

const RATIO_AIM = 1.5;
const RSS_AIM_MB = 200;

export function summarizeRestores(records) {
  const by = new Map();
  for (const r of records) {
    if (!by.has(r.method)) by.set(r.method, []);
    by.get(r.method).push(r);
  }
  const out = {};
  for (const [method, runs] of by) {
    const big = runs.reduce((a, b) => (b.largest_mb > a.largest_mb ? b : a));
    out[method] = {
      method, runs, wall_ms: mean(runs.map((r) => r.wall_ms)), cpu_ms: mean(runs.map((r) => r.cpu_ms)),
      tree_mb: Math.max(...runs.map((r) => r.tree_mb)), largest_mb: big.largest_mb, largest_name: big.largest_name,
    };
  }
  const so = out['store-ops'];
  if (so) {
    const avg = (f) => mean(so.runs.map(f));
    so.timings = {
      extract_ms: avg((r) => r.details.timings.extract_ms), check_ms: avg((r) => r.details.timings.check_ms),
      swap_ms: avg((r) => r.details.timings.swap_ms), live_check_ms: avg((r) => r.details.timings.live_check_ms),
      other_ms: avg((r) => r.details.other_ms),
    };
    so.to_swap_ms = avg((r) => r.details.to_swap_ms);
  }
  return out;
}

export function restoreAims(sum) {
  const restic = sum.restic.wall_ms;
  const so = sum['store-ops'];
  const rows = [];
  const whole = so.wall_ms / restic;
  rows.push({
    aim: `restore, whole process, ≤ ${RATIO_AIM}× \`restic restore\` (a signed backup: hashes while streaming, header and schema of the placed database)`,
    measured: `wall / restic = ${ratio(whole)} (${s(so.wall_ms)} s / ${s(restic)} s)`,
    ok: whole <= RATIO_AIM,
  });
  const r1 = so.to_swap_ms / restic;
  rows.push({
    aim: `restore up to and including the swap ≤ ${RATIO_AIM}× \`restic restore\``,
    measured: `(wall − check_ms − live_check_ms) / restic = ${ratio(r1)} (${s(so.to_swap_ms)} s / ${s(restic)} s)`,
    ok: r1 <= RATIO_AIM,
  });
  const depths = so.runs.flatMap((r) => r.details.database_checks ?? []);
  rows.push({
    aim: 'no second full scan of a database whose signed manifest records integrity_check ok',
    measured: `database checks: ${depths.map((d) => `${d.database} ${d.depth} (${d.result})`).join(', ') || 'none reported'}`,
    ok: depths.length > 0 && depths.every((d) => d.depth === 'recorded' && d.result === 'ok'),
  });
  rows.push({
    aim: `peak RSS < ${RSS_AIM_MB} MB (store-ops restore, whole process tree)`,
    measured: `${so.tree_mb.toFixed(0)} MB (node + ${[...new Set(so.runs.flatMap((r) => r.children))].join(' + ') || 'no children seen'}); largest process ${so.largest_name} ${so.largest_mb.toFixed(0)} MB`,
    ok: so.tree_mb < RSS_AIM_MB,
  });
  const checks = so.runs.flatMap((r) => r.details.live_checks);
  rows.push({
    aim: 'every store-ops restore swapped and its live check passed',
    measured: `${so.runs.length} runs; live checks: ${checks.map((c) => `${c.check} = ${c.detail}`).join(', ')}`,
    ok: checks.length > 0 && checks.every((c) => c.ok),
  });
  return rows;
}

export function restoreMarkdown({ date, machine, versions, store, build, runs, sum, aimRows, rc, cliIntegrity, notes }) {
  const restic = sum.restic.wall_ms;
  const so = sum['store-ops'];
  const L = [];
  L.push(`# Restore benchmark, ${date}`, '');
  L.push(`Machine: ${machine}. Store: the large demo (\`demo init --size large --seed 1\`), ${store}; restored: its \`sqlite3 .backup\` copy, ${mb(rc.pristineBytes)} MB. store-ops: ${build}.`);
  L.push(`Tools: node ${versions.node}, ${versions.restic}, age ${versions.age}, ${versions.zstd}, ${versions.tar}, ${versions.gzip}.`);
  const b = rc.backups;
  L.push(`Backups restored, all of that one copy: a store-ops zstd backup (${mb(b.zstd.size)} MB)${b.gzip ? `, a store-ops gzip backup (${mb(b.gzip.size)} MB)` : ''} and a restic snapshot in a fresh repository (${mb(b.restic.repo_bytes)} MB on disk).`);
  L.push(`Each method ran ${runs} times, interleaved, each in its own child processes, after \`sync\`; the page cache was not dropped (warm cache). Before every store-ops run a fresh copy of the old database was put in place, so every run really swapped; the other methods wrote into a fresh empty folder.`, '');

  L.push('| method | wall s (each run) | mean wall s | ÷ restic restore | CPU s (mean) | peak RSS MB | load avg at start |');
  L.push('|---|---|---|---|---|---|---|');
  const row = (label, m, wallEach, wallMean, cpu) => {
    const rss = `${m.tree_mb.toFixed(0)} (largest: ${m.largest_name} ${m.largest_mb.toFixed(0)})`;
    L.push(`| ${label} | ${wallEach} | ${s(wallMean)} | ${ratio(wallMean / restic)} | ${cpu} | ${rss} | ${m.runs.map((r) => r.load.toFixed(1)).join(', ')} |`);
  };
  row('`store-ops restore --latest --yes`, whole process', so, so.runs.map((r) => s(r.wall_ms)).join(', '), so.wall_ms, s(so.cpu_ms));
  row('… up to and including the swap (wall − check_ms − live_check_ms)', so, so.runs.map((r) => s(r.details.to_swap_ms)).join(', '), so.to_swap_ms, '—');
  const paranoid = sum['store-ops-paranoid'];
  if (paranoid) row('`store-ops restore --latest --yes --paranoid` (integrity_check of the staged and the live database), whole process', paranoid, paranoid.runs.map((r) => s(r.wall_ms)).join(', '), paranoid.wall_ms, s(paranoid.cpu_ms));
  const others = [
    ['restic', '`restic restore latest --target DIR`'],
    ['age+tar-zstd', '`age -d -i identity FILE \\| tar --zstd -x -C DIR` (the store-ops zstd backup)'],
    ['age+tar-gzip', '`age -d -i identity FILE \\| tar xz -C DIR` (the store-ops gzip backup)'],
  ];
  for (const [key, label] of others) {
    const m = sum[key];
    if (m) row(label, m, m.runs.map((r) => s(r.wall_ms)).join(', '), m.wall_ms, s(m.cpu_ms));
  }
  L.push('');
  L.push('Wall: whole process, from spawn to exit. The "up to and including the swap" rows subtract store-ops\' own `timings` from its wall time, so they keep its start-up, the choice of the backup, the scan of /proc for processes holding the database, the archive\'s SHA-256 against the sidecar, decrypt + decompress + unpack + SHA-256 of every member against the manifest (extract_ms), and the quarantine + rename (swap_ms). Peak RSS and CPU are those of the whole run (the same process).');
  L.push('What each method checks: store-ops, the sidecar\'s signature against a trusted key, the archive SHA-256, every member\'s SHA-256 and size against the manifest, the integrity_check result the manifest recorded at backup time, then the header (page size and count) and schema hash of the staged and of the live database; with `--paranoid`, `integrity_check` and row counts of the staged database and `quick_check` of the live one as well; restic, the SHA-256 of every blob it restores (and its MAC); `age -d`, the authentication of every chunk of the archive (no member hashes, no SQLite check).');
  L.push('Peak RSS: VmHWM from /proc/<pid>/status polled every 20 ms over the process tree, the largest sum over the processes alive at once (store-ops: Node + its `age` and `zstd` children); the largest single process in brackets. CPU: user + system of every process in the tree.', '');

  L.push('## store-ops restore, run by run', '');
  L.push('Milliseconds from its `--json` result (`timings`); other = wall − the four (start-up, choosing the backup, the /proc scan, the archive SHA-256 against the sidecar, removing the staging folder, the audit row, exit).', '');
  L.push('| run | wall | extract_ms (decrypt+decompress+unpack+hash) | check_ms (staged database: header + schema) | swap_ms (quarantine + rename) | live_check_ms (live database: header + schema) | other | up to and including the swap | peak RSS MB |');
  L.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of so.runs) {
    const t = r.details.timings;
    L.push(`| ${r.run} | ${r.wall_ms.toFixed(0)} | ${t.extract_ms} | ${t.check_ms} | ${t.swap_ms} | ${t.live_check_ms} | ${r.details.other_ms.toFixed(0)} | ${r.details.to_swap_ms.toFixed(0)} | ${r.tree_mb.toFixed(0)} |`);
  }
  const t = so.timings;
  const share = (x) => `${((100 * x) / so.wall_ms).toFixed(0)} %`;
  L.push(`| mean | ${so.wall_ms.toFixed(0)} | ${t.extract_ms.toFixed(0)} (${share(t.extract_ms)}) | ${t.check_ms.toFixed(0)} (${share(t.check_ms)}) | ${t.swap_ms.toFixed(0)} (${share(t.swap_ms)}) | ${t.live_check_ms.toFixed(0)} (${share(t.live_check_ms)}) | ${t.other_ms.toFixed(0)} (${share(t.other_ms)}) | ${so.to_swap_ms.toFixed(0)} | ${so.tree_mb.toFixed(0)} |`);
  L.push('');
  const refs = [`\`sha256sum\` of the zstd archive alone: ${s(rc.sha256sum_ms)} s`];
  const byHand = sum['age+tar-zstd'];
  if (byHand) refs.push(`\`age -d | tar --zstd -x\` of the same archive (decrypt + decompress + unpack, no hashes): ${s(byHand.wall_ms)} s against extract_ms ${s(t.extract_ms)} s`);
  if (cliIntegrity) refs.push(`\`sqlite3 … 'PRAGMA integrity_check'\` on the under-load backup's database in this run: ${s(cliIntegrity)} s`);
  L.push(`For comparison: ${refs.join('; ')}.`, '');

  L.push('## Aims (restore)', '');
  L.push('| aim | measured | result |');
  L.push('|---|---|---|');
  for (const a of aimRows) L.push(`| ${a.aim} | ${a.measured} | ${pass(a.ok)} |`);
  if (notes?.length) L.push('', ...notes);
  L.push('');
  return L.join('\n');
}
