/**
 * One trip of a JWO store at a time between the stock check and the reservations its order makes (and, for the
 * same reason, anything else that reserves or adjusts that store's stock in bulk).
 *
 * Why: Medusa's Redis locking takes a multi-key lock key by key, in parallel (`locking-redis` `acquire_`), and a
 * waiter that times out does not give back the keys it already took; they stay until their 60 s expiry. Two cart
 * completions reserving overlapping goods (every busy store) then lock each other out: both time out after 30 s,
 * and every later trip with those goods waits out the orphaned keys. The chaos run (`npm run chaos`) saw 103 such
 * "Timed-out acquiring lock." failures and 25 trips not charged within 3 minutes. It also closes a race of our own:
 * two trips raising the same short stock level, each for its own gap, then both reserving.
 *
 * A single key per store cannot deadlock. Its expiry is short so that a worker killed while holding it blocks the
 * store for at most `ttlSeconds`; a run waits up to `waitSeconds` before failing (and being retried).
 */
export const STORE_STOCK_LOCK = { ttlSeconds: 30, waitSeconds: 90 } as const

export function storeStockLockKey(jwoStoreId: string): string {
  return `jwo-store-stock:${jwoStoreId}`
}
