/**
 * Catalog sync tuning. Defaults suit production; the environment variables exist for tests, demos and benchmarks
 * (they are not plugin options yet: see docs/catalog.md).
 */
function num(name: string, fallback: number): number {
  const raw = process.env[name]
  const value = raw === undefined || raw === "" ? NaN : Number(raw)
  return Number.isFinite(value) && value >= 0 ? value : fallback
}

export const MAX_ITEMS_PER_UPLOAD = 10_000

export function catalogSettings() {
  return {
    /** Product changes of one store within this window go out in one upload. */
    coalesceMs: num("JWO_CATALOG_COALESCE_MS", 3000),
    /** Products read per page during a full sync (each with all its variants). */
    pageSize: Math.max(1, num("JWO_CATALOG_PAGE_SIZE", 250)),
    /** Upload attempts (first try and retries on 429/5xx/timeouts) before the upload fails and its items go back to pending. */
    uploadMaxAttempts: Math.max(1, num("JWO_CATALOG_UPLOAD_MAX_ATTEMPTS", 8)),
    retryBaseMs: num("JWO_CATALOG_RETRY_BASE_MS", 2000),
    retryMaxMs: num("JWO_CATALOG_RETRY_MAX_MS", 300_000),
    /** First status poll after this long; each next one 1.5× later, at most pollMaxMs. */
    pollFirstMs: num("JWO_CATALOG_POLL_FIRST_MS", 2000),
    pollMaxMs: num("JWO_CATALOG_POLL_MAX_MS", 60_000),
    /** An upload with no final status this long after it was accepted fails (and its items are sent again). */
    pollGiveUpMs: num("JWO_CATALOG_POLL_GIVE_UP_MS", 6 * 3600_000),
    /** A full sync runner renews its lease every page; a runner silent this long is taken as dead. */
    syncLeaseMs: num("JWO_CATALOG_SYNC_LEASE_MS", 60_000),
  }
}

export type CatalogSettings = ReturnType<typeof catalogSettings>
