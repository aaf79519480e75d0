// The core throws typed errors whose parameters keep times as ISO 8601 (UTC); before one reaches
// a person, the command moves those times onto the store's clock, like every other time it shows.
import { StoreOpsError } from '../core/errors.js';
import { paramsOnStoreClock } from './backup-entry.js';

export function onStoreClock(err: unknown, timeZone: string): unknown {
  if (!(err instanceof StoreOpsError)) return err;
  const params = paramsOnStoreClock(err.params, timeZone);
  if (Object.keys(params).every((k) => params[k] === err.params[k])) return err;
  return new StoreOpsError(err.kind, err.key, params, err.hint, { cause: err.cause });
}
