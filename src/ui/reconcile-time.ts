// Receipt and count times for people: reconcile keeps them as their sources and the database wrote
// them (an offset, or none when a foreign schema stores the store's wall clock); shown, each is on
// the store's clock with its offset, like every other time store-ops shows.
import type { Context } from '../core/context.js';
import { parseStoreTime } from '../restore/choose.js';
import { storeClock } from './backup-entry.js';

/** A time as reconcile holds it, on the store's clock; text that is no time is shown as it is. */
export function reconcileClock(ctx: Context, at: string): string {
  const timeZone = ctx.config().store.timezone;
  const ms = parseStoreTime(at.replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$|$)/, ''), timeZone)?.getTime();
  return ms === undefined ? at : storeClock(ms, timeZone);
}
