import { randomUUID } from "node:crypto"
import { InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { configManager } from "@medusajs/framework/config"
import { JwoStore } from "./models/jwo-store"
import { JwoRecognitionRecord } from "./models/jwo-recognition-record"
import { JwoCustomerBlock } from "./models/jwo-customer-block"
import { JwoEntryDecision } from "./models/jwo-entry-decision"
import { JwoShoppingTrip, type TripStatus } from "./models/jwo-shopping-trip"
import { JwoTripTransition } from "./models/jwo-trip-transition"
import type { JwoOptions } from "./options"
import { JwoQueues, shouldRunProcessors } from "./queue"
import { QUEUE_SPECS } from "./queue/definitions"
import { createAmazonClient, type AmazonClient } from "./amazon"
import { queueHandlers } from "./queue/handlers"

type InjectedDependencies = {
  jwoOptions: JwoOptions
  logger: Logger
}

export type EntryDecisionCounts = {
  since: Date
  total: number
  accepted: number
  rejected: number
  /** accepted / total, 4 decimals; null when there was no decision. */
  acceptance_rate: number | null
  /** Refusal reasons (and CONNECTIVITY_TEST) with their counts. */
  by_reason: Record<string, number>
}

export type ReceiveTripData = {
  idempotent_shopping_trip_id: string
  request_id: string
  jwo_store_id: string
  amazon_store_id: string
  status: TripStatus
  status_reason?: string | null
  cart: Record<string, unknown>
  cart_fingerprint: string
  item_count: number
  start_time: Date
  end_time: Date
  entry_type: string | null
  visitor_id: string | null
  visitor_type: string | null
  group_size: number
}

class JwoModuleService extends MedusaService({
  JwoStore,
  JwoRecognitionRecord,
  JwoCustomerBlock,
  JwoEntryDecision,
  JwoShoppingTrip,
  JwoTripTransition,
}) {
  protected readonly options_: JwoOptions
  protected readonly logger_: Logger
  readonly queues: JwoQueues

  constructor(dependencies: InjectedDependencies) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.options_ = dependencies.jwoOptions
    this.logger_ = dependencies.logger
    this.queues = new JwoQueues({
      redisUrl: this.options_.redisUrl,
      prefix: this.options_.queuePrefix,
      logger: this.logger_,
    })
    for (const spec of QUEUE_SPECS) this.queues.define(spec)
  }

  private amazon_?: AmazonClient

  /** The one Amazon client (SigV4, connection pool) of this instance, made on first use. */
  amazon(): AmazonClient {
    this.amazon_ ??= createAmazonClient(this.options_.amazon, { logger: this.logger_ })
    return this.amazon_
  }

  /** The validated plugin options. Routes, workflows and jobs read them from here (they are not given options). */
  getOptions(): JwoOptions {
    return this.options_
  }

  /**
   * Gate decisions since `since`, counted by result and refusal reason (the real-time success/failure rate Amazon's
   * review asks for). One grouped query; optionally for one JWO store.
   */
  @InjectManager()
  async countEntryDecisions(
    since: Date,
    jwoStoreId?: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<EntryDecisionCounts> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { result: string; reason: string | null; count: string }[] = await manager.execute(
      `SELECT result, reason, COUNT(*) AS count FROM jwo_entry_decision
        WHERE deleted_at IS NULL AND created_at >= ? ${jwoStoreId ? "AND jwo_store_id = ?" : ""}
        GROUP BY result, reason`,
      jwoStoreId ? [since, jwoStoreId] : [since]
    )
    const counts: EntryDecisionCounts = { since, total: 0, accepted: 0, rejected: 0, acceptance_rate: null, by_reason: {} }
    for (const row of rows) {
      const n = Number(row.count)
      counts.total += n
      if (row.result === "accepted") counts.accepted += n
      else counts.rejected += n
      if (row.reason) counts.by_reason[row.reason] = (counts.by_reason[row.reason] ?? 0) + n
    }
    counts.acceptance_rate = counts.total ? Math.round((counts.accepted / counts.total) * 10000) / 10000 : null
    return counts
  }

  /**
   * Stores a newly received trip with the first entry of its history, once per `idempotentShoppingTripId`. When the
   * id is already stored (a replay, possibly concurrent), nothing is written and the stored trip is returned with
   * `created: false`: the caller compares fingerprints.
   */
  async receiveTrip(data: ReceiveTripData): Promise<{ trip: { id: string; cart_fingerprint: string; status: string }; created: boolean }> {
    try {
      const trip = await this.createTripWithHistory_(data)
      return { trip, created: true }
    } catch (error) {
      const [stored] = await this.listJwoShoppingTrips(
        { idempotent_shopping_trip_id: data.idempotent_shopping_trip_id },
        { take: 1, select: ["id", "cart_fingerprint", "status"] }
      )
      if (!stored) throw error
      return { trip: stored, created: false }
    }
  }

  @InjectTransactionManager()
  protected async createTripWithHistory_(data: ReceiveTripData, @MedusaContext() sharedContext: Context = {}) {
    const trip = await this.createJwoShoppingTrips({ ...data, status_changed_at: new Date() }, sharedContext)
    await this.createJwoTripTransitions(
      { trip_id: trip.id, from_status: null, to_status: data.status, reason: data.status_reason ?? null, actor: "amazon" },
      sharedContext
    )
    return trip
  }

  /**
   * Moves a trip to `to` only if it is in one of `from` (compare-and-set in the database, so two workers never both
   * make the same move), writes `set` with it and records the transition. Returns false when the trip was not in
   * `from`.
   */
  @InjectTransactionManager()
  async transitionTrip(
    id: string,
    move: { from: TripStatus[]; to: TripStatus; reason?: string | null; actor?: string; data?: Record<string, unknown>; set?: Record<string, unknown> },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    // Lock the row, then move it only from an allowed state.
    const [current]: { status: TripStatus }[] = await manager.execute(
      `SELECT status FROM jwo_shopping_trip WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [id]
    )
    if (!current || !move.from.includes(current.status)) return false
    await manager.execute(
      `UPDATE jwo_shopping_trip SET status = ?, status_reason = ?, status_changed_at = now(), updated_at = now() WHERE id = ?`,
      [move.to, move.reason ?? null, id]
    )
    if (move.set && Object.keys(move.set).length) {
      await this.updateJwoShoppingTrips({ id, ...move.set }, sharedContext)
    }
    await this.createJwoTripTransitions(
      {
        trip_id: id,
        from_status: current.status,
        to_status: move.to,
        reason: move.reason ?? null,
        actor: move.actor ?? "system",
        data: move.data ?? null,
      },
      sharedContext
    )
    return true
  }

  /**
   * Takes the processing lease of a trip for `ms` milliseconds, if no live lease is held: one worker at a time works
   * on a trip, and a crashed worker's lease runs out so another can finish. Returns the lease token, or null.
   */
  @InjectManager()
  async leaseTrip(id: string, ms: number, @MedusaContext() sharedContext: Context = {}): Promise<string | null> {
    const manager = sharedContext.manager as SqlEntityManager
    const token = randomUUID()
    const rows = await manager.execute(
      `UPDATE jwo_shopping_trip SET lease_token = ?, lease_until = now() + (? * interval '1 millisecond'), attempts = attempts + 1
        WHERE id = ? AND deleted_at IS NULL AND (lease_until IS NULL OR lease_until < now()) RETURNING id`,
      [token, ms, id]
    )
    return rows.length ? token : null
  }

  @InjectManager()
  async releaseTrip(id: string, token: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `UPDATE jwo_shopping_trip SET lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?`,
      [id, token]
    )
  }

  /**
   * Trips sitting in one of `statuses` with no change of state (or, with `since: "updated_at"`, no write at all)
   * since before `olderThan`, oldest first, not leased (for the reconcile job).
   */
  @InjectManager()
  async listStuckTrips(
    statuses: TripStatus[],
    olderThan: Date,
    limit: number,
    since: "status_changed_at" | "updated_at" = "status_changed_at",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; status: string }[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return manager.execute(
      `SELECT id, status FROM jwo_shopping_trip
        WHERE deleted_at IS NULL AND status IN (${statuses.map(() => "?").join(", ")}) AND ${since} < ?
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY ${since} LIMIT ?`,
      [...statuses, olderThan, limit]
    )
  }

  __hooks = {
    onApplicationStart: async () => {
      const workerMode = configManager.config?.projectConfig?.workerMode
      if (shouldRunProcessors(workerMode)) {
        for (const [name, handler] of Object.entries(queueHandlers())) {
          this.queues.define(QUEUE_SPECS.find((spec) => spec.name === name)!, handler)
        }
        await this.queues.startProcessors()
      }
    },
    onApplicationShutdown: async () => {
      await this.queues.close()
      await this.amazon_?.close()
    },
  }
}

export default JwoModuleService
