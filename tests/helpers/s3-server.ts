// Starts the loopback S3 server (s3-server.mjs) for a test, with the credentials it accepts, and
// a small HTTP proxy in front of it that can fail or stall requests on demand: how a real bucket
// behaves on a bad day (500s, a server that stops answering) without mocking the client.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3-server.mjs');

/** What s3rver accepts; any other access key is refused with InvalidAccessKeyId. */
export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' } as const;

export interface S3Server {
  endpoint: string;
  port: number;
  process: ChildProcess;
  /** SIGKILL, as a crash or a pulled cable would stop it. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export function startS3Server(dir: string, buckets: string[], port = 0): Promise<S3Server> {
  return new Promise((resolve, reject) => {
    // s3rver encrypts its continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider:
    // without it, any listing long enough to be paged fails with a 500.
    const child = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, dir, String(port), ...buckets], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`s3 server exited (${String(code)}): ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || !line) return;
      const listening = (JSON.parse(line) as { port: number }).port;
      const ended = new Promise<void>((r) => child.once('exit', () => r()));
      resolve({
        endpoint: `http://127.0.0.1:${listening}`, port: listening, process: child,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await ended;
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await ended;
        },
      });
    });
  });
}

export type ProxyRule = (req: http.IncomingMessage) => 'pass' | 'fail' | 'stall' | 'corrupt';

export interface S3Proxy {
  endpoint: string;
  /** How the next requests are treated; the default passes everything. */
  rule: ProxyRule;
  /** Requests seen, as "METHOD path?query", in order. */
  seen: string[];
  close(): Promise<void>;
}

/** A proxy to `target` whose `rule` decides per request: forward it, answer 500, never answer, or forward it with one byte of its body flipped. */
export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const to = new URL(target);
  const stalled = new Set<http.ServerResponse>();
  const proxy: S3Proxy = { endpoint: '', rule: () => 'pass', seen: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`);
    const what = proxy.rule(req);
    if (what === 'stall') {
      stalled.add(res);
      req.resume();
      return;
    }
    if (what === 'fail') {
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test proxy</Message></Error>');
      });
      return;
    }
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    if (what === 'corrupt') {
      let flipped = false;
      req.on('data', (chunk: Buffer) => {
        if (!flipped && chunk.length > 0) {
          chunk[0] = chunk[0]! ^ 0xff;
          flipped = true;
        }
        upstream.write(chunk);
      });
      req.on('end', () => upstream.end());
      return;
    }
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((r) => {
    for (const res of stalled) res.destroy();
    server.closeAllConnections();
    server.close(() => r());
  });
  return proxy;
}
