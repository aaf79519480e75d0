// Devices that must answer on TCP: registers, receipt printers (9100), HQ. `check: connect`
// (the default) passes when the connection opens; `check: escpos` also asks an ESC/POS
// receipt printer for its status (DLE EOT 1 and 4) and reads the offline and paper-end bits,
// so a printer that accepts connections but has hung, or has no paper, is caught too.
import net from 'node:net';
import type { RunbookId, ProbeResult } from '../types.js';
import { TimedOut, withTimeout } from '../deadline.js';
import type { NameResolver } from './dns.js';
import { begin, errorCode, finish, problem, type Measured } from './result.js';

export interface TcpTarget {
  name: string;
  host: string;
  port: number;
  check: 'connect' | 'escpos';
  runbook?: RunbookId | undefined;
}

const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x04]);

interface Answer {
  connectMs: number;
  status?: Buffer;
}

function talk(t: TcpTarget, resolver: NameResolver, timeoutMs: number): Promise<Answer> {
  const socket = net.connect({ host: t.host, port: t.port, lookup: resolver.lookupFor() });
  const started = performance.now();
  const work = new Promise<Answer>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      const connectMs = Math.round(performance.now() - started);
      if (t.check === 'connect') return resolve({ connectMs });
      let got = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length >= 2) resolve({ connectMs, status: got.subarray(0, 2) });
      });
      socket.once('end', () => reject(new Error('closed the connection without answering')));
      socket.write(STATUS_REQUEST);
    });
  });
  return withTimeout(work, timeoutMs).finally(() => socket.destroy());
}

function failed(m: Measured, t: TcpTarget, err: unknown, timeoutMs: number): ProbeResult {
  const waiting = t.check === 'escpos' ? 'probe.tcp.noAnswer' : 'probe.tcp.timedOut';
  const key = err instanceof TimedOut ? waiting : 'probe.tcp.failed';
  const params = { name: t.name, host: t.host, port: t.port, problem: errorCode(err), ms: timeoutMs };
  return finish(m, 'warning', null, 'ms', key, params,
    problem('device-unreachable', 'network', t.runbook ?? 'network-outage', 'finding.deviceUnreachable.title', 'finding.deviceUnreachable.explain', params, [`${t.name} ${t.host}:${t.port}: ${errorCode(err)}`]));
}

export async function tcpProbe(t: TcpTarget, resolver: NameResolver, timeoutMs: number): Promise<ProbeResult> {
  const m = begin(`tcp:${t.name}`, 'tcp');
  let answer: Answer;
  try {
    answer = await talk(t, resolver, timeoutMs);
  } catch (err) {
    return failed(m, t, err, timeoutMs);
  }
  const params = { name: t.name, host: t.host, port: t.port, ms: answer.connectMs };
  if (!answer.status) return finish(m, 'ok', answer.connectMs, 'ms', 'probe.tcp.ok', params);
  const [printer, paper] = [answer.status[0]!, answer.status[1]!];
  // ESC/POS: printer status bit 3 = offline; roll paper sensor bits 5-6 = paper end, 2-3 = near end.
  if (printer & 0x08) {
    return finish(m, 'warning', answer.connectMs, 'ms', 'probe.tcp.printerOffline', params,
      problem('printer-offline', 'hardware', t.runbook ?? null, 'finding.printerOffline.title', 'finding.printerOffline.explain', params));
  }
  if (paper & 0x60) {
    return finish(m, 'warning', answer.connectMs, 'ms', 'probe.tcp.paperOut', params,
      problem('printer-paper-out', 'hardware', t.runbook ?? null, 'finding.printerPaperOut.title', 'finding.printerPaperOut.explain', params));
  }
  return finish(m, 'ok', answer.connectMs, 'ms', paper & 0x0c ? 'probe.tcp.paperLow' : 'probe.tcp.printerOk', params);
}
