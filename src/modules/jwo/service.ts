import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys, generateEntityId, InjectManager, InjectTransactionManager, MedusaContext, MedusaService } from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { configManager } from "@medusajs/framework/config"
import { container as appContainer } from "@medusajs/framework"
import { JwoStore } from "./models/jwo-store"
import { JwoRecognitionRecord } from "./models/jwo-recognition-record"
import { JwoCustomerBlock } from "./models/jwo-customer-block"
import { JwoEntryDecision } from "./models/jwo-entry-decision"
import { JwoShoppingTrip, type TripStatus } from "./models/jwo-shopping-trip"
import { JwoTripTransition } from "./models/jwo-trip-transition"
import { JwoCatalogItem } from "./models/jwo-catalog-item"
import { JwoCatalogUpload } from "./models/jwo-catalog-upload"
import { JwoCatalogSync } from "./models/jwo-catalog-sync"
import { JwoCatalogNotification } from "./models/jwo-catalog-notification"
import { CLAIM_CATALOG_ITEMS_SQL, UPSERT_CATALOG_ITEMS_SQL } from "./catalog-sql"
import { likePattern, statsQueries, TRIP_SEARCH_SQL, type StatsRows } from "./admin-figures"
import type { JwoOptions } from "./options"
import { JwoQueues, shouldRunProcessors, type JwoQueueSpec } from "./queue"
import { CATALOG_CALLS_QUEUE, queueSpecs, type CatalogCallJob } from "./queue/definitions"
import type { CatalogNotificationKind } from "./models/jwo-catalog-notification"
import { checkSubscribeUrl, describeQueue, queueUrlRegion, type ParsedQueueMessage } from "./catalog-notifications"
import { CatalogNotificationsConsumer, createSqsNotificationsQueue, type QueueMessage } from "./notifications-consumer"
import { createTransport, type Transport } from "./amazon/http"
import { backoffDelayMs, createAmazonClient, type AmazonClient } from "./amazon"
import { queueHandlers } from "./queue/handlers"
import { deploymentWarnings, missingCustomerGroupWarnings } from "./boot-checks"
import { TripDispatcher } from "./dispatcher"
import { INSTANCE_ID, LEASE_TTL_MS, TripLeaseKeeper } from "./trip-lease"
import { actorKind, canMove, isContention, LOCK_CONTENTION_GRACE_MS, LOCK_CONTENTION_RETRY_MS, WORKING_STATUSES } from "./trip-states"
import { shopperOf, tripFingerprint, type PurchaseRequest } from "./trip"
import { CLAIM_TRIP_SQL, claimMoveFor, type ClaimMove } from "./trip-claim"
import {
  checkScanKey,
  decideEntry,
  type EntryAnswer,
  type EntryDecision,
  type GateCustomerFacts,
  type GateFacts,
  type IdentityKeyScan,
  RECORD_TOUCH_INTERVAL_MS,
} from "./entry"

type Knex = ReturnType<SqlEntityManager["getKnex"]>

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

/** A customer's standing read through Medusa's query, for a database without the customer tables. */
export type VisitorLookupFn = (customerId: string) => Promise<GateCustomerFacts>

export type VerifyIdentityKeyResult = { unknown_store: true } | { unknown_store: false; answer: EntryAnswer }

/**
 * Everything the gate decides on, in one statement: the live store by Amazon's id, the live recognition record by
 * token hash (none when the code was refused first: the hash is null), its customer unless deleted, the customer's
 * live groups and whether staff blocked them. No row: unknown store.
 */
const GATE_FACTS_SQL = `
SELECT s.id AS store_id, s.enabled, s.connectivity_test_enabled, s.connectivity_test_keys,
       r.id AS record_id, r.customer_id, r.status AS record_status, r.visitor_type AS record_visitor_type,
       r.last_used_at AS record_last_used_at,
       c.id IS NOT NULL AS customer_exists,
       EXISTS (SELECT 1 FROM jwo_customer_block b WHERE b.customer_id = r.customer_id AND b.deleted_at IS NULL) AS blocked_by_staff,
       (SELECT json_agg(json_build_object('id', g.id, 'name', g.name))
          FROM customer_group_customer cg
          JOIN customer_group g ON g.id = cg.customer_group_id AND g.deleted_at IS NULL
         WHERE cg.customer_id = r.customer_id AND cg.deleted_at IS NULL) AS groups
  FROM jwo_store s
  LEFT JOIN jwo_recognition_record r ON r.token_hash = ? AND r.deleted_at IS NULL
  LEFT JOIN customer c ON c.id = r.customer_id AND c.deleted_at IS NULL
 WHERE s.amazon_store_id = ? AND s.deleted_at IS NULL
 LIMIT 1`

/** The same without the customer module's tables (another database): the customer is read through query. */
const GATE_FACTS_SQL_NO_CUSTOMERS = `
SELECT s.id AS store_id, s.enabled, s.connectivity_test_enabled, s.connectivity_test_keys,
       r.id AS record_id, r.customer_id, r.status AS record_status, r.visitor_type AS record_visitor_type,
       r.last_used_at AS record_last_used_at
  FROM jwo_store s
  LEFT JOIN jwo_recognition_record r ON r.token_hash = ? AND r.deleted_at IS NULL
 WHERE s.amazon_store_id = ? AND s.deleted_at IS NULL
 LIMIT 1`

type GateFactsRow = {
  store_id: string
  enabled: boolean
  connectivity_test_enabled: boolean
  connectivity_test_keys: string[] | null
  record_id: string | null
  customer_id: string | null
  record_status: string | null
  record_visitor_type: string | null
  record_last_used_at: Date | null
  customer_exists?: boolean
  blocked_by_staff?: boolean
  groups?: { id: string; name: string | null }[] | null
}

