// The Markdown report: one table of the methods side by side, store-ops' own figures, the
// under-load run, and the aims from the issue with pass/fail.
import { s, mb, mean, ratio, pass } from './figures.js';

export const LABELS = {
  'store-ops-zstd': 'store-ops backup run (zstd, the default)',
  'store-ops-gzip': 'store-ops backup run (gzip, `compression: gzip`)',
  restic: 'restic backup, first, fresh repo (snapshot not timed)',
  'sqlite3+restic': 'sqlite3 .backup + restic backup',
  'sqlite3+tar-gzip+age': 'sqlite3 .backup + `tar czf - \\| age -r`',
  'sqlite3+tar-zstd+age': 'sqlite3 .backup + `tar -I zstd -cf - \\| age -r`',
};

export function summarize(records) {
  const by = new Map();
  for (const r of records) {
    if (!by.has(r.method)) by.set(r.method, []);
    by.get(r.method).push(r);
  }
  const out = {};
  for (const [method, runs] of by) {
    out[method] = {
      method, runs, wall_ms: mean(runs.map((r) => r.wall_ms)), tree_mb: Math.max(...runs.map((r) => r.tree_mb)),
      largest_mb: Math.max(...runs.map((r) => r.largest_mb)), largest_name: runs.reduce((a, b) => (b.largest_mb > a.largest_mb ? b : a)).largest_name,
      output_bytes: mean(runs.map((r) => r.output_bytes)), cpu_ms: mean(runs.map((r) => r.cpu_ms)),
    };
  }
  return out;
}

export function aims(sum, load) {
  const restic = sum.restic.wall_ms;
  const rows = [];
  for (const codec of ['zstd', 'gzip']) {
    const m = sum[`store-ops-${codec}`];
    if (!m) continue;
    const r = m.wall_ms / restic;
    rows.push({ aim: `wall time ≤ 1.2× restic's first backup (${codec}${codec === 'zstd' ? ', default' : ''}), the nightly integrity_check of the snapshot included`, measured: `store-ops/restic wall = ${ratio(r)} (${s(m.wall_ms)} s / ${s(restic)} s)`, ok: r <= 1.2 });
    // The part of the run spent only waiting for that check once the archive's other members were written.
    const wait = m.runs.reduce((a, x) => a + (x.details.json.timings?.checks_wait_ms ?? 0), 0) / m.runs.length;
    const check = m.runs.reduce((a, x) => a + (x.details.json.databases?.[0]?.check_ms ?? 0), 0) / m.runs.length;
    const rw = (m.wall_ms - wait) / restic;
    rows.push({ aim: `the same without the wait for integrity_check (${codec})`, measured: `(wall − checks_wait_ms) / restic = ${ratio(rw)} (${s(m.wall_ms - wait)} s / ${s(restic)} s); the check took ${s(check)} s in its low-priority thread, ${s(wait)} s of it after the rest of the archive`, ok: rw <= 1.2 });
  }
  for (const codec of ['zstd', 'gzip']) {
    const m = sum[`store-ops-${codec}`];
    if (m) rows.push({ aim: `peak RSS < 200 MB (${codec})`, measured: `${m.tree_mb.toFixed(0)} MB for the process tree${m.runs[0].children ? ` (node + ${m.runs[0].children})` : ''}; largest process ${m.largest_name} ${m.largest_mb.toFixed(0)} MB`, ok: m.tree_mb < 200 });
  }
  if (load) {
    const w = load.writer;
    rows.push({
      aim: `under ${w.rate} sales/s: slowest commit < 50 ms and the backup finishes`,
      measured: `max ${w.max_ms.toFixed(1)} ms, p99 ${w.p99_ms.toFixed(1)} ms over ${w.commits_during} commits; backup finished in ${s(load.backup.wall_ms)} s`,
      ok: w.max_ms < 50 && w.errors.length === 0,
    });
    rows.push({
      aim: 'the backup made under load restores and is consistent',
      measured: `integrity_check ${load.verify.integrity}; sales ${load.verify.sales} vs manifest ${load.verify.manifest_sales}`,
      ok: load.verify.ok,
    });
  }
  const loops = Object.keys(sum).filter((k) => k.startsWith('store-ops-')).flatMap((k) => sum[k].runs.map((r) => r.details.event_loop_max_delay_ms));
  if (load) loops.push(load.backup.details.event_loop_max_delay_ms);
  const worst = Math.max(...loops);
  rows.push({ aim: 'event loop never blocked > 100 ms', measured: `worst event_loop_max_delay_ms ${worst} over ${loops.length} store-ops runs (${loops.join(', ')})`, ok: worst <= 100 });
  return rows;
}

