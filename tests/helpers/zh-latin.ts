// Finds English in Chinese output. A line passes when, after taking out what Chinese text carries
// as is (commands and options to type, ids, file names and paths, SQL and program names, the units
// Chinese uses as written, key material, names from the store's own config and data), no Latin
// letter is left. Each rule is a span a technician would copy or search for, never a word to read.

/** Programs and formats named as themselves in Chinese text; SQLite's own words among them. */
const TECH_NAMES = [
  'SQLite', 'SQLITE_\\w+', 'SQL', 'WAL', 'PRAGMA', 'JSON', 'CSV', 'YAML', 'Markdown', 'UTF-8', 'utf-8', 'gb18030', 'GB18030',
  'UTC', 'cron', 'crontab', 'systemd', 'age', 'minisign', 'tar', 'zstd', 'gzip', 'S3', 'HH:MM', 'YYYY-MM-DD',
  'README', 'sudoers', 'Ed25519', 'POS', 'SKU', 'listr2', 'TTY', 'LANG', 'NO_COLOR', 'U(?=\\s?盘)', 'ISO 8601', 'IANA', 'Excel',
  'stdout', 'stderr', 'base64', 'Ctrl\\+C', 'database disk image is malformed', 'file is not a database', 'MB', 'GB', 'CPU', 'DNS', 'HTTP', 'TLS', 'UPS', 'USB', 'WAN', 'SMART', 'RMA', 'PON', 'LOS', 'VACUUM', 'REINDEX',
];

/** Programs whose command lines the text tells a person to type. */
const PROGRAMS = ['store-ops', 'sudo', 'systemctl', 'mkdir', 'minisign', '/usr/bin/node', 'sqlite3', 'ls', 'cp', 'mv', 'ps', 'df', 'du', 'cd',
  'sha256sum', 'smartctl', 'gzip', 'journalctl', 'crontab', 'apt-get', 'timedatectl', 'getent', 'head', 'grep', 'sort', 'tail', 'dmesg',
  'usermod', 'groupadd', 'visudo', 'setpriv'];

// A word of a command line: no Chinese, and not the ` or | that close it in a Markdown table.
const NOT_CJK = '[^\\s`|\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]';

/**
 * Multi-word command names may stand alone ("backup verify"); one-word ones only after store-ops,
 * or in the command column of --help.
 */
export function commandNamePatterns(commands: readonly string[][]): RegExp[] {
  const multi = commands.filter((w) => w.length > 1).map((w) => w.join('\\s+'));
  const every = [...new Set(commands.map((w) => w.join(' ')))];
  return [
    new RegExp(`\\b(?:${multi.join('|')})\\b`, 'g'),
    new RegExp(`^\\s+(?:${every.join('|')})(?: [<[][^\\]>]*[>\\]])*(?=\\s{2,}\\S)`, 'g'),
  ];
}

