import type { JwoQueueSpec } from "./index"

/**
 * Pricing a trip into a Medusa order (workflow `jwo-process-trip`). Jobs come only from the dispatcher (job id = trip
 * id); one attempt per job: a failure is recorded on the trip with its next attempt time, and the dispatcher enqueues
 * it again when due. After `trips.maxAttempts` failures the trip needs attention.
 */
export const TRIP_QUEUE = "jwo-trips"

/**
 * Handing a placed order to Checkout and submitting it to Amazon (workflow `jwo-submit-checkout`). Jobs come only
 * from the dispatcher (job id = trip id); retries are `next_attempt_at` on the trip (their delay honours Amazon's
 * Retry-After, which bull's backoff cannot), and attempts are counted on the trip.
 */
export const CHECKOUT_QUEUE = "jwo-checkout"

/**
 * Every call to Amazon's Catalog API (uploads and status polls share one queue, because Amazon counts both endpoints
 * against one budget of 10 requests/s). bull's limiter starts at most one job per 110 ms across all instances, so
 * starts are ≥110 ms apart and no sliding second holds more than 10. One attempt per job: the handler schedules
 * retries and polls itself, with backoff (and Retry-After).
 */
export const CATALOG_CALLS_QUEUE = "jwo-catalog-calls"

/**
 * A job of the catalog calls queue: one upload attempt, or one status poll. A poll carries its sequence number
 * (`poll`: the upload's polls + 1 when it was scheduled): a poll whose number is no longer next was superseded and is
 * skipped. A poll started by a notification (`trigger`) always runs.
 */
export type CatalogCallJob =
  | { kind: "upload"; upload_id: string }
  | { kind: "poll"; upload_id: string; poll?: number; trigger?: "notification" }

/** Catalog work that calls nobody: applying product changes, per-store coalesced flushes, full sync runs. */
export const CATALOG_SYNC_QUEUE = "jwo-catalog-sync"

/** The queues, with the trip and checkout concurrency of this process (`trips.concurrency`, `checkout.concurrency`). */
export function queueSpecs(concurrency: { trips: number; checkout: number }): JwoQueueSpec[] {
  return [
    { name: CATALOG_CALLS_QUEUE, concurrency: 4, attempts: 3, backoffMs: 2000, limiter: { max: 1, durationMs: 110 } },
    { name: CATALOG_SYNC_QUEUE, concurrency: 2, attempts: 5, backoffMs: 2000 },
    { name: TRIP_QUEUE, concurrency: concurrency.trips, attempts: 1, forgetDone: true },
    { name: CHECKOUT_QUEUE, concurrency: concurrency.checkout, attempts: 1, forgetDone: true },
  ]
}

/**
 * The workflows the queues start, by id (the module knows no workflow code: the plugin's `src/workflows` registers
 * them under these ids, and re-exports them as `processTripWorkflowId` and so on).
 */
export const JWO_WORKFLOW_IDS = {
  processTrip: "jwo-process-trip",
  submitCheckout: "jwo-submit-checkout",
  recordTripFailure: "jwo-record-trip-failure",
  catalogCall: "jwo-catalog-call",
  catalogSync: "jwo-catalog-sync-job",
} as const
