import { CATALOG_DEFAULTS, CATALOG_NOTIFICATIONS_DEFAULTS, type JwoOptions } from "../../modules/jwo/options"

/**
 * Catalog sync tuning: the plugin's `catalog` options (validated at boot, defaults in CATALOG_DEFAULTS), each
 * overridden by its JWO_CATALOG_* environment variable when that is set to a number ≥ 0 (tests, demos, operations).
 */
function num(name: string, fallback: number): number {
  const raw = process.env[name]
  const value = raw === undefined || raw === "" ? NaN : Number(raw)
  return Number.isFinite(value) && value >= 0 ? value : fallback
}

export const MAX_ITEMS_PER_UPLOAD = 10_000

export type CatalogOptions = JwoOptions["catalog"]

/** The settings in force: `options` (the plugin's `catalog` block, `getOptions().catalog`) under the environment. */
export function catalogSettings(options: Partial<CatalogOptions> = {}) {
  const o = { ...CATALOG_DEFAULTS, ...options }
  return {
    /** Product changes of one store within this window go out in one upload. */
    coalesceMs: num("JWO_CATALOG_COALESCE_MS", o.coalesceMs),
    /** Products read per page during a full sync (each with all its variants). */
    pageSize: Math.max(1, num("JWO_CATALOG_PAGE_SIZE", o.pageSize)),
    /** Upload attempts (first try and retries on 429/5xx/timeouts) before the upload fails and its items go back to pending. */
    uploadMaxAttempts: Math.max(1, num("JWO_CATALOG_UPLOAD_MAX_ATTEMPTS", o.uploadMaxAttempts)),
    retryBaseMs: num("JWO_CATALOG_RETRY_BASE_MS", o.retryBaseMs),
    retryMaxMs: num("JWO_CATALOG_RETRY_MAX_MS", o.retryMaxMs),
    /** First status poll after this long; each next one 1.5× later, at most pollMaxMs. */
    pollFirstMs: num("JWO_CATALOG_POLL_FIRST_MS", o.pollFirstMs),
    pollMaxMs: num("JWO_CATALOG_POLL_MAX_MS", o.pollMaxMs),
    /** An upload with no final status this long after it was accepted fails (and its items are sent again). */
    pollGiveUpMs: num("JWO_CATALOG_POLL_GIVE_UP_MS", o.pollGiveUpMs),
    /** A full sync runner renews its lease every page; a runner silent this long is taken as dead. */
    syncLeaseMs: num("JWO_CATALOG_SYNC_LEASE_MS", o.syncLeaseMs),
    /** While notifications are received, an upload no notification named yet is polled only this often. */
    notificationsFallbackPollMs: num(
      "JWO_CATALOG_NOTIFICATIONS_FALLBACK_POLL_MS",
      o.notifications?.fallbackPollMs ?? CATALOG_NOTIFICATIONS_DEFAULTS.fallbackPollMs
    ),
  }
}

export type CatalogSettings = ReturnType<typeof catalogSettings>
