// The demo's log files: days of ordinary lines with the incidents of the demo's story woven in,
// in the three shapes diagnose meets in stores: an application log (UTF-8), the inventory
// service's log in GB18030, and syslog (kernel, UPS daemon, sshd, systemd).
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import type { StoreClock } from './clock.js';
import { HOUR } from './clock.js';
import { Random } from './random.js';

export interface LogStory {
  clock: StoreClock;
  from: number;
  end: number;
  crashAt: number;
  gatewayOutage: { from: number; to: number };
  failedLoginsAt: number;
  diskErrorsAt: number;
}

interface Line {
  at: number;
  text: string;
}

const MINUTE = 60_000;
const SECOND = 1000;

function appTime(clock: StoreClock, ms: number): string {
  return clock.iso(ms).slice(0, 19).replace('T', ' ') + `.${String(ms % 1000).padStart(3, '0')}`;
}

function syslogTime(clock: StoreClock, ms: number): string {
  const iso = clock.iso(ms);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const day = String(Number(iso.slice(8, 10))).padStart(2, ' ');
  return `${months[Number(iso.slice(5, 7)) - 1]} ${day} ${iso.slice(11, 19)}`;
}

function ordinary(random: Random, from: number, to: number, every: number, make: (t: number) => string): Line[] {
  const out: Line[] = [];
  for (let t = from; t < to; t += Math.max(SECOND, Math.floor(every * (0.5 + random.next())))) out.push({ at: t, text: make(t) });
  return out;
}

const render = (lines: Line[], stamp: (ms: number) => string) =>
  lines.sort((a, b) => a.at - b.at).map((l) => `${stamp(l.at)} ${l.text}`).join('\n') + '\n';

export function posServerLog(story: LogStory, random: Random): { current: string; rotated: Buffer } {
  const { clock } = story;
  const split = story.end - 24 * HOUR;
  const chatter = (t: number) =>
    random.weighted([
      [`INFO  [sales] receipt committed register=POS-0${random.int(1, 4)} items=${random.int(1, 9)} ms=${random.int(2, 40)}`, 6],
      [`INFO  [sync] stock delta pushed to HQ batch=${random.int(1000, 9999)} rows=${random.int(1, 80)}`, 2],
      [`DEBUG [http] GET /api/v1/products/${random.int(10000001, 10002000)} 200 ${random.int(1, 9)}ms`, 2],
      [`INFO  [payment] charge ok method=${random.pick(['wechat', 'alipay', 'card'])} ms=${random.int(180, 900)}`, 3],
      [`WARN  [printer] receipt printer POS-0${random.int(1, 4)} paper low`, clock.isOpen(t) ? 0.05 : 0],
    ] as const);
  const lines = ordinary(random, story.from, story.end, 40 * SECOND, chatter);
  const g = story.gatewayOutage;
  for (let t = g.from; t < g.to; t += random.int(20, 70) * SECOND) {
    lines.push({ at: t, text: `ERROR [payment] gateway request failed: POST https://pay.example/api/v2/charge ETIMEDOUT after 30000ms (attempt ${random.int(1, 3)}/3)` });
    if (random.chance(0.4)) lines.push({ at: t + 2 * SECOND, text: 'WARN  [payment] upstream returned 504 Gateway Timeout; falling back to cash-only mode' });
  }
  const lock = story.crashAt - 50 * MINUTE;
  for (let i = 0; i < 14; i++) {
    lines.push({ at: lock + i * 47 * SECOND, text: `ERROR [db] SqliteError: database is locked (SQLITE_BUSY) while committing receipt POS-0${random.int(1, 4)}; retry ${(i % 5) + 1}/5` });
  }
  lines.push({ at: story.diskErrorsAt + 4 * SECOND, text: 'ERROR [db] SqliteError: disk I/O error (SQLITE_IOERR_WRITE) writing store.db-wal' });
  lines.push({ at: story.diskErrorsAt + 9 * SECOND, text: 'ERROR [db] SqliteError: disk I/O error (SQLITE_IOERR_FSYNC)' });
  lines.push({ at: story.crashAt - 20 * SECOND, text: 'WARN  [power] UPS reports ONBATT: running on battery, 11 min remaining' });
  lines.push({ at: story.crashAt + 14 * MINUTE, text: 'INFO  [main] pos-server 4.2.1 starting (pid 1187), previous shutdown was not clean' });
  lines.push({ at: story.crashAt + 14 * MINUTE + 3 * SECOND, text: 'ERROR [db] recovering WAL for /var/lib/pos/store.db: 412 frames, last commit lost' });
  lines.push({ at: story.crashAt + 14 * MINUTE + 5 * SECOND, text: 'FATAL [main] cannot open store database: database disk image is malformed (SQLITE_CORRUPT); registers switched to offline mode' });
  const stamp = (ms: number) => appTime(clock, ms);
  const before = lines.filter((l) => l.at < split);
  const after = lines.filter((l) => l.at >= split && l.at < story.crashAt + 14 * MINUTE + 6 * SECOND);
  return { current: render(after, stamp), rotated: gzipSync(render(before, stamp)) };
}

