// The demo store's store-ops.yaml: every section filled, every path relative to the file.
import type { InitialConfig } from '../core/config/template.js';

export function demoConfig(storeId: string, recipient: string, registers: number): InitialConfig {
  return {
    store: { id: storeId, name: '浦东店 (demo)', timezone: 'Asia/Shanghai', opening_hours: '07:00-22:00' },
    databases: [{ name: 'main', path: './store.db' }],
    files: ['./config/'],
    logs: [
      { path: './logs/pos-server.log*', encoding: 'utf-8' },
      { path: './logs/inventory.log', encoding: 'gb18030' },
      { path: './logs/syslog', encoding: 'utf-8' },
    ],
    journals: ['./journals/*.jsonl'],
    manual_records: ['./manual/outage-*.csv'],
    probes: {
      timeout_ms: 3000,
      disk: { warn_free_percent: 15, critical_free_percent: 5 },
      tcp: Array.from({ length: Math.min(registers, 4) }, (_, i) => ({ name: `receipt-printer-${i + 1}`, host: '127.0.0.1', port: 19100 + i })),
      http: [{ name: 'payment-gateway', url: 'http://127.0.0.1:18080/health', expect_status: 200 }],
    },
    backup: {
      recipients: [recipient],
      identity: './keys/identity.txt',
      signing_key: './keys/signing.key',
      destinations: [{ name: 'local', type: 'dir', path: './backups' }],
      retention: { daily: 7, weekly: 4, monthly: 12 },
      max_age_hours: 26,
      metrics_file: './metrics/store_ops.prom',
    },
    reconcile: { mapping: 'builtin' },
    state_dir: './.store-ops',
  };
}
