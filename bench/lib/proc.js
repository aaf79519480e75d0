// Runs one command in its own child process and measures it: wall time, and peak memory from
// /proc/<pid>/status (VmHWM, the kernel's high-water mark of each process's resident set),
// polled every 20 ms over the whole process tree (a shell pipeline, or store-ops and its zstd).
//
// Two memory figures per command:
//   tree_mb    the largest, over the samples, of the sum of VmHWM of the processes alive at that
//              moment: an upper bound of what the pipeline held at once (a pipeline's stages run
//              together, so their memory adds up);
//   largest_mb the largest VmHWM of any single process in the tree.
// A process that lives less than one polling interval may be missed (those are tiny).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const POLL_MS = 20;

function readStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text);
    const name = /^Name:\s+(.*)$/m.exec(text);
    return { hwmKb: hwm ? Number(hwm[1]) : 0, name: name ? name[1] : '?' };
  } catch {
    return undefined; // gone, or a zombie with no memory left
  }
}

const CLK_TCK = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** ppid and own CPU time (utime + stime, in ticks) from /proc/<pid>/stat. */
function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: the fields after its last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** Every live process below root (root included), with its CPU ticks so far. */
function treeOf(root) {
  const children = new Map();
  const stats = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const st = readStat(pid);
    if (!st) continue;
    stats.set(pid, st);
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(pid);
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    if (stats.has(pid)) out.push({ pid, ticks: stats.get(pid).ticks });
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return out;
}

/**
 * Runs `command args` and resolves with { code, signal, wall_ms, cpu_ms, load_at_start, tree_mb,
 * largest_mb, largest_name, stdout, stderr, started_at, ended_at }. cpu_ms is the user + system CPU
 * time of the tree's processes as last sampled (a process's final 20 ms may be missed). stdout/stderr are collected as text unless options.stdout
 * is 'ignore' / 'inherit'. options.timeoutMs kills the tree with SIGKILL.
 */
export function measure(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const loadAtStart = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
    const startedAt = Date.now();
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d) => (stderr += d));
    const hwm = new Map(); // pid -> { kb, name }
    let treeKb = 0;
    const cpu = new Map(); // pid -> own CPU ticks, last seen
    const sample = () => {
      let sum = 0;
      for (const { pid, ticks } of treeOf(child.pid)) {
        cpu.set(pid, Math.max(ticks, cpu.get(pid) ?? 0));
        const s = readStatus(pid);
        if (!s) continue;
        const prev = hwm.get(pid);
        if (!prev || s.hwmKb > prev.kb) hwm.set(pid, { kb: s.hwmKb, name: s.name });
        sum += s.hwmKb;
      }
      if (sum > treeKb) treeKb = sum;
    };
    const timer = setInterval(sample, POLL_MS);
    let killer;
    if (options.timeoutMs) {
      killer = setTimeout(() => {
        for (const { pid } of treeOf(child.pid).reverse()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }, options.timeoutMs);
    }
    child.on('error', (err) => {
      clearInterval(timer);
      clearTimeout(killer);
      reject(new Error(`cannot start ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      clearInterval(timer);
      clearTimeout(killer);
      let largest = { kb: 0, name: '' };
      for (const v of hwm.values()) if (v.kb > largest.kb) largest = v;
      const children = [...new Set([...hwm].filter(([pid]) => pid !== child.pid).map(([, v]) => v.name))];
      const cpuMs = ([...cpu.values()].reduce((a, b) => a + b, 0) * 1000) / CLK_TCK;
      resolve({
        code, signal, wall_ms: wall, cpu_ms: cpuMs, load_at_start: loadAtStart, tree_mb: treeKb / 1024, largest_mb: largest.kb / 1024, largest_name: largest.name,
        children, stdout, stderr, started_at: startedAt, ended_at: Date.now(),
      });
    });
    // Sample right away too: short-lived first stages.
    setImmediate(sample);
  });
}

/** Runs a shell pipeline through bash with pipefail; measured like any command. */
export function measureShell(script, options = {}) {
  return measure('bash', ['-o', 'pipefail', '-c', script], options);
}

/** Throws one clear line when a measured command failed. */
export function mustSucceed(what, r) {
  if (r.code !== 0) {
    const detail = (r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${what} failed (exit ${r.code ?? r.signal}): ${detail}`);
  }
  return r;
}

/** Shell-quotes one argument. */
export function q(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}
