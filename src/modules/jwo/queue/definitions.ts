import type { JwoQueueSpec } from "./index"

/** Pricing a trip into a Medusa order. Transient failures are retried with backoff; then the trip needs attention. */
export const TRIP_QUEUE = "jwo-trips"

/**
 * Submitting a trip's priced cart to Amazon Checkout. One attempt per job: the handler schedules the next attempt
 * itself (its delay honours Amazon's Retry-After, which bull's backoff cannot), and counts attempts on the trip.
 */
export const CHECKOUT_QUEUE = "jwo-checkout"

export const QUEUE_SPECS: JwoQueueSpec[] = [
  { name: TRIP_QUEUE, concurrency: 4, attempts: 6, backoffMs: 2000 },
  { name: CHECKOUT_QUEUE, concurrency: 4, attempts: 1 },
]
