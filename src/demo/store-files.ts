// The store system's own small files that go into every backup (config.files): its settings,
// printer map and tax table, as a real 进销存 installation keeps them.
import type { SizeProfile } from './sizes.js';

export function storeSystemFiles(storeId: string, profile: SizeProfile): Record<string, string> {
  const registers = Array.from({ length: profile.registers }, (_, i) => `POS-${String(i + 1).padStart(2, '0')}`);
  return {
    'pos-server.ini': [
      '[server]',
      `store_id = ${storeId}`,
      'listen = 0.0.0.0:8080',
      'database = /var/lib/pos/store.db',
      'journal_dir = /var/lib/pos/journals',
      '',
      '[payment]',
      'gateway = https://pay.example/api/v2',
      'timeout_ms = 30000',
      'offline_fallback = cash',
      '',
    ].join('\n'),
    'printers.json': `${JSON.stringify(
      Object.fromEntries(registers.map((r, i) => [r, { host: `10.0.0.${21 + i}`, port: 9100, model: 'EPSON TM-T82III' }])),
      null,
      2,
    )}\n`,
    'tax.json': `${JSON.stringify({ default_rate: 0.13, reduced: { 蔬菜: 0.09, 水果: 0.09, 粮油: 0.09 } }, null, 2)}\n`,
  };
}
