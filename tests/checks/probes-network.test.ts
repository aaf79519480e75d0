// Network probes against real servers on 127.0.0.1: devices that accept and then say nothing,
// HTTP servers that never answer, names that do not resolve, printers out of paper, and a
// certificate about to expire. Every wait ends at its timeout and is reported.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NameResolver, dnsProbes } from '../../src/checks/probes/dns.js';
import { httpProbes } from '../../src/checks/probes/http.js';
import { tcpProbe } from '../../src/checks/probes/tcp.js';

const TIMEOUT = 400;
const servers: Array<net.Server> = [];
const sockets: net.Socket[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'store-ops-net-'));

function listen<T extends net.Server>(server: T): Promise<number> {
  servers.push(server);
  server.on('connection', (s: net.Socket) => sockets.push(s));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

let silent: number;
let paperOut: number;
let hanging: number;
let unhealthy: number;
let tls: number;
let closed: number;

beforeAll(async () => {
  silent = await listen(net.createServer(() => undefined));
  // An ESC/POS printer: online (0x12), roll paper sensor says paper end (0x72).
  paperOut = await listen(net.createServer((s) => s.once('data', () => s.write(Buffer.from([0x12, 0x72])))));
  hanging = await listen(http.createServer(() => undefined));
  unhealthy = await listen(http.createServer((_req, res) => res.writeHead(503).end('down')));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3', '-subj', '/CN=localhost',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  tls = await listen(https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('ok')));
  const probe = net.createServer();
  closed = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

const resolver = () => new NameResolver(TIMEOUT);

describe('TCP probe', () => {
  it('reports a printer that accepts the connection and never answers the status request, within the timeout', async () => {
    const r = await tcpProbe({ name: 'printer', host: '127.0.0.1', port: silent, check: 'escpos' }, resolver(), TIMEOUT);
    expect(r.status).toBe('warning');
    expect(r.problem?.id).toBe('device-unreachable');
    expect(r.message).toMatchObject({ key: 'probe.tcp.noAnswer' });
    expect(r.duration_ms).toBeLessThan(TIMEOUT + 300);
  });

  it('passes a plain connect check on the same silent device', async () => {
    const r = await tcpProbe({ name: 'printer', host: '127.0.0.1', port: silent, check: 'connect' }, resolver(), TIMEOUT);
    expect(r.status).toBe('ok');
  });

  it('reads paper-out from an ESC/POS printer status', async () => {
    const r = await tcpProbe({ name: 'printer', host: '127.0.0.1', port: paperOut, check: 'escpos' }, resolver(), TIMEOUT);
    expect(r.problem?.id).toBe('printer-paper-out');
  });

  it('reports a refused connection with its error code', async () => {
    const r = await tcpProbe({ name: 'register-1', host: '127.0.0.1', port: closed, check: 'connect' }, resolver(), TIMEOUT);
    expect(r.status).toBe('warning');
    expect(r.problem?.evidence?.[0]).toContain('ECONNREFUSED');
  });
});

describe('HTTP probe', () => {
  it('times out on a server that never responds and names the payment runbook for a payment URL', async () => {
    const [r] = await httpProbes({ name: 'payment-gateway', url: `http://127.0.0.1:${hanging}/health`, expect_status: 200 }, resolver(), TIMEOUT, 14);
    expect(r!.status).toBe('critical');
    expect(r!.message).toMatchObject({ key: 'probe.http.timedOut' });
    expect(r!.problem).toMatchObject({ id: 'http-unreachable', runbook: 'payment-failure' });
    expect(r!.duration_ms).toBeLessThan(TIMEOUT + 300);
  });

  it('reports an unexpected status', async () => {
    const [r] = await httpProbes({ name: 'hq', url: `http://127.0.0.1:${unhealthy}/`, expect_status: 200 }, resolver(), TIMEOUT, 14);
    expect(r).toMatchObject({ status: 'critical', value: expect.any(Number), problem: { id: 'http-unhealthy', runbook: 'network-outage' } });
  });

  it('warns about a certificate that expires in 3 days, even though it is self-signed', async () => {
    const results = await httpProbes({ name: 'hq', url: `https://localhost:${tls}/`, expect_status: 200 }, resolver(), 2000, 14);
    expect(results[0]!.status).toBe('ok');
    const cert = results.find((r) => r.kind === 'tls')!;
    expect(cert.status).toBe('warning');
    expect(cert.value).toBeGreaterThan(2);
    expect(cert.value).toBeLessThanOrEqual(3);
    expect(cert.problem?.id).toBe('tls-cert-expiring');
  });
});

describe('DNS probe', () => {
  it('reports a name that does not resolve within the timeout, and resolves names from /etc/hosts', async () => {
    const started = Date.now();
    const results = await dnsProbes(['no-such-device.invalid', 'localhost', '10.0.0.5'], resolver());
    expect(Date.now() - started).toBeLessThan(TIMEOUT + 1000);
    expect(results.map((r) => [r.name, r.status])).toEqual([['dns:no-such-device.invalid', 'warning'], ['dns:localhost', 'ok']]);
    expect(results[0]!.problem?.id).toBe('dns-unresolved');
  });
});
