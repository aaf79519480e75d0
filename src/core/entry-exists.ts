import { lstatSync } from 'node:fs';

/** Whether anything has this name, a dangling link included: existsSync follows links and would say no. */
export function entryExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
