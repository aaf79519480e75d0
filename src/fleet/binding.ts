// Which store each signing key may vouch for. Without fleet.stores any trusted key vouches for any
// store, so one stolen store key (or one store's bucket credentials plus its key) could write
// "healthy, backed up an hour ago" into every other store's folder. With it, a key vouches only
// for the stores it is bound to; a store not bound while others are can be vouched for only by a
// trusted key bound to no store (never by another store's key), and is reported as unbound.
export interface StoreBinding {
  /** Store id → the key ids bound to it. Empty: no store is bound. */
  keysOf: ReadonlyMap<string, readonly string[]>;
}

export const bindingInUse = (b: StoreBinding): boolean => b.keysOf.size > 0;

export const isBound = (b: StoreBinding, storeId: string): boolean => b.keysOf.has(storeId);

/** The stores a key is bound to, sorted; empty when it is bound to none. */
export function storesOfKey(b: StoreBinding, keyId: string): string[] {
  return [...b.keysOf].filter(([, keys]) => keys.includes(keyId)).map(([id]) => id).sort();
}

/** Whether a signature by this (trusted, verified) key may be believed for the store whose folder it is in. */
export function mayVouch(b: StoreBinding, storeId: string, keyId: string): boolean {
  if (!bindingInUse(b)) return true;
  const own = b.keysOf.get(storeId);
  return own ? own.includes(keyId) : storesOfKey(b, keyId).length === 0;
}
