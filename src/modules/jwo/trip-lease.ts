import { hostname } from "node:os"
import { randomBytes } from "node:crypto"
import type { Logger } from "@medusajs/framework/types"

/**
 * Ownership of a trip follows the liveness of the worker working on it (docs/trips.md "Durable work").
 *
 * A worker claims a trip with a short lease in Postgres (`lease_until`, `LEASE_TTL_MS`) and, while it works, a
 * heartbeat renews it every `LEASE_HEARTBEAT_MS`. A worker that dies (kill -9, lost machine) stops renewing, so its
 * claim ends within `LEASE_TTL_MS`. A worker whose process lives but whose work hangs keeps renewing for at most
 * `LEASE_MAX_HOLD_MS`, then lets go (and logs), so nothing is held forever.
 *
 * We chose a renewed lease over a Postgres session advisory lock: an advisory lock lives on one connection, while a
 * trip's work runs many transactions on pooled connections (Medusa's workflows); holding a dedicated connection per
 * trip in flight would cost the pool, and `pg_terminate_backend` on that connection would free the lock while the
 * worker still works. A lease survives connection loss, is visible in the row (`lease_owner`), and every write that
 * matters is a compare-and-set on the trip's state, so even a worker that lost its lease cannot move a trip twice.
 */
export const LEASE_TTL_MS = 15_000
export const LEASE_HEARTBEAT_MS = 5_000
export const LEASE_MAX_HOLD_MS = 10 * 60_000

/** This process, as it is named in `lease_owner`: host, pid and a random suffix (pids repeat across restarts). */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`

type Renew = (tripId: string, token: string, ttlMs: number) => Promise<boolean>

/** The heartbeats of the leases this process holds. */
export class TripLeaseKeeper {
  private readonly beats = new Map<string, { timer: NodeJS.Timeout; since: number; tripId: string }>()

  constructor(private readonly renew: Renew, private readonly logger: Logger) {}

  hold(tripId: string, token: string): void {
    if (this.beats.has(token)) return
    const since = Date.now()
    const timer = setInterval(() => void this.beat(token), LEASE_HEARTBEAT_MS)
    timer.unref?.()
    this.beats.set(token, { timer, since, tripId })
  }

  drop(token: string): void {
    const beat = this.beats.get(token)
    if (!beat) return
    clearInterval(beat.timer)
    this.beats.delete(token)
  }

  held(): number {
    return this.beats.size
  }

  close(): void {
    for (const token of [...this.beats.keys()]) this.drop(token)
  }

  private async beat(token: string): Promise<void> {
    const beat = this.beats.get(token)
    if (!beat) return
    if (Date.now() - beat.since > LEASE_MAX_HOLD_MS) {
      this.logger.warn(`medusa-plugin-jwo: trip ${beat.tripId} held for over ${LEASE_MAX_HOLD_MS / 60_000} min; letting its lease run out`)
      return this.drop(token)
    }
    try {
      if (!(await this.renew(beat.tripId, token, LEASE_TTL_MS))) this.drop(token) // taken over or released
    } catch (error) {
      // Postgres unreachable for a moment: the next beat tries again; the lease may run out meanwhile (harmless).
      this.logger.warn(`medusa-plugin-jwo: could not renew the lease of trip ${beat.tripId}: ${(error as Error).message}`)
    }
  }
}