function gateFactsOf(row: GateFactsRow): GateFacts {
  const store = {
    id: row.store_id,
    enabled: row.enabled,
    connectivity_test_enabled: row.connectivity_test_enabled,
    connectivity_test_keys: row.connectivity_test_keys,
  }
  if (!row.record_id || !row.customer_id) return { store, record: null, customer: null }
  return {
    store,
    record: {
      id: row.record_id,
      customer_id: row.customer_id,
      status: row.record_status ?? "revoked",
      visitor_type: row.record_visitor_type,
      last_used_at: row.record_last_used_at,
    },
    customer: row.customer_exists
      ? { exists: true, groups: row.groups ?? [], blocked_by_staff: Boolean(row.blocked_by_staff) }
      : { exists: false },
  }
}

const INSERT_ENTRY_DECISION = `
  INSERT INTO jwo_entry_decision (id, auth_event_id, request_id, jwo_store_id, amazon_store_id, location, key_channel,
         event_time, result, reason, customer_id, recognition_record_id, visitor_id, visitor_type, connectivity_test,
         response_status, response_body, duration_ms, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, now(), now())
  ON CONFLICT (auth_event_id) WHERE deleted_at IS NULL DO NOTHING
  RETURNING 1 AS inserted`

/** Stores a decision once per authEvent.id: the unique index decides. One row back when it was stored. */
const STORE_ENTRY_DECISION_SQL = INSERT_ENTRY_DECISION

/**
 * The same, and when it was stored, marks the recognition record as used (re-checked under the row lock, so
 * concurrent scans of one app write it once). Only for a decision that asks for it (at most once a minute per app):
 * the plain insert is cheaper for PostgreSQL to plan and run.
 */
const STORE_ENTRY_DECISION_AND_TOUCH_SQL = `
WITH ins AS (${INSERT_ENTRY_DECISION}
), touched AS (
  UPDATE jwo_recognition_record r SET last_used_at = now(), visitor_type = ?, updated_at = now()
   WHERE r.id = ? AND r.deleted_at IS NULL AND EXISTS (SELECT 1 FROM ins)
     AND (r.last_used_at IS NULL OR r.last_used_at < now() - interval '${RECORD_TOUCH_INTERVAL_MS / 1000} seconds'
          OR r.visitor_type IS DISTINCT FROM ?)
  RETURNING 1
)
SELECT inserted FROM ins`

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

