import type { Logger } from "@medusajs/framework/types"
import type { TripStatus } from "./models/jwo-shopping-trip"
import { workFor } from "./trip-states"
import type { JwoQueues } from "./queue"
import { CHECKOUT_QUEUE, TRIP_QUEUE } from "./queue/definitions"

/**
 * Postgres is the only record of work to do; the queue only carries it (docs/trips.md "Durable work").
 *
 * Every worker instance runs one dispatcher. Each round it claims the trips whose work is due (`next_attempt_at` in
 * the past, no live lease) and puts each on its queue with the trip id as the bull job id, so dispatching twice (two
 * dispatchers, or a job still waiting) enqueues once. Claiming pushes `next_attempt_at` forward by
 * `DISPATCH_VISIBILITY_MS`: a job lost on the way (Redis restarted empty, a worker killed before taking the trip) is
 * simply due again then, and dispatched again.
 *
 * Why a short poll and not LISTEN/NOTIFY: the poll is one indexed statement per round that finds nothing on an idle
 * system; it needs no dedicated connection (LISTEN does, and does not work through PgBouncer in transaction mode),
 * it cannot miss a notification sent while a worker was down or reconnecting, and it also finds retries that became
 * due by time (`next_attempt_at` of a Checkout backoff). Within one instance, `wake()` starts a round at once (a trip
 * received or handed over here), so the poll interval is only the delay across instances.
 *
 * When Redis is not connected the dispatcher leaves the work in Postgres and tries again next round; it never waits
 * on Redis longer than `ENQUEUE_TIMEOUT_MS`.
 */
export const DISPATCH_VISIBILITY_MS = 30_000
const ENQUEUE_TIMEOUT_MS = 2_000
const BATCH = 200

export type ClaimDue = (limit: number, visibilityMs: number) => Promise<{ id: string; status: TripStatus }[]>

export class TripDispatcher {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private again = false
  private stopped = true
  private lastWarning = 0

  constructor(
    private readonly deps: { claimDue: ClaimDue; queues: JwoQueues; logger: Logger; intervalMs: number }
  ) {}

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  get isRunning(): boolean {
    return !this.stopped
  }

  /** Starts a round now (or right after the current one). */
  wake(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.schedule(0)
  }

  /** One round: claim what is due, enqueue it. Returns how many jobs were put on queues. */
  async dispatchOnce(): Promise<number> {
    if (!this.deps.queues.isConnected()) {
      this.warn("Redis is not connected; due trips stay in Postgres until it is back")
      return 0
    }
    let dispatched = 0
    for (;;) {
      const due = await this.deps.claimDue(BATCH, DISPATCH_VISIBILITY_MS)
      for (const trip of due) {
        const work = workFor(trip.status)
        if (!work) continue
        const queue = work === "process" ? TRIP_QUEUE : CHECKOUT_QUEUE
        await withTimeout(this.deps.queues.add(queue, { trip_id: trip.id }, { jobId: trip.id }), ENQUEUE_TIMEOUT_MS)
        dispatched++
      }
      if (due.length < BATCH) return dispatched
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.running = this.round().finally(() => {
        this.running = null
        const now = this.again
        this.again = false
        this.schedule(now ? 0 : this.deps.intervalMs)
      })
    }, delayMs)
    this.timer.unref?.()
  }

  private async round(): Promise<void> {
    try {
      await this.dispatchOnce()
    } catch (error) {
      // Postgres or Redis failing for a moment: what was claimed and not enqueued is due again after the visibility
      // window; the next round tries again.
      this.warn(`dispatch round failed: ${(error as Error).message}`)
    }
  }

  /** At most one warning per 10 s: an outage must be visible in the log, not flood it. */
  private warn(message: string): void {
    if (Date.now() - this.lastWarning < 10_000) return
    this.lastWarning = Date.now()
    this.deps.logger.warn(`medusa-plugin-jwo: dispatcher: ${message}`)
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`enqueue took longer than ${ms} ms`)), ms)
      }),
    ])
  } finally {
    clearTimeout(timer)
  }
}
