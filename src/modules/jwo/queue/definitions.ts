import type { JwoQueueSpec } from "./index"

/** Pricing a trip into a Medusa order. Transient failures are retried with backoff; then the trip needs attention. */
export const TRIP_QUEUE = "jwo-trips"

/**
 * Submitting a trip's priced cart to Amazon Checkout. One attempt per job: the handler schedules the next attempt
 * itself (its delay honours Amazon's Retry-After, which bull's backoff cannot), and counts attempts on the trip.
 */
export const CHECKOUT_QUEUE = "jwo-checkout"

/**
 * Every call to Amazon's Catalog API (uploads and status polls share one queue, because Amazon counts both endpoints
 * against one budget of 10 requests/s). bull's limiter starts at most one job per 110 ms across all instances, so
 * starts are ≥110 ms apart and no sliding second holds more than 10. One attempt per job: the handler schedules
 * retries and polls itself, with backoff (and Retry-After).
 */
export const CATALOG_CALLS_QUEUE = "jwo-catalog-calls"

/** Catalog work that calls nobody: applying product changes, per-store coalesced flushes, full sync runs. */
export const CATALOG_SYNC_QUEUE = "jwo-catalog-sync"

export const QUEUE_SPECS: JwoQueueSpec[] = [
  { name: CATALOG_CALLS_QUEUE, concurrency: 4, attempts: 3, backoffMs: 2000, limiter: { max: 1, durationMs: 110 } },
  { name: CATALOG_SYNC_QUEUE, concurrency: 2, attempts: 5, backoffMs: 2000 },
  { name: TRIP_QUEUE, concurrency: 4, attempts: 6, backoffMs: 2000 },
  { name: CHECKOUT_QUEUE, concurrency: 4, attempts: 1 },
]
