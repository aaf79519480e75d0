// Name resolution that can be bounded: /etc/hosts first (as the system resolver does), then
// the configured DNS servers through c-ares with a timeout, cancelled when it runs out. The
// system's getaddrinfo cannot be cancelled and would keep diagnose waiting past its budget.
// The TCP and HTTP probes connect through `lookupFor`, so each name is resolved once.
import { Resolver } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { readFile } from 'node:fs/promises';
import type { ProbeResult } from '../types.js';
import { withTimeout } from '../deadline.js';
import { begin, errorCode, finish, problem } from './result.js';

export interface Resolved {
  address: string;
  family: 4 | 6;
}

async function fromHostsFile(name: string): Promise<Resolved | undefined> {
  try {
    const text = await readFile('/etc/hosts', 'utf8');
    for (const line of text.split('\n')) {
      const [address, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (address && names.some((n) => n.toLowerCase() === name.toLowerCase())) {
        const family = isIP(address);
        if (family) return { address, family: family as 4 | 6 };
      }
    }
  } catch {
    // No hosts file: DNS alone decides.
  }
  return undefined;
}

export class NameResolver {
  private readonly cache = new Map<string, Promise<Resolved>>();

  constructor(private readonly timeoutMs: number) {}

  resolve(name: string): Promise<Resolved> {
    const family = isIP(name);
    if (family) return Promise.resolve({ address: name, family: family as 4 | 6 });
    let hit = this.cache.get(name);
    if (!hit) {
      hit = this.lookup(name);
      this.cache.set(name, hit);
    }
    return hit;
  }

  private async lookup(name: string): Promise<Resolved> {
    const local = await fromHostsFile(name);
    if (local) return local;
    const resolver = new Resolver({ timeout: this.timeoutMs, tries: 1 });
    const work = resolver.resolve4(name)
      .then((a) => ({ address: a[0]!, family: 4 as const }))
      .catch(async () => ({ address: (await resolver.resolve6(name))[0]!, family: 6 as const }));
    return withTimeout(work, this.timeoutMs, () => resolver.cancel());
  }

  /** A `lookup` for net.connect and http.request that uses this resolver. */
  lookupFor(): LookupFunction {
    return (hostname, options, callback) => {
      this.resolve(hostname).then(
        (r) => (options.all ? callback(null, [r]) : callback(null, r.address, r.family)),
        (err: NodeJS.ErrnoException) => callback(err, '', 0),
      );
    };
  }
}

export async function dnsProbes(names: readonly string[], resolver: NameResolver): Promise<ProbeResult[]> {
  return Promise.all([...new Set(names)].filter((n) => !isIP(n)).map(async (name) => {
    const m = begin(`dns:${name}`, 'dns');
    try {
      const r = await resolver.resolve(name);
      return finish(m, 'ok', Math.round(performance.now() - m.started), 'ms', 'probe.dns.ok', { name, address: r.address });
    } catch (err) {
      const params = { name, problem: errorCode(err) };
      return finish(m, 'warning', null, 'ms', 'probe.dns.failed', params,
        problem('dns-unresolved', 'network', 'network-outage', 'finding.dnsUnresolved.title', 'finding.dnsUnresolved.explain', params, [`${name}: ${errorCode(err)}`]));
    }
  }));
}
