// Exit codes are decided here and nowhere else (README, under "Commands").
// Every command but diagnose: 0 done, 1 the operation failed, 2 usage or configuration error.
// diagnose follows the monitoring-plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;

export const MONITORING_EXIT = {
  ok: 0,
  warning: 1,
  critical: 2,
  unknown: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