const RULES: RegExp[] = [
  // Literal values to type, in ASCII quotes, and addresses.
  /"[^"\n]*"|'[^'\n]*'|https?:\/\/\S+/g,
  // A command line to type: store-ops (or a program it tells you to run) and every word after it
  // up to the first Chinese character or full-width mark.
  new RegExp(`(?<![\\w/-])(?:${PROGRAMS.join('|')})(?![\\w-])(?:[ \\t]+${NOT_CJK}+)*`, 'g'),
  // A step's id where the checklist and the walk show it: "(操作, keep-evidence)", "… (why)".
  /\((?:操作|判断|命令|记录|手写小票), [a-z][\w-]*\)/g,
  /(?<=^第 \d+\/\d+ 步 · .*) \([a-z][\w-]*\)$/g,
  // Options, with the value that follows them; short options; placeholders.
  new RegExp(`(?<![\\w-])--?[a-zA-Z][\\w-]*(?:[ =](?:<[^>]*>|\\[[^\\]]*\\]|"[^"]*"|${NOT_CJK}+))?`, 'g'),
  // A process, as program[pid].
  /\b[\w.-]+\[\d+\]/g,
  /<[^>\s]+>|\[[\w|=.…-]+\]/g,
  // CSV lines (a header, an example row).
  /[^\s，。；：、]+(?:,[^\s,，。；：、]*){3,}/g,
  // Paths, file names and extensions.
  /\S*\/\S*/g,
  /[\w.-]+\.(?:db|yaml|yml|csv|md|log|gz|jsonl|json|age|ini|txt|key|pub|prom|zst|tar|service|timer|js)\b/g,
  /(?<![\w])\.[a-z]+\b/g,
  /(?<![\w])-(?:wal|shm)\b/g,
  // Config keys (dotted, snake_case, or "key:" at the start of a YAML line), SQL names, ids joined
  // by - _ or : (runbook, step, finding, probe and device ids, backup file stems).
  /\b[a-z_]+(?:\.[a-z_]+)+\b/g,
  /^\s*(?:-\s+)?[a-z_]+: [\w.\/*-]+$/g,
  /^\s*(?:-\s+)?[a-z_][\w-]*:(?=\s|$)/g,
  /\b[a-z_]+:(?=\s*[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]|$)/g,
  /(?<=（)[a-z_]+: \w+(?=）)/g,
  /\b[A-Z]+-…/g,
  /\b[A-Za-z0-9]+(?:[_:-][A-Za-z0-9]+)+\b/g,
  /\b[a-z]+:(?=\/)/g,
  // Key material and hashes: recipients, public keys, key ids, hex ids.
  /\b[A-Za-z0-9+/=]{20,}\b/g,
  /\b[0-9A-F]{12,16}\b/g,
  /\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/g,
  /\bE[A-Z]{3,}\b/g,
  // Durations as typed after an option (30m, 24h, 2d, 1w).
  /(?<![\w.])\d+[smhdw](?![\w])/g,
  // Versions and the units Chinese text writes as is.
  /\bv\d+(?:\.\d+)*\b/g,
  /\d(?:[\d.,]*)\s?(?:B|KB|MB|GB|TB|KiB|MiB|GiB|kg|g|L|ml)\b/g,
  new RegExp(`(?<![A-Za-z])(?:${TECH_NAMES.join('|')})(?![A-Za-z])`, 'g'),
];

export interface Finding {
  line: string;
  words: string[];
}

export interface CheckOptions {
  /** Names from the store's config and data, and ids read from --json: taken out before the rules. */
  names: readonly string[];
  commands: readonly string[][];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A time for people is written on the store's clock ("2026-11-21 18:00 +08:00"); the ISO form with
// its T (and a Z for UTC) is for JSON, so it counts as English, whole.
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?/g;

/** The Latin words left in one line after every allowed span is taken out. */
export function latinWords(line: string, opts: CheckOptions): string[] {
  const iso = line.match(ISO_TIME) ?? [];
  let rest = line.replace(ISO_TIME, ' ');
  // Command lines and names first: a table called "sales" must not cut "reconcile sales" in two.
  for (const rule of [...RULES.slice(0, 2), ...commandNamePatterns(opts.commands)]) rest = rest.replace(rule, ' ');
  const names = [...opts.names].filter((n) => /[A-Za-z]/.test(n)).sort((a, b) => b.length - a.length);
  for (const n of names) rest = rest.replace(new RegExp(`(?<![A-Za-z0-9_-])${escape(n)}(?![A-Za-z0-9_-])`, 'g'), ' ');
  for (const rule of RULES.slice(2)) rest = rest.replace(rule, ' ');
  return [...iso, ...(rest.match(/[A-Za-z]+/g) ?? [])];
}

export function englishIn(text: string, opts: CheckOptions): Finding[] {
  return text.split('\n').flatMap((line) => {
    const words = latinWords(line, opts);
    return words.length > 0 ? [{ line, words }] : [];
  });
}
