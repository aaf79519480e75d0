// Whether a process still exists: how locks, scratch folders and partial files of runs that
// died (SIGKILL, power cut) are told apart from those of runs still going.
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, it is only someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