export function markdown({ date, machine, versions, store, build, runs, sum, load, aimRows, notes }) {
  const restic = sum.restic.wall_ms;
  const L = [];
  L.push(`# Backup benchmark, ${date}`, '');
  L.push(`Machine: ${machine}. Store: the large demo (\`demo init --size large --seed 1\`), ${store}. store-ops: ${build}.`);
  L.push(`Tools: node ${versions.node}, ${versions.restic}, age ${versions.age}, sqlite3 ${versions.sqlite3}, ${versions.zstd}, ${versions.tar}, ${versions.gzip}.`);
  L.push(`Each method ran ${runs} times, interleaved, each in its own child processes; the page cache was not dropped, so every run read a warm cache.`, '');
  L.push('| method | wall s (each run) | mean wall s | ÷ restic backup | CPU s (mean) | peak RSS MB | output MB | load avg at start |');
  L.push('|---|---|---|---|---|---|---|---|');
  for (const key of Object.keys(LABELS)) {
    const m = sum[key];
    if (!m) continue;
    const each = m.runs.map((r) => s(r.wall_ms)).join(', ');
    const rss = `${m.tree_mb.toFixed(0)} (largest: ${m.largest_name} ${m.largest_mb.toFixed(0)})`;
    const load = m.runs.map((r) => r.load.toFixed(1)).join(', ');
    L.push(`| ${LABELS[key]} | ${each} | ${s(m.wall_ms)} | ${ratio(m.wall_ms / restic)} | ${s(m.cpu_ms)} | ${rss} | ${mb(m.output_bytes)} | ${load} |`);
  }
  L.push('');
  L.push('Wall: whole process (for the shell methods, the sum of their timed steps: the `sqlite3 .backup` and then the pipeline; `restic init` is not timed).');
  L.push('Peak RSS: VmHWM from /proc/<pid>/status polled every 20 ms over the process tree; the figure is the largest sum over the processes alive at once (store-ops: Node + the child processes it starts, e.g. `zstd` and `age`; pipelines: tar + compressor + age), the largest single process in brackets.');
  L.push('CPU: user + system time of every process in the tree (all threads), from /proc/<pid>/stat. Load avg: the 1-minute load average when the measurement started; anything well above 0 means other work shared the 2 cores and the wall times are inflated.');
  L.push('Output: the `.age` file; for restic, the repository on disk.', '');

  L.push('## store-ops, run by run', '');
  L.push('| run | codec | process wall s | duration_ms | snapshot_ms | pack+compress+encrypt s (waits for the check included) | integrity_check s (low-priority thread) | waiting for it s | event_loop_max_delay_ms | size MB |');
  L.push('|---|---|---|---|---|---|---|---|---|---|');
  const soRuns = Object.keys(sum).filter((k) => k.startsWith('store-ops-')).flatMap((k) => sum[k].runs);
  if (load) soRuns.push(load.backup);
  for (const r of soRuns) {
    const j = r.details.json;
    const checkMs = (j.databases ?? []).reduce((a, d) => a + (d.check_ms ?? 0), 0);
    L.push(`| ${r.run} | ${j.codec} | ${s(r.wall_ms)} | ${j.duration_ms} | ${j.snapshot_ms} | ${s(j.duration_ms - j.snapshot_ms)} | ${s(checkMs)} | ${s(j.timings?.checks_wait_ms ?? 0)} | ${j.event_loop_max_delay_ms} | ${mb(j.size)} |`);
  }
  const snaps = Object.keys(sum).filter((k) => k.startsWith('sqlite3+')).flatMap((k) => sum[k].runs.map((r) => r.steps.snapshot));
  if (snaps.length) L.push('', `For comparison, \`sqlite3 .backup\` alone took ${s(mean(snaps))} s on average (${snaps.length} runs).`);
  L.push('');

  if (load) {
    const w = load.writer;
    const v = load.verify;
    L.push('## Under load', '');
    L.push(`A second process (bench/lib/writer.js) committed ${w.rate} sales a second into a copy of the store (one transaction per sale: sales row, 1–4 lines, payment, stock movements, stock updates; WAL, busy_timeout 5000, synchronous ${w.synchronous}) while \`store-ops backup run\` (${load.backup.details.json.codec}) ran.`, '');
    L.push('| window | commits | max commit ms | p99 ms | p50 ms | commits > 50 ms |');
    L.push('|---|---|---|---|---|---|');
    const b = w.baseline;
    L.push(`| writer alone, before the backup (baseline) | ${b.commits} | ${b.max_ms.toFixed(1)} | ${b.p99_ms.toFixed(1)} | ${b.p50_ms.toFixed(1)} | — |`);
    L.push(`| during \`store-ops backup run\` (${s(load.backup.wall_ms)} s) | ${w.commits_during} | ${w.max_ms.toFixed(1)} | ${w.p99_ms.toFixed(1)} | ${w.p50_ms.toFixed(1)} | ${w.over_50ms} |`);
    L.push('');
    L.push(`During the backup the writer kept ${w.achieved_rate.toFixed(1)} commits/s (its latest start was ${w.max_lag_ms.toFixed(0)} ms behind schedule; ${w.errors.length} errors). The backup: ${s(load.backup.wall_ms)} s, snapshot ${s(load.backup.details.json.snapshot_ms)} s, event_loop_max_delay_ms ${load.backup.details.event_loop_max_delay_ms}. Slowest commits, seconds after the backup process started: ${w.slowest.map((x) => `+${x.at_s.toFixed(1)} s ${x.ms.toFixed(0)} ms`).join(', ')}.`, '');
    L.push(`Verified by hand: \`age -d -i keys/identity.txt | tar ${v.codec_flag} -x\` (${s(v.extract_ms)} s), \`PRAGMA integrity_check\` = ${v.integrity} (${s(v.integrity_ms)} s), sales in the snapshot ${v.sales} = manifest row_counts.sales ${v.manifest_sales}: ${v.ok ? 'ok' : 'MISMATCH'}. The snapshot holds ${v.bench_sales} of the writer's sales (${w.committed_before_backup} were committed before the backup process started).`, '');
  }

  L.push('## Aims', '');
  L.push('| aim | measured | result |');
  L.push('|---|---|---|');
  for (const a of aimRows) L.push(`| ${a.aim} | ${a.measured} | ${pass(a.ok)} |`);
  if (notes?.length) L.push('', ...notes);
  L.push('');
  return L.join('\n');
}
