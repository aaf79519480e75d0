// Bounded waiting: every probe has its own timeout and the whole run one budget, so diagnose
// answers in seconds even when a device accepts a connection and then says nothing.
export class TimedOut extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** Resolves with the work's result, or rejects with TimedOut after `ms`; `onTimeout` cleans up (closes the socket). */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      reject(new TimedOut(ms));
    }, ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export interface Deadline {
  at: number;
  left(): number;
  passed(): boolean;
}

export function deadline(ms: number, start = Date.now()): Deadline {
  const at = start + ms;
  return { at, left: () => Math.max(0, at - Date.now()), passed: () => Date.now() >= at };
}
