// How every bench section counts runs and writes its figures, so the reports agree on rounding.

export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 2) || 2);
export const s = (ms) => (ms / 1000).toFixed(1);
export const mb = (bytes) => (bytes / 1e6).toFixed(0);
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const ratio = (x) => `${x.toFixed(2)}×`;
export const pass = (ok) => (ok ? '**pass**' : '**FAIL**');