export function inventoryLogGb18030(story: LogStory, random: Random): Buffer {
  const { clock } = story;
  const chatter = () =>
    random.weighted([
      [`[信息] 库存同步完成，更新 ${random.int(1, 60)} 条记录`, 5],
      [`[信息] 用户 c${String(random.int(1, 12)).padStart(2, '0')} 登录成功`, 1],
      [`[信息] 收货单 PR-${String(random.int(1, 900)).padStart(6, '0')} 已入库`, 1],
    ] as const);
  const lines = ordinary(random, story.from, story.end, 3 * MINUTE, chatter);
  for (let i = 0; i < 9; i++) {
    lines.push({ at: story.failedLoginsAt + i * 13 * SECOND, text: `[警告] 用户 admin 登录失败：密码错误（来源 10.0.0.${random.int(60, 90)}，第 ${i + 1} 次）` });
  }
  lines.push({ at: story.failedLoginsAt + 2 * MINUTE, text: '[警告] 账户 admin 已锁定 30 分钟：连续登录失败' });
  lines.push({ at: story.crashAt - 48 * MINUTE, text: '[错误] 数据库被锁定 (database is locked)，库存扣减重试中' });
  lines.push({ at: story.diskErrorsAt + 6 * SECOND, text: '[错误] 写入失败：磁盘I/O错误 (disk I/O error)' });
  lines.push({ at: story.crashAt + 15 * MINUTE, text: '[严重] 无法打开数据库：数据库文件已损坏 (database disk image is malformed)' });
  const upTo = story.crashAt + 15 * MINUTE;
  const text = render(lines.filter((l) => l.at <= upTo), (ms) => appTime(clock, ms).slice(0, 19));
  return iconv.encode(text, 'gb18030');
}

export function syslog(story: LogStory, random: Random): string {
  const { clock } = story;
  const host = 'pos-server';
  let uptime = 86_400 * 3 + 1234.5;
  const chatter = (t: number) =>
    random.weighted([
      [`${host} CRON[${random.int(2000, 9000)}]: (root) CMD (/usr/lib/pos/housekeeping --quiet)`, 2],
      [`${host} systemd[1]: Started Session ${random.int(100, 999)} of User pos.`, 1],
      [`${host} sshd[${random.int(2000, 9000)}]: Accepted publickey for pos from 10.0.0.5 port ${random.int(40000, 60000)} ssh2`, 1],
      [`${host} kernel: [${(uptime += (t % 7) + 1).toFixed(6)}] e1000e: enp2s0 NIC Link is Up 1000 Mbps Full Duplex`, 0.1],
    ] as const);
  const lines = ordinary(random, story.from, story.end, 20 * MINUTE, chatter);
  for (let i = 0; i < 12; i++) {
    lines.push({ at: story.failedLoginsAt - 5 * MINUTE + i * 9 * SECOND, text: `${host} sshd[${4100 + i}]: Failed password for invalid user admin from 10.0.0.77 port ${51000 + i * 7} ssh2` });
  }
  const d = story.diskErrorsAt;
  lines.push({ at: d, text: `${host} kernel: [${(uptime + 11).toFixed(6)}] blk_update_request: I/O error, dev sda, sector 48213904 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0` });
  lines.push({ at: d + SECOND, text: `${host} kernel: [${(uptime + 12).toFixed(6)}] Buffer I/O error on dev sda2, logical block 6026482, lost async page write` });
  lines.push({ at: d + 2 * SECOND, text: `${host} kernel: [${(uptime + 12.5).toFixed(6)}] EXT4-fs warning (device sda2): ext4_end_bio:343: I/O error 10 writing to inode 1311021 starting block 6026482)` });
  const c = story.crashAt;
  lines.push({ at: c - 90 * SECOND, text: `${host} apcupsd[812]: Power failure.` });
  lines.push({ at: c - 84 * SECOND, text: `${host} apcupsd[812]: Running on UPS batteries.` });
  lines.push({ at: c - 10 * SECOND, text: `${host} apcupsd[812]: Battery power exhausted.` });
  lines.push({ at: c - 8 * SECOND, text: `${host} apcupsd[812]: Initiating system shutdown!` });
  lines.push({ at: c + 13 * MINUTE, text: `${host} kernel: [    0.000000] Linux version 6.1.0-27-amd64 (debian-kernel@lists.debian.org)` });
  lines.push({ at: c + 13 * MINUTE + 4 * SECOND, text: `${host} systemd-fsck[301]: /dev/sda2: recovering journal` });
  lines.push({ at: c + 13 * MINUTE + 6 * SECOND, text: `${host} kernel: [    6.412003] EXT4-fs (sda2): orphan cleanup on readonly fs` });
  lines.push({ at: c + 13 * MINUTE + 40 * SECOND, text: `${host} apcupsd[790]: Power is back. UPS running on mains.` });
  lines.push({ at: c + 14 * MINUTE + 6 * SECOND, text: `${host} systemd[1]: pos-server.service: Main process exited, code=exited, status=1/FAILURE` });
  lines.push({ at: c + 14 * MINUTE + 6 * SECOND, text: `${host} systemd[1]: pos-server.service: Failed with result 'exit-code'.` });
  return render(lines, (ms) => syslogTime(clock, ms));
}
