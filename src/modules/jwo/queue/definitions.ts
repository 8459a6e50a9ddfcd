import type { JwoQueueSpec } from "./index"

/** Pricing a trip into a Medusa order. Transient failures are retried with backoff; then the trip needs attention. */
export const TRIP_QUEUE = "jwo-trips"

export const QUEUE_SPECS: JwoQueueSpec[] = [{ name: TRIP_QUEUE, concurrency: 4, attempts: 6, backoffMs: 2000 }]