export type ReceiveTripResult =
  | { kind: "unknown_store" }
  | { kind: "conflict" }
  | { kind: "stored"; trip_id: string; purchase_id: string; created: boolean; status: string }

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
  JwoCatalogNotification,
}) {
  protected readonly options_: JwoOptions
  protected readonly logger_: Logger
  readonly queues: JwoQueues
  /** The heartbeats of the trip leases this instance holds. */
  readonly leases: TripLeaseKeeper
  /** Moves due work from Postgres onto the queues; runs only where Medusa runs workers. */
  dispatcher: TripDispatcher | null = null
  /** Long-polls the catalog notifications queue (catalog.notifications); runs only where Medusa runs workers. */
  catalogNotifications: CatalogNotificationsConsumer | null = null
  private subscribeTransport_?: Transport
  private readonly queueSpecs_: JwoQueueSpec[]

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
    this.queueSpecs_ = queueSpecs({ trips: this.options_.trips.concurrency, checkout: this.options_.checkout.concurrency })
    for (const spec of this.queueSpecs_) this.queues.define(spec)
    this.leases = new TripLeaseKeeper((id, token, ttl) => this.renewTripLease(id, token, ttl), this.logger_)
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

  private gateKnex_?: Knex
  private gateCustomerTables_?: Promise<boolean>

  /** The connection the gate's two statements run on (the app's shared pool), without an ORM manager per call. */
  @InjectManager()
  protected async gateConnection_(@MedusaContext() sharedContext: Context = {}): Promise<Knex> {
    this.gateKnex_ ??= (sharedContext.manager as SqlEntityManager).getKnex()
    return this.gateKnex_
  }

  /**
   * True when the customer module's tables are in this module's database (every ordinary Medusa app: one database
   * for all modules), so the gate can read customer, groups and block in the same statement as its own rows.
   */
  private customerTablesHere_(knex: Knex): Promise<boolean> {
    this.gateCustomerTables_ ??= knex
      .raw(
        `SELECT to_regclass('customer') IS NOT NULL AND to_regclass('customer_group') IS NOT NULL
                AND to_regclass('customer_group_customer') IS NOT NULL AS here`
      )
      .then((r: { rows: { here: boolean }[] }) => {
        const here = Boolean(r.rows[0]?.here)
        if (!here) {
          this.logger_.warn(
            "medusa-plugin-jwo: the customer tables are not in the plugin's database; the gate reads customers through Medusa's query (slower)"
          )
        }
        return here
      })
      .catch((error: unknown) => {
        // Asked again at the next scan: a failed check must not stick.
        this.gateCustomerTables_ = undefined
        throw error
      })
    return this.gateCustomerTables_
  }

  /**
   * The Identity Connector's whole answer path (Verify Identity Keys): reads the code (pure), fetches every fact the
   * decision needs in one statement (store, recognition record, customer, groups, staff block; nothing cached, so a
   * block, a revocation or a disabled store counts from the next scan), decides (pure, `decideEntry`), and stores
   * the decision in a second statement, idempotent by the unique index on `authEvent.id`: a replayed or concurrent
   * id loses at the insert and gets the stored first answer. No workflow engine, event bus or Redis is touched, as on
   * the Ordering Connector's path.
   *
   * `lookUpVisitor` is used only when the customer tables are not in this database (a module with its own
   * database): the caller reads the customer through Medusa's query instead.
   */
  async verifyIdentityKey(
    scan: IdentityKeyScan,
    { receivedAt = Date.now(), lookUpVisitor }: { receivedAt?: number; lookUpVisitor?: VisitorLookupFn } = {}
  ): Promise<VerifyIdentityKeyResult> {
    const knex = this.gateKnex_ ?? (await this.gateConnection_())
    const key = checkScanKey(scan, this.options_.scanKey)
    const tokenHash = key.result.ok ? key.result.token_hash : null
    const customersHere = await this.customerTablesHere_(knex)
    const { rows } = await knex.raw(customersHere ? GATE_FACTS_SQL : GATE_FACTS_SQL_NO_CUSTOMERS, [tokenHash, scan.storeId])
    const row: GateFactsRow | undefined = rows[0]
    if (!row) return { unknown_store: true }
    const facts = gateFactsOf(row)
    if (facts.record && !customersHere) {
      if (!lookUpVisitor) throw new Error("verifyIdentityKey: the customer tables are not in this database; pass lookUpVisitor")
      facts.customer = await lookUpVisitor(facts.record.customer_id)
    }
    const decision = decideEntry(scan, key, facts, this.options_.customerGroups)
    return { unknown_store: false, answer: await this.storeEntryDecision_(knex, decision, Date.now() - receivedAt) }
  }

  /**
   * Stores a gate decision once per `authEvent.id` in one statement: the unique index decides (ON CONFLICT DO
   * NOTHING), and the recognition record is marked as used in the same statement when the decision says so. When a
   * decision for the id is already stored (a replay, or a concurrent delivery that won), a second statement reads it
   * and its answer is given.
   */
  private async storeEntryDecision_(knex: Knex, d: EntryDecision, durationMs: number): Promise<EntryAnswer> {
    const touch = d.touch_record
    const values = [
      generateEntityId(undefined, "jwoentry"), d.auth_event_id, d.request_id, d.jwo_store_id, d.amazon_store_id,
      d.location, d.key_channel, d.event_time, d.result, d.reason, d.customer_id, d.recognition_record_id,
      d.visitor_id, d.visitor_type, d.connectivity_test, d.response_status, JSON.stringify(d.response_body), durationMs,
    ]
    const { rows } = touch
      ? await knex.raw(STORE_ENTRY_DECISION_AND_TOUCH_SQL, [...values, touch.visitor_type, touch.id, touch.visitor_type])
      : await knex.raw(STORE_ENTRY_DECISION_SQL, values)
    if (rows.length) return { status: d.response_status, body: d.response_body }
    const { rows: [stored] } = await knex.raw(
      `SELECT response_status, response_body FROM jwo_entry_decision WHERE auth_event_id = ? AND deleted_at IS NULL`,
      [d.auth_event_id]
    )
    if (!stored) throw new Error(`entry decision for authEvent.id ${d.auth_event_id} neither inserted nor found`)
    return { status: stored.response_status as EntryAnswer["status"], body: stored.response_body }
  }

  /**
   * The Ordering Connector's whole answer path (Create Purchases): finds the JWO store, then stores a newly received
   * trip once per `idempotentShoppingTripId`, due for processing at once (`next_attempt_at`). Only Postgres is
   * touched: no queue, no workflow engine, no event bus (all Redis-backed in production), so Amazon's 201 takes the
   * same time whether Redis is up, slow or down. The dispatchers move the trip onto the queue.
   */
  async receivePurchase(request: PurchaseRequest): Promise<ReceiveTripResult> {
    const [store] = await this.listJwoStores({ amazon_store_id: request.storeId }, { take: 1, select: ["id"] })
    if (!store) return { kind: "unknown_store" }
    const fingerprint = tripFingerprint(request)
    const empty = request.cartItems.length === 0
    const { trip, created } = await this.receiveTrip({
      idempotent_shopping_trip_id: request.idempotentShoppingTripId,
      request_id: request.requestId,
      jwo_store_id: store.id,
      amazon_store_id: request.storeId,
      status: empty ? "empty" : "received",
      status_reason: empty ? "Amazon sent an empty cart: nothing to charge" : null,
      cart: request as unknown as Record<string, unknown>,
      cart_fingerprint: fingerprint,
      item_count: request.cartItems.length,
      start_time: new Date(request.shoppingTrip.startTime),
      end_time: new Date(request.shoppingTrip.endTime),
      ...shopperOf(request.shoppingTrip.authEvents),
    })
    if (!created && trip.cart_fingerprint !== fingerprint) return { kind: "conflict" }
    if (created && trip.status === "received") this.dispatcher?.wake()
    // An empty cart's purchaseId is "" (contract §5), also on replay.
    const purchase_id = trip.status === "empty" ? "" : trip.id
    return { kind: "stored", trip_id: trip.id, purchase_id, created, status: trip.status }
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
    const due = WORKING_STATUSES.includes(data.status) ? new Date() : null
    const trip = await this.createJwoShoppingTrips({ ...data, status_changed_at: new Date(), next_attempt_at: due }, sharedContext)
    await this.createJwoTripTransitions(
      { trip_id: trip.id, from_status: null, to_status: data.status, reason: data.status_reason ?? null, actor: "amazon" },
      sharedContext
    )
    return trip
  }

  /**
   * Moves a trip to `to`, only along the state machine (`TRIP_TRANSITIONS`, for the actor's kind) and only if it is in
   * one of `from` (compare-and-set in the database, so two workers never both make the same move); writes `set`
   * with it and records the transition. A move into a working state makes its work due now (unless `set` says when);
   * any other move clears `next_attempt_at`. Returns false when the trip was not in `from` or the move is not allowed.
   */
  @InjectTransactionManager()
  async transitionTrip(
    id: string,
    move: { from: TripStatus[]; to: TripStatus; reason?: string | null; actor?: string; data?: Record<string, unknown>; set?: Record<string, unknown> },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const actor = move.actor ?? "system"
    // Lock the row, then move it only from an allowed state.
    const [current]: { status: TripStatus }[] = await manager.execute(
      `SELECT status FROM jwo_shopping_trip WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [id]
    )
    if (!current || !move.from.includes(current.status) || !canMove(current.status, move.to, actorKind(actor))) return false
    const set: Record<string, unknown> = {
      next_attempt_at: WORKING_STATUSES.includes(move.to) ? new Date() : null,
      ...(move.set ?? {}),
    }
    await manager.execute(
      `UPDATE jwo_shopping_trip SET status = ?, status_reason = ?, status_changed_at = now(), updated_at = now() WHERE id = ?`,
      [move.to, move.reason ?? null, id]
    )
    await this.updateJwoShoppingTrips({ id, ...set }, sharedContext)
    await this.createJwoTripTransitions(
      {
        trip_id: id,
        from_status: current.status,
        to_status: move.to,
        reason: move.reason ?? null,
        actor,
        data: move.data ?? null,
      },
      sharedContext
    )
    if (WORKING_STATUSES.includes(move.to)) this.dispatcher?.wake()
    return true
  }

  /**
   * Claims a trip for this worker: takes its lease (`LEASE_TTL_MS`, renewed by the heartbeat until released) if the
   * trip is in one of `statuses` and no live lease is held. Returns the token, or why not: held by a live worker
   * (named), or not in a state this work is for.
   */
  @InjectManager()
  async claimTrip(
    id: string,
    statuses: TripStatus[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ token: string } | { token: null; held_by: string | null; status: TripStatus | null }> {
    // The same claim as a run's, without a move.
    const claim = await this.claimTripForWork(id, statuses, undefined, sharedContext)
    return claim.token === null ? claim : { token: claim.token }
  }

  /**
   * The claim of a run of a trip's work, in one statement (`CLAIM_TRIP_SQL`): the lease as `claimTrip` takes it, the
   * work's first move (processing: `received` → `pricing`, checked against `TRIP_TRANSITIONS` by `claimMoveFor`) with
   * its history row, and the trip's and its store's columns the steps read. A second statement only when the claim
   * fails, to say why (held by a live worker, or not in a state the work is for).
   */
  @InjectManager()
  async claimTripForWork(
    id: string,
    statuses: TripStatus[],
    move?: ClaimMove,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<
    | { token: string; trip: Record<string, unknown>; store: Record<string, unknown> | null; moved: boolean }
    | { token: null; held_by: string | null; status: TripStatus | null }
  > {
    const manager = sharedContext.manager as SqlEntityManager
    const checked = claimMoveFor(statuses, move)
    const token = randomUUID()
    const rows: Record<string, any>[] = await manager.execute(CLAIM_TRIP_SQL, [
      id,
      JSON.stringify(statuses),
      token,
      INSTANCE_ID,
      LEASE_TTL_MS,
      checked?.from ?? null,
      checked?.to ?? null,
      checked?.reason ?? null,
      generateEntityId(undefined, "jwotripev"),
    ])
    if (rows.length) {
      this.leases.hold(id, token)
      const { from_status: _from, moved, store, ...trip } = rows[0]
      if (moved && checked && WORKING_STATUSES.includes(checked.to)) this.dispatcher?.wake()
      return { token, trip, store: store ?? null, moved: Boolean(moved) }
    }
    const [row]: { status: TripStatus; lease_owner: string | null; live: boolean }[] = await manager.execute(
      `SELECT status, lease_owner, (lease_until IS NOT NULL AND lease_until >= now()) AS live FROM jwo_shopping_trip WHERE id = ? AND deleted_at IS NULL`,
      [id]
    )
    return { token: null, held_by: row?.live ? row.lease_owner : null, status: row?.status ?? null }
  }

  /**
   * Marks that a cart is about to be made for the trip (`metadata.cart_requested_at`), in one statement: a run that
   * dies before the cart's checkpoint leaves a cart the next run finds (docs/trips.md "Durable work").
   */
  @InjectManager()
  async markTripCartRequested(id: string, at: Date, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `UPDATE jwo_shopping_trip SET metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('cart_requested_at', ?::text), updated_at = now()
        WHERE id = ? AND deleted_at IS NULL`,
      [at.toISOString(), id]
    )
  }

  /** Renews a lease this worker holds; false when it is no longer its own (released, or taken over after running out). */
  @InjectManager()
  async renewTripLease(id: string, token: string, ttlMs: number, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows = await manager.execute(
      `UPDATE jwo_shopping_trip SET lease_until = now() + (? * interval '1 millisecond') WHERE id = ? AND lease_token = ? RETURNING id`,
      [ttlMs, id, token]
    )
    return rows.length > 0
  }

  /** Gives a claim back (its heartbeat stops); a no-op when the lease is no longer this token's. */
  @InjectManager()
  async releaseTrip(id: string, token: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    this.leases.drop(token)
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `UPDATE jwo_shopping_trip SET lease_token = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_token = ?`,
      [id, token]
    )
    this.dispatcher?.wake()
  }

  /**
   * For the dispatcher: claims up to `limit` trips whose work is due and that no live worker holds, and pushes their
   * `next_attempt_at` forward by `visibilityMs` (a job lost on the way is due again then). Several dispatchers share
   * the work (SKIP LOCKED).
   */
  @InjectManager()
  async claimDueTrips(limit: number, visibilityMs: number, @MedusaContext() sharedContext: Context = {}): Promise<{ id: string; status: TripStatus }[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return manager.execute(
      `UPDATE jwo_shopping_trip SET next_attempt_at = now() + (? * interval '1 millisecond')
        WHERE id IN (
          SELECT id FROM jwo_shopping_trip
           WHERE deleted_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= now()
             AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING id, status`,
      [visibilityMs, limit]
    )
  }

  /**
   * Trips in a working state with no due time (written before due times existed, or by hand) are made due now, so
   * nothing waits forever. Run by the dispatcher when it starts.
   */
  @InjectManager()
  async makeWorkingTripsDue(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows = await manager.execute(
      `UPDATE jwo_shopping_trip SET next_attempt_at = now()
        WHERE deleted_at IS NULL AND next_attempt_at IS NULL AND status IN (SELECT jsonb_array_elements_text(?::jsonb)) RETURNING id`,
      [JSON.stringify(WORKING_STATUSES)]
    )
    return rows.length
  }

  /**
   * Records that a run of a trip's work failed (an error, not a crash): counts it, keeps the message, and makes the
   * work due again after a growing delay. Returns the count, for the caller to give up after `trips.maxAttempts`.
   * A Medusa lock timeout is contention, waited out without counting for a while (`isContention`).
   */
  @InjectManager()
  async recordTripFailure(
    id: string,
    message: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ attempts: number; status: TripStatus; contention: boolean } | null> {
    const manager = sharedContext.manager as SqlEntityManager
    const { retryBaseMs, retryMaxMs } = this.options_.trips
    // A Medusa lock left by a dead run is waited out, not counted (LOCK_CONTENTION_GRACE_MS), within the grace time.
    const contention = isContention(message)
    const [row]: { attempts: number; status: TripStatus; counted: boolean }[] = await manager.execute(
      `UPDATE jwo_shopping_trip
          SET attempts = attempts + CASE WHEN ? AND status_changed_at > now() - (? * interval '1 millisecond') THEN 0 ELSE 1 END,
              last_error = ?, updated_at = now()
        WHERE id = ? AND deleted_at IS NULL
        RETURNING attempts, status, NOT (? AND status_changed_at > now() - (? * interval '1 millisecond')) AS counted`,
      [contention, LOCK_CONTENTION_GRACE_MS, message.slice(0, 2000), id, contention, LOCK_CONTENTION_GRACE_MS]
    )
    if (!row) return null
    const waiting = !row.counted
    const delay = waiting
      ? LOCK_CONTENTION_RETRY_MS + Math.floor(Math.random() * LOCK_CONTENTION_RETRY_MS)
      : backoffDelayMs(row.attempts, { baseMs: retryBaseMs, maxMs: retryMaxMs })
    await manager.execute(
      `UPDATE jwo_shopping_trip SET next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ? AND status IN (SELECT jsonb_array_elements_text(?::jsonb))`,
      [delay, id, JSON.stringify(WORKING_STATUSES)]
    )
    return { attempts: row.attempts, status: row.status, contention: waiting }
  }

  /**
   * Trips whose due work is overdue by more than `olderThan` (or that are in a working state with no live worker
   * and nothing due): what the watch job reports as stuck. Oldest first.
   */
  @InjectManager()
  async listStuckTrips(olderThan: Date, limit: number, @MedusaContext() sharedContext: Context = {}): Promise<{ id: string; status: string; next_attempt_at: Date | null }[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return manager.execute(
      `SELECT id, status, next_attempt_at FROM jwo_shopping_trip
        WHERE deleted_at IS NULL AND status IN (SELECT jsonb_array_elements_text(?::jsonb))
          AND status_changed_at < ? AND (next_attempt_at IS NULL OR next_attempt_at < ?)
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY status_changed_at LIMIT ?`,
      [JSON.stringify(WORKING_STATUSES), olderThan, olderThan, limit]
    )
  }

  /* ============================================================================================================ */
  /* Admin search and figures (src/modules/jwo/admin-figures.ts): read-only, for GET /admin/jwo/trips and /stats.   */
  /* ============================================================================================================ */

  /**
   * Ids of trips (newest first, at most `limit`) that a search text names by their own fields: the trip id, Amazon's
   * trip id (part of it, unless `partial: false`), Amazon's order id, a SKU or code of the cart or a matched SKU; or whose customer or order is
   * among the given ids (found by the caller in Medusa's customer and order modules).
   */
  @InjectManager()
  async searchTripIds(
    text: string,
    related: { customerIds?: string[]; orderIds?: string[]; partial?: boolean } = {},
    limit = 5000,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { id: string }[] = await manager.execute(TRIP_SEARCH_SQL, [
      text,
      related.partial === false ? text.replace(/[\\%_]/g, (c) => `\\${c}`) : likePattern(text),
      text,
      JSON.stringify(related.customerIds ?? []),
      JSON.stringify(related.orderIds ?? []),
      text,
      text,
      limit,
    ])
    return rows.map((r) => r.id)
  }

  /** The dashboard's aggregates for `[from, to)`, optionally for one JWO store (see admin-figures.ts). */
  @InjectManager()
  async tripAndEntryStats(from: Date, to: Date, jwoStoreId?: string, @MedusaContext() sharedContext: Context = {}): Promise<StatsRows> {
    const manager = sharedContext.manager as SqlEntityManager
    const sql = statsQueries(jwoStoreId)
    const range = (extra: unknown[] = []) => (jwoStoreId ? [from, to, jwoStoreId, ...extra] : [from, to, ...extra])
    const one = jwoStoreId ? [jwoStoreId] : []
    // One after the other: the statements share the request's connection.
    const entries = await manager.execute(sql.entries, range())
    const lastScan = await manager.execute(sql.lastScan, one)
    const tripsByStatus = await manager.execute(sql.tripsByStatus, range())
    const charged = await manager.execute(sql.charged, range())
    const exitToCharge = await manager.execute(sql.exitToCharge, range())
    const hourly = await manager.execute(sql.hourly, [from, to, ...range(), ...range(), ...range()])
    const dailyRevenue = await manager.execute(sql.dailyRevenue, range())
    return { entries, lastScan, tripsByStatus, charged, exitToCharge, hourly, dailyRevenue } as StatsRows
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
    return this.settleItems_(sharedContext.manager as SqlEntityManager, uploadId, outcome)
  }

  protected async settleItems_(
    manager: SqlEntityManager,
    uploadId: string,
    outcome: Parameters<JwoModuleService["settleCatalogUploadItems"]>[1]
  ): Promise<{ accepted: number; rejected: number; missing: number; requeued: number }> {
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

  /**
   * Ends a submitted upload, once: the status moves from `submitted` to `to` only if it is still `submitted`
   * (compare-and-set), and its items are settled in the same transaction (by the report, or back to pending for a
   * failed upload). A second caller (a duplicate notification's poll racing a scheduled poll, a job run twice) gets
   * null and changes nothing.
   */
  @InjectTransactionManager()
  async finishCatalogUpload(
    uploadId: string,
    finish: {
      to: "done" | "failed" | "cancelled"
      items: Parameters<JwoModuleService["settleCatalogUploadItems"]>[1]
      set?: { polls?: number; processing_status?: string | null; last_error?: string | null; settled_by?: "notification" | "poll" | null }
      /** Also finish an upload still `queued` (an upload whose attempts ran out). */
      fromQueued?: boolean
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ accepted: number; rejected: number; missing: number; requeued: number } | null> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const set = finish.set ?? {}
    const won: { id: string }[] = await manager.execute(
      `UPDATE jwo_catalog_upload SET status = ?, completed_at = now(), next_action_at = NULL, updated_at = now(),
              polls = COALESCE(?, polls), processing_status = COALESCE(?, processing_status), last_error = ?,
              settled_by = COALESCE(?, settled_by)
        WHERE id = ? AND deleted_at IS NULL AND status IN (SELECT jsonb_array_elements_text(?::jsonb)) RETURNING id`,
      [
        finish.to,
        set.polls ?? null,
        set.processing_status ?? null,
        set.last_error ?? null,
        set.settled_by ?? null,
        uploadId,
        JSON.stringify(finish.fromQueued ? ["submitted", "queued"] : ["submitted"]),
      ]
    )
    if (!won.length) return null
    const counts = await this.settleItems_(manager, uploadId, finish.items)
    if (finish.to === "done" && finish.items.kind === "report") {
      const summary = { total: finish.items.results.length, accepted: counts.accepted, rejected: counts.rejected, missing: counts.missing }
      await manager.execute(`UPDATE jwo_catalog_upload SET report_summary = ?::jsonb WHERE id = ?`, [JSON.stringify(summary), uploadId])
    }
    return counts
  }

  /* ------------------------------------------------------------------------------------------------------------ */
  /* Catalog notifications (SNS → SQS; docs/catalog.md)                                                           */
  /* ------------------------------------------------------------------------------------------------------------ */

  /** Whether this instance's notifications consumer is receiving: while it is, status polls back off. */
  catalogNotificationsLive(): boolean {
    return this.catalogNotifications?.isLive() ?? false
  }

  /** Starts the consumer when `catalog.notifications` is set (workers only). */
  protected startCatalogNotifications() {
    const config = this.options_.catalog.notifications
    if (!config || this.catalogNotifications) return
    const region = config.region ?? queueUrlRegion(config.queueUrl) ?? this.options_.amazon.region!
    const own = config.accessKeyId && config.secretAccessKey
      ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}) }
      : null
    const queue = createSqsNotificationsQueue({
      queueUrl: config.queueUrl,
      region,
      // The plugin's own AWS credentials (static, environment, or the assumed role's) unless the block has its own.
      credentials: own ? async () => own : () => this.amazon().credentials(),
      waitTimeSeconds: config.waitTimeSeconds,
    })
    this.catalogNotifications = new CatalogNotificationsConsumer({
      queue,
      logger: this.logger_,
      waitTimeSeconds: config.waitTimeSeconds,
      handle: (message, parsed) => this.handleCatalogQueueMessage(message, parsed),
      onLiveChange: async (live) => {
        if (!live) await this.pollBackedOffUploadsNow()
      },
    })
    this.catalogNotifications.start()
  }

  /**
   * One message of the notifications queue. A notification names uploads: each one still being processed gets a
   * status call at once (on the rate-limited catalog queue; the message is handled once that job is queued). Uploads
   * already settled, or unknown, make a duplicate or stray message harmless. A SubscriptionConfirmation is answered
   * by fetching its SubscribeURL. Anything unreadable is kept on the queue (its dead-letter redrive takes it).
   */
  async handleCatalogQueueMessage(message: QueueMessage, parsed: ParsedQueueMessage): Promise<"handled" | "keep"> {
    const prefix = `medusa-plugin-jwo: catalog notifications: message ${message.messageId}`
    const record = (row: { kind: CatalogNotificationKind; outcome: string; detail?: string | null; ingestion_ids?: string[]; upload_ids?: string[]; sns_message_id?: string | null; topic_arn?: string | null }) =>
      this.recordCatalogNotification({ message_id: message.messageId, receive_count: message.receiveCount, ...row })

    if (parsed.kind === "malformed") {
      this.logger_.warn(
        `${prefix} cannot be read (${parsed.reason}); left on the queue for its dead-letter redrive (delivery ${message.receiveCount}). Body: ${JSON.stringify(message.body.slice(0, 300))}`
      )
      await record({ kind: "malformed", outcome: "left_for_redrive", detail: `${parsed.reason}: ${message.body.slice(0, 500)}` })
      return "keep"
    }
    if (parsed.kind === "subscription_confirmation") {
      const checked = checkSubscribeUrl(parsed.subscribeUrl)
      if (!checked.ok) {
        this.logger_.error(`${prefix}: SNS SubscriptionConfirmation for ${parsed.topicArn ?? "an unknown topic"} not confirmed: ${checked.reason}`)
        await record({ kind: "subscription_confirmation", outcome: "refused", detail: checked.reason, sns_message_id: parsed.snsMessageId, topic_arn: parsed.topicArn })
        return "keep"
      }
      let status = 0
      let failure = ""
      try {
        this.subscribeTransport_ ??= createTransport({ connectTimeoutMs: 5000, requestTimeoutMs: 10_000 })
        const answer = await this.subscribeTransport_.send({ method: "GET", url: checked.url, headers: { accept: "*/*" }, timeoutMs: 10_000, maxBytes: 64 * 1024 })
        status = answer.status
        if (status < 200 || status >= 300) failure = `SNS answered ${status}: ${answer.text.replace(/\s+/g, " ").slice(0, 300)}`
      } catch (error) {
        failure = (error as Error).message
      }
      if (failure) {
        this.logger_.error(`${prefix}: confirming the SNS subscription to ${parsed.topicArn ?? "?"} failed (${failure}); the message stays on the queue and is tried again`)
        await record({ kind: "subscription_confirmation", outcome: "confirm_failed", detail: failure, sns_message_id: parsed.snsMessageId, topic_arn: parsed.topicArn })
        return "keep"
      }
      this.logger_.info(
        `medusa-plugin-jwo: catalog notifications: SNS subscription to ${parsed.topicArn ?? "Amazon's topic"} confirmed (SubscribeURL answered ${status}); the Merchant Portal's "SQS Subscription Status" becomes Complete`
      )
      await record({ kind: "subscription_confirmation", outcome: "confirmed", sns_message_id: parsed.snsMessageId, topic_arn: parsed.topicArn })
      return "handled"
    }
    if (parsed.kind === "unsubscribe_confirmation") {
      this.logger_.warn(`${prefix}: the SNS subscription to ${parsed.topicArn ?? "Amazon's topic"} was removed; uploads are settled by polling only until it is subscribed again`)
      await record({ kind: "unsubscribe_confirmation", outcome: "unsubscribed", sns_message_id: parsed.snsMessageId, topic_arn: parsed.topicArn })
      return "handled"
    }

    const uploadIds: string[] = []
    const outcomes: string[] = []
    for (const ingestionId of parsed.ingestionIds) {
      const [upload] = await this.listJwoCatalogUploads({ ingestion_id: ingestionId }, { take: 1, select: ["id", "status", "polls", "notified_at"] })
      if (!upload) {
        outcomes.push("unknown_upload")
        this.logger_.info(`${prefix} names ingestionId ${ingestionId}, which no upload of this plugin has (yet); ignored (polling settles every upload anyway)`)
        continue
      }
      uploadIds.push(upload.id)
      if (upload.status !== "submitted") {
        outcomes.push("already_settled")
        this.logger_.debug?.(`${prefix}: upload ${upload.id} is already ${upload.status}; nothing to do`)
        continue
      }
      if (!upload.notified_at) await this.updateJwoCatalogUploads({ id: upload.id, notified_at: new Date() })
      // The status call itself goes through the rate-limited catalog queue (Amazon's 10 calls/s budget).
      const job: CatalogCallJob = { kind: "poll", upload_id: upload.id, trigger: "notification" }
      await this.queues.add<CatalogCallJob>(CATALOG_CALLS_QUEUE, job, { jobId: `catalog-notify-${upload.id}-${message.messageId}` })
      outcomes.push("settling")
    }
    const outcome = outcomes.includes("settling") ? "settling" : outcomes.includes("already_settled") ? "already_settled" : "unknown_upload"
    await this.recordCatalogNotification({
      message_id: message.messageId,
      receive_count: message.receiveCount,
      kind: "notification",
      outcome,
      ingestion_ids: parsed.ingestionIds,
      upload_ids: uploadIds,
      sns_message_id: parsed.snsMessageId,
      topic_arn: parsed.topicArn,
      detail: parsed.processingStatus ? `processingStatus ${parsed.processingStatus}${parsed.raw ? " (raw delivery)" : ""}` : parsed.raw ? "raw delivery" : null,
    })
    return "handled"
  }

  /** Stores what was done with a queue message (one row per SQS message id; a redelivery updates it). */
  @InjectManager()
  async recordCatalogNotification(
    row: {
      message_id: string
      kind: CatalogNotificationKind
      outcome: string
      receive_count: number
      sns_message_id?: string | null
      ingestion_ids?: string[]
      upload_ids?: string[]
      topic_arn?: string | null
      detail?: string | null
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await manager.execute(
      `INSERT INTO jwo_catalog_notification (id, message_id, sns_message_id, kind, outcome, ingestion_ids, upload_ids, topic_arn,
              receive_count, detail, received_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, now(), now(), now())
       ON CONFLICT (message_id) WHERE deleted_at IS NULL DO UPDATE SET outcome = EXCLUDED.outcome, detail = EXCLUDED.detail,
              receive_count = EXCLUDED.receive_count, received_at = now(), updated_at = now()`,
      [
        generateEntityId(undefined, "jwocntf"),
        row.message_id,
        row.sns_message_id ?? null,
        row.kind,
        row.outcome,
        row.ingestion_ids ? JSON.stringify(row.ingestion_ids) : null,
        row.upload_ids ? JSON.stringify(row.upload_ids) : null,
        row.topic_arn ?? null,
        row.receive_count,
        row.detail ? row.detail.slice(0, 2000) : null,
      ]
    )
  }

  /** Forgets handled queue messages older than `days` (the record is for the admin and for diagnosis, not an audit). */
  @InjectManager()
  async pruneCatalogNotifications(days = 30, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows = await manager.execute(
      `DELETE FROM jwo_catalog_notification WHERE received_at < now() - (? * interval '1 day') RETURNING id`,
      [days]
    )
    return rows.length
  }

  /**
   * The queue cannot be read: polling takes over at once. Uploads whose next poll was backed off (due later than a
   * few seconds from now) are polled now; the backed-off job, still waiting, is skipped when it runs (superseded).
   */
  @InjectManager()
  async pollBackedOffUploadsNow(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { id: string; polls: number }[] = await manager.execute(
      `UPDATE jwo_catalog_upload SET next_action_at = now(), updated_at = now()
        WHERE deleted_at IS NULL AND status = 'submitted' AND next_action_at > now() + interval '5 seconds' RETURNING id, polls`
    )
    for (const row of rows) {
      const job: CatalogCallJob = { kind: "poll", upload_id: row.id, poll: row.polls + 1 }
      await this.queues.add<CatalogCallJob>(CATALOG_CALLS_QUEUE, job, { jobId: `catalog-poll-${row.id}-${row.polls + 1}-now-${Date.now()}` })
    }
    if (rows.length) this.logger_.info(`medusa-plugin-jwo: catalog notifications unavailable: ${rows.length} upload(s) polled now instead of later`)
    return rows.length
  }

  /**
   * For the admin: whether notifications are configured, this instance's consumer (null where none runs), the last
   * message received (any instance), when the subscription was last confirmed, and messages left for redrive.
   */
  @InjectManager()
  async catalogNotificationsStatus(@MedusaContext() sharedContext: Context = {}) {
    const manager = sharedContext.manager as SqlEntityManager
    const config = this.options_.catalog.notifications
    const [last] = await this.listJwoCatalogNotifications({}, { take: 1, order: { received_at: "DESC" } }, sharedContext)
    const [confirmed] = await this.listJwoCatalogNotifications({ kind: "subscription_confirmation", outcome: "confirmed" }, { take: 1, order: { received_at: "DESC" } }, sharedContext)
    const [counts]: { malformed: string; notifications: string }[] = await manager.execute(
      `SELECT COUNT(*) FILTER (WHERE kind = 'malformed') AS malformed, COUNT(*) FILTER (WHERE kind = 'notification') AS notifications
         FROM jwo_catalog_notification WHERE deleted_at IS NULL AND received_at > now() - interval '24 hours'`
    )
    const consumer = this.catalogNotifications
    return {
      configured: Boolean(config),
      queue: config ? describeQueue(config.queueUrl) : null,
      fallback_poll_ms: config?.fallbackPollMs ?? null,
      consumer: consumer
        ? {
            live: consumer.isLive(),
            started_at: consumer.state.startedAt,
            last_receive_at: consumer.state.lastReceiveAt,
            last_error: consumer.state.lastError,
            last_error_at: consumer.state.lastErrorAt,
            received: consumer.state.received,
            deleted: consumer.state.deleted,
            kept: consumer.state.kept,
          }
        : null,
      last_received: last ?? null,
      subscription_confirmed_at: confirmed?.received_at ?? null,
      last_24h: { notifications: Number(counts?.notifications ?? 0), malformed: Number(counts?.malformed ?? 0) },
    }
  }

  /** Uploads per store by what settled them (notification, poll), over the uploads that ended at Amazon. */
  @InjectManager()
  async countCatalogUploadsSettledBy(jwoStoreIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Record<string, { notification: number; poll: number }>> {
    const manager = sharedContext.manager as SqlEntityManager
    const rows: { jwo_store_id: string; settled_by: string; count: string }[] = await manager.execute(
      `SELECT jwo_store_id, settled_by, COUNT(*) AS count FROM jwo_catalog_upload
        WHERE deleted_at IS NULL AND settled_by IS NOT NULL AND jwo_store_id IN (SELECT jsonb_array_elements_text(?::jsonb))
        GROUP BY jwo_store_id, settled_by`,
      [JSON.stringify(jwoStoreIds)]
    )
    const out: Record<string, { notification: number; poll: number }> = {}
    for (const id of jwoStoreIds) out[id] = { notification: 0, poll: 0 }
    for (const r of rows) if (r.settled_by === "notification" || r.settled_by === "poll") out[r.jwo_store_id][r.settled_by] = Number(r.count)
    return out
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

  /**
   * At boot, on every instance: a server or worker instance without Medusa's Redis modules (the split cannot work);
   * a configured customer group that does not exist makes its option silently do nothing (associates enter as shoppers, blocked customers are let in), so say so in the log. Read with the
   * application's query (the framework's container, complete once the application has started, as the queue
   * handlers use it); the admin stores list repeats the warnings (`warnings`).
   */
  protected async warnAboutConfiguration() {
    const config = configManager.config
    for (const warning of deploymentWarnings(config?.projectConfig?.workerMode, config?.modules as Record<string, unknown>)) {
      this.logger_.warn(`medusa-plugin-jwo: ${warning}`)
    }
    try {
      const query = appContainer.resolve(ContainerRegistrationKeys.QUERY, { allowUnregistered: true })
      if (!query) return
      for (const warning of await missingCustomerGroupWarnings(query, this.options_.customerGroups)) {
        this.logger_.warn(`medusa-plugin-jwo: ${warning}`)
      }
    } catch (error) {
      this.logger_.warn(`medusa-plugin-jwo: could not check the configured customer groups: ${(error as Error).message}`)
    }
  }

  __hooks = {
    onApplicationStart: async () => {
      await this.warnAboutConfiguration()
      const workerMode = configManager.config?.projectConfig?.workerMode
      if (shouldRunProcessors(workerMode)) {
        for (const [name, handler] of Object.entries(queueHandlers())) {
          this.queues.define(this.queueSpecs_.find((spec) => spec.name === name)!, handler)
        }
        await this.queues.startProcessors()
        const made = await this.makeWorkingTripsDue()
        if (made) this.logger_.info(`medusa-plugin-jwo: ${made} trip(s) in progress had no due time; due now`)
        this.dispatcher = new TripDispatcher({
          claimDue: (limit, visibilityMs) => this.claimDueTrips(limit, visibilityMs),
          queues: this.queues,
          logger: this.logger_,
          intervalMs: this.options_.trips.dispatchIntervalMs,
        })
        this.dispatcher.start()
        this.startCatalogNotifications()
      }
    },
    onApplicationShutdown: async () => {
      await this.catalogNotifications?.stop()
      this.catalogNotifications = null
      await this.subscribeTransport_?.close()
      await this.dispatcher?.stop()
      this.leases.close()
      await this.queues.close()
      await this.amazon_?.close()
    },
  }
}

export default JwoModuleService
