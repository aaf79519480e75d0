// Health URLs (the payment gateway, HQ): the expected status within the timeout, the time to
// the response headers, and for HTTPS the days left on the server's certificate. An untrusted
// certificate is reported but does not hide the expiry date: the request is made without
// verification and the verdict read from the socket afterwards.
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { ProbeResult, RunbookId, Status } from '../types.js';
import { TimedOut, withTimeout } from '../deadline.js';
import type { NameResolver } from './dns.js';
import { begin, errorCode, finish, problem, round1 } from './result.js';

export interface HttpTarget {
  name: string;
  url: string;
  expect_status: number;
  runbook?: RunbookId | undefined;
}

interface Reply {
  status: number;
  ms: number;
  validTo?: number;
  trustError?: string;
}

/** Payment health URLs open the payment runbook; any other, the network one. */
export function defaultRunbook(t: HttpTarget): RunbookId {
  return /pay|支付/i.test(`${t.name} ${t.url}`) ? 'payment-failure' : 'network-outage';
}

function request(t: HttpTarget, resolver: NameResolver, timeoutMs: number): Promise<Reply> {
  const url = new URL(t.url);
  const lib = url.protocol === 'https:' ? https : http;
  const started = performance.now();
  const req = lib.request(url, { method: 'GET', lookup: resolver.lookupFor(), rejectUnauthorized: false, agent: false, headers: { 'user-agent': 'store-ops diagnose' } });
  const work = new Promise<Reply>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      const reply: Reply = { status: res.statusCode ?? 0, ms: Math.round(performance.now() - started) };
      const socket = res.socket as TLSSocket;
      if (typeof socket.getPeerCertificate === 'function') {
        const cert = socket.getPeerCertificate();
        if (cert?.valid_to) reply.validTo = Date.parse(cert.valid_to);
        if (!socket.authorized) reply.trustError = String(socket.authorizationError ?? 'untrusted');
      }
      res.resume();
      resolve(reply);
    });
    req.end();
  });
  return withTimeout(work, timeoutMs).finally(() => req.destroy());
}

export async function httpProbes(t: HttpTarget, resolver: NameResolver, timeoutMs: number, tlsWarnDays: number): Promise<ProbeResult[]> {
  const m = begin(`http:${t.name}`, 'http');
  const runbook = t.runbook ?? defaultRunbook(t);
  let reply: Reply;
  try {
    reply = await request(t, resolver, timeoutMs);
  } catch (err) {
    const params = { name: t.name, url: t.url, problem: errorCode(err), ms: timeoutMs };
    return [finish(m, 'critical', null, 'ms', err instanceof TimedOut ? 'probe.http.timedOut' : 'probe.http.failed', params,
      problem('http-unreachable', 'network', runbook, 'finding.httpUnreachable.title', 'finding.httpUnreachable.explain', params, [`${t.url}: ${errorCode(err)}`]))];
  }
  const params = { name: t.name, url: t.url, status: reply.status, expected: t.expect_status, ms: reply.ms };
  const out = [reply.status === t.expect_status
    ? finish(m, 'ok', reply.ms, 'ms', 'probe.http.ok', params)
    : finish(m, 'critical', reply.ms, 'ms', 'probe.http.badStatus', params,
      problem('http-unhealthy', 'external', runbook, 'finding.httpUnhealthy.title', 'finding.httpUnhealthy.explain', params, [`${t.url}: HTTP ${reply.status}`]))];
  if (reply.validTo !== undefined) {
    const tm = begin(`tls:${t.name}`, 'tls');
    const days = round1((reply.validTo - Date.now()) / 86_400_000);
    const tp = { name: t.name, days, limit: tlsWarnDays, trust: reply.trustError ?? 'ok' };
    const status: Status = days <= 0 ? 'critical' : days <= tlsWarnDays || reply.trustError ? 'warning' : 'ok';
    const id = days <= 0 ? 'tls-cert-expired' : days <= tlsWarnDays ? 'tls-cert-expiring' : 'tls-untrusted';
    const [title, explain] = days <= 0
      ? ['finding.tlsExpired.title', 'finding.tlsExpired.explain'] as const
      : days <= tlsWarnDays ? ['finding.tlsExpiring.title', 'finding.tlsExpiring.explain'] as const : ['finding.tlsUntrusted.title', 'finding.tlsUntrusted.explain'] as const;
    out.push(finish(tm, status, days, 'days', reply.trustError ? 'probe.tls.untrusted' : 'probe.tls.ok', tp,
      problem(id, 'human', runbook, title, explain, tp)));
  }
  return out;
}
