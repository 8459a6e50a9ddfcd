import { randomUUID } from "node:crypto"
import { generateEntityId, InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { configManager } from "@medusajs/framework/config"
import { JwoStore } from "./models/jwo-store"
import { JwoRecognitionRecord } from "./models/jwo-recognition-record"
import { JwoCustomerBlock } from "./models/jwo-customer-block"
import { JwoEntryDecision } from "./models/jwo-entry-decision"
import { JwoShoppingTrip, type TripStatus } from "./models/jwo-shopping-trip"
import { JwoTripTransition } from "./models/jwo-trip-transition"
import { JwoCatalogItem } from "./models/jwo-catalog-item"
import { JwoCatalogUpload } from "./models/jwo-catalog-upload"
import { JwoCatalogSync } from "./models/jwo-catalog-sync"
import { CLAIM_CATALOG_ITEMS_SQL, UPSERT_CATALOG_ITEMS_SQL } from "./catalog-sql"
import type { JwoOptions } from "./options"
import { JwoQueues, shouldRunProcessors } from "./queue"
import { QUEUE_SPECS } from "./queue/definitions"
import { createAmazonClient, type AmazonClient } from "./amazon"
import { queueHandlers } from "./queue/handlers"

/**
 * Serialises the writes that decide an item's status (upsert, claim) per store, until the transaction ends: each
 * then decides on the other's committed result.
 */
async function lockStoreCatalog(manager: SqlEntityManager, jwoStoreId: string) {
  await manager.execute(`SELECT pg_advisory_xact_lock(hashtext(?)) AS locked`, [`jwo-catalog:${jwoStoreId}`])
}

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

/** One variant of one store as mapped now (catalog sync); `content_hash` null when it cannot be mapped. */
export type CatalogItemRow = {
  variant_id: string
  product_id: string
  sku: string | null
  content_hash: string | null
  payload: Record<string, unknown> | null
  reasons: unknown[] | null
  warnings: unknown[] | null
}

/** The columns of a gate decision (`jwo_entry_decision`) as the Identity Connector stores it. */
export type EntryDecisionInsert = {
  auth_event_id: string
  request_id: string
  jwo_store_id: string
  amazon_store_id: string
  location: string
  key_channel: string | null
  event_time: Date
  result: "accepted" | "rejected"
  reason: string | null
  customer_id: string | null
  recognition_record_id: string | null
  visitor_id: string | null
  visitor_type: string | null
  connectivity_test: boolean
  response_status: number
  response_body: Record<string, unknown>
  duration_ms: number | null
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
  JwoCatalogItem,
  JwoCatalogUpload,
  JwoCatalogSync,
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
   * Stores a gate decision once per `authEvent.id`, in one statement: the unique index decides (ON CONFLICT DO
   * NOTHING), so there is no lookup first. When a decision for the id is already stored (a replay, or a concurrent
   * delivery that won), that stored answer is returned with `inserted: false`.
   */
  @InjectManager()
  async insertEntryDecision(
    data: EntryDecisionInsert,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ inserted: boolean; response_status: number; response_body: Record<string, unknown> }> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { response_status: number; response_body: Record<string, unknown> }[] = await manager.execute(
      `INSERT INTO jwo_entry_decision (id, auth_event_id, request_id, jwo_store_id, amazon_store_id, location, key_channel,
              event_time, result, reason, customer_id, recognition_record_id, visitor_id, visitor_type, connectivity_test,
              response_status, response_body, duration_ms, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, now(), now())
       ON CONFLICT (auth_event_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING response_status, response_body`,
      [
        generateEntityId(undefined, "jwoentry"), data.auth_event_id, data.request_id, data.jwo_store_id, data.amazon_store_id,
        data.location, data.key_channel, data.event_time, data.result, data.reason, data.customer_id,
        data.recognition_record_id, data.visitor_id, data.visitor_type, data.connectivity_test, data.response_status,
        JSON.stringify(data.response_body), data.duration_ms,
      ]
    )
    if (rows.length) return { inserted: true, ...rows[0] }
    const [winner]: { response_status: number; response_body: Record<string, unknown> }[] = await manager.execute(
      `SELECT response_status, response_body FROM jwo_entry_decision WHERE auth_event_id = ? AND deleted_at IS NULL`,
      [data.auth_event_id]
    )
    if (!winner) throw new Error(`entry decision for authEvent.id ${data.auth_event_id} neither inserted nor found`)
    return { inserted: false, ...winner }
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

  /* ============================================================================================================ */
  /* Catalog sync (docs/catalog.md). Raw SQL where one statement must decide and write many rows at once: the     */
  /* per-page upsert that compares content hashes, the atomic claim of pending items into an upload, and the       */
  /* application of Amazon's report. Everything else uses the generated CRUD methods.                              */
  /* ============================================================================================================ */

  /**
   * Writes what `rows` (variants of one store, as mapped now) are, and decides per row whether it must be sent:
   * a row without `content_hash` is `invalid`; a row whose hash equals what was last sent (and that is uploading,
   * accepted or rejected) keeps its status, unless `forceSince` is given and it was sent before then; everything
   * else becomes `pending`. Returns the resulting status of each row.
   *
   * Takes the store's catalog lock (as `claimCatalogUpload` does): the statement decides from its snapshot, so a
   * claim committed while it waited on a row would otherwise be overwritten (the claimed item back to `pending`, its
   * upload left empty).
   */
  @InjectTransactionManager()
  async upsertCatalogItems(
    jwoStoreId: string,
    rows: CatalogItemRow[],
    opts: { syncId?: string | null; forceSince?: Date | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ variant_id: string; status: string }[]> {
    if (!rows.length) return []
    const manager = sharedContext.transactionManager as SqlEntityManager
    await lockStoreCatalog(manager, jwoStoreId)
    const force = opts.forceSince ? 1 : 0
    return manager.execute(
      UPSERT_CATALOG_ITEMS_SQL,
      [JSON.stringify(rows), force, opts.forceSince ?? new Date(0), jwoStoreId, jwoStoreId, opts.syncId ?? null]
    )
  }

  /**
   * Marks items removed (no longer in the store's catalog: variant or product deleted, unpublished, product taken
   * out of the store's sales channel). `where` picks them: by variant or product ids, or every item of the store not
   * seen by the full sync `notSeenBySync`. Returns how many changed.
   */
  @InjectManager()
  async markCatalogItemsRemoved(
    jwoStoreId: string,
    where: { variantIds?: string[]; productIds?: string[]; notSeenBySync?: string },
    message: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.manager as SqlEntityManager
    const clauses: string[] = []
    const params: unknown[] = [message, jwoStoreId]
    if (where.variantIds?.length) {
      clauses.push(`variant_id  IN (SELECT jsonb_array_elements_text(?::jsonb))`)
      params.push(JSON.stringify(where.variantIds))
    }
    if (where.productIds?.length) {
      clauses.push(`product_id  IN (SELECT jsonb_array_elements_text(?::jsonb))`)
      params.push(JSON.stringify(where.productIds))
    }
    if (where.notSeenBySync) {
      clauses.push(`seen_sync_id IS DISTINCT FROM ?`)
      params.push(where.notSeenBySync)
    }
    if (!clauses.length) return 0
    const rows = await manager.execute(
      `UPDATE jwo_catalog_item SET status = 'removed', message = ?, result_at = now(), updated_at = now()
        WHERE jwo_store_id = ? AND deleted_at IS NULL AND status <> 'removed' AND (${clauses.join(" OR ")})
        RETURNING id`,
      params
    )
    return rows.length
  }

  /**
   * Claims up to `limit` pending items of a store into a new upload, atomically (SKIP LOCKED: two instances never
   * claim the same item). Returns the upload id and item count, or null when nothing is pending.
   */
  @InjectTransactionManager()
  async claimCatalogUpload(
    store: { id: string; amazon_store_id: string },
    limit: number,
    syncId: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; item_count: number } | null> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    await lockStoreCatalog(manager, store.id)
    // Claim first, then create the upload only when something was claimed. (The ORM writes a created row at the
    // end of the transaction, after any raw SQL here: creating first and deleting it when nothing was claimed left
    // an empty `queued` upload behind that no job served until the watch job took it a minute later.)
    const id = generateEntityId(undefined, "jwocupl")
    const claimed = await manager.execute(CLAIM_CATALOG_ITEMS_SQL, [id, store.id, limit])
    if (!claimed.length) return null
    await this.createJwoCatalogUploads(
      {
        id,
        jwo_store_id: store.id,
        amazon_store_id: store.amazon_store_id,
        sync_id: syncId,
        status: "queued",
        item_count: claimed.length,
        next_action_at: new Date(),
      },
      sharedContext
    )
    return { id, item_count: claimed.length }
  }

  /** The Amazon payloads of the items an upload still carries (items changed since are left for the next one). */
  @InjectManager()
  async catalogUploadPayloads(uploadId: string, @MedusaContext() sharedContext: Context = {}): Promise<Record<string, unknown>[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { payload: Record<string, unknown> }[] = await manager.execute(
      `SELECT payload FROM jwo_catalog_item WHERE upload_id = ? AND status = 'uploading' AND deleted_at IS NULL ORDER BY id`,
      [uploadId]
    )
    return rows.map((r) => r.payload)
  }

  /**
   * Ends the items an upload still carries: `accepted`/`rejected` per Amazon's report (matched by SKU; an item the
   * report does not list is rejected with a message saying so), all `rejected` with one message (a 400), or back to
   * `pending` (a failed upload: sent again; after 5 failed uploads an item is rejected instead). Returns counts.
   */
  @InjectManager()
  async settleCatalogUploadItems(
    uploadId: string,
    outcome:
      | { kind: "report"; results: { sku: string; status: "accepted" | "rejected"; message: string | null }[] }
      | { kind: "rejected"; message: string }
      | { kind: "retry"; message: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ accepted: number; rejected: number; missing: number; requeued: number }> {
    const manager = sharedContext.manager as SqlEntityManager
    const counts = { accepted: 0, rejected: 0, missing: 0, requeued: 0 }
    if (outcome.kind === "report") {
      const rows: { status: string }[] = await manager.execute(
        `UPDATE jwo_catalog_item i SET status = r.status, message = r.message, result_at = now(), updated_at = now(),
                failed_uploads = CASE WHEN r.status = 'accepted' THEN 0 ELSE i.failed_uploads END
           FROM (SELECT DISTINCT ON (sku) * FROM jsonb_to_recordset(?::jsonb) AS r(sku text, status text, message text)) r
          WHERE i.upload_id = ? AND i.status = 'uploading' AND i.deleted_at IS NULL AND i.sku = r.sku
          RETURNING i.status`,
        [JSON.stringify(outcome.results), uploadId]
      )
      for (const row of rows) row.status === "accepted" ? counts.accepted++ : counts.rejected++
      const missing = await manager.execute(
        `UPDATE jwo_catalog_item SET status = 'rejected', message = ?, result_at = now(), updated_at = now()
          WHERE upload_id = ? AND status = 'uploading' AND deleted_at IS NULL RETURNING id`,
        ["Amazon's upload report does not list this item; it was not confirmed (retry failed items to send it again).", uploadId]
      )
      counts.missing = missing.length
      return counts
    }
    if (outcome.kind === "rejected") {
      const rows = await manager.execute(
        `UPDATE jwo_catalog_item SET status = 'rejected', message = ?, result_at = now(), updated_at = now()
          WHERE upload_id = ? AND status = 'uploading' AND deleted_at IS NULL RETURNING id`,
        [outcome.message, uploadId]
      )
      counts.rejected = rows.length
      return counts
    }
    const rows: { status: string }[] = await manager.execute(
      `UPDATE jwo_catalog_item SET failed_uploads = failed_uploads + 1, updated_at = now(),
              status = CASE WHEN failed_uploads + 1 >= 5 THEN 'rejected' ELSE 'pending' END,
              message = CASE WHEN failed_uploads + 1 >= 5 THEN ? ELSE ? END
        WHERE upload_id = ? AND status = 'uploading' AND deleted_at IS NULL RETURNING status`,
      [`${outcome.message} (5 uploads with this item failed; retry failed items to send it again)`, outcome.message, uploadId]
    )
    for (const row of rows) row.status === "pending" ? counts.requeued++ : counts.rejected++
    return counts
  }

  /** Puts rejected items (that can be mapped) of the given stores back to `pending`. Returns how many per store. */
  @InjectManager()
  async retryRejectedCatalogItems(
    jwoStoreIds: string[],
    variantIds: string[] | undefined,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { jwo_store_id: string }[] = await manager.execute(
      `UPDATE jwo_catalog_item SET status = 'pending', message = NULL, failed_uploads = 0, updated_at = now()
        WHERE jwo_store_id  IN (SELECT jsonb_array_elements_text(?::jsonb)) AND status = 'rejected' AND content_hash IS NOT NULL AND deleted_at IS NULL
          ${variantIds?.length ? "AND variant_id  IN (SELECT jsonb_array_elements_text(?::jsonb))" : ""}
        RETURNING jwo_store_id`,
      variantIds?.length ? [JSON.stringify(jwoStoreIds), JSON.stringify(variantIds)] : [JSON.stringify(jwoStoreIds)]
    )
    const out: Record<string, number> = {}
    for (const r of rows) out[r.jwo_store_id] = (out[r.jwo_store_id] ?? 0) + 1
    return out
  }

  /** Item counts by store and status (every store that has items). */
  @InjectManager()
  async countCatalogItems(
    jwoStoreIds?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, Record<string, number>>> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { jwo_store_id: string; status: string; count: string }[] = await manager.execute(
      `SELECT jwo_store_id, status, COUNT(*) AS count FROM jwo_catalog_item WHERE deleted_at IS NULL
        ${jwoStoreIds ? "AND jwo_store_id  IN (SELECT jsonb_array_elements_text(?::jsonb))" : ""} GROUP BY jwo_store_id, status`,
      jwoStoreIds ? [JSON.stringify(jwoStoreIds)] : []
    )
    const out: Record<string, Record<string, number>> = {}
    for (const r of rows) (out[r.jwo_store_id] ??= {})[r.status] = Number(r.count)
    return out
  }

  /** Takes a full sync's lease (one runner at a time; a dead runner's lease runs out). Returns the token or null. */
  @InjectManager()
  async leaseCatalogSync(id: string, ms: number, token?: string, @MedusaContext() sharedContext: Context = {}): Promise<string | null> {
    const manager = sharedContext.manager as SqlEntityManager
    const next = token ?? randomUUID()
    const rows = await manager.execute(
      `UPDATE jwo_catalog_sync SET lease_token = ?, lease_until = now() + (? * interval '1 millisecond'), updated_at = now()
        WHERE id = ? AND status = 'running' AND deleted_at IS NULL
          AND (lease_until IS NULL OR lease_until < now() OR lease_token = ?) RETURNING id`,
      [next, ms, id, token ?? ""]
    )
    return rows.length ? next : null
  }

  @InjectManager()
  async releaseCatalogSync(id: string, token: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(`UPDATE jwo_catalog_sync SET lease_token = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?`, [id, token])
  }

  /** Adds to a sync's progress counters (atomic increments: several pages may report at once). */
  @InjectManager()
  async addCatalogSyncProgress(
    id: string,
    delta: Partial<Record<"products_done" | "variants_seen" | "items_queued" | "items_unchanged" | "items_invalid" | "items_removed" | "uploads_created", number>>,
    set: { cursor?: string | null; store_index?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    const parts: string[] = []
    const params: unknown[] = []
    for (const [key, value] of Object.entries(delta)) {
      if (!value) continue
      parts.push(`${key} = ${key} + ?`)
      params.push(value)
    }
    if ("cursor" in set) {
      parts.push(`cursor = ?`)
      params.push(set.cursor ?? null)
    }
    if (set.store_index !== undefined) {
      parts.push(`store_index = ?`)
      params.push(set.store_index)
    }
    if (!parts.length) return
    await manager.execute(`UPDATE jwo_catalog_sync SET ${parts.join(", ")}, updated_at = now() WHERE id = ?`, [...params, id])
  }

  /** Uploads whose next attempt or poll is overdue by `graceMs` (their job was lost): for the reconcile job. */
  @InjectManager()
  async listOverdueCatalogUploads(graceMs: number, limit: number, @MedusaContext() sharedContext: Context = {}): Promise<{ id: string; status: string }[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return manager.execute(
      `SELECT id, status FROM jwo_catalog_upload WHERE deleted_at IS NULL AND status IN ('queued', 'submitted')
          AND next_action_at < now() - (? * interval '1 millisecond') ORDER BY next_action_at LIMIT ?`,
      [graceMs, limit]
    )
  }
  /* ============================================================================================================ */
  /* End of catalog sync                                                                                           */
  /* ============================================================================================================ */

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
