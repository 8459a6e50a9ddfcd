import type { Amount, CustomerRef, ListPage, Timestamp, UserRef } from "./common"

/** States of a trip (docs/architecture.md "State of a shopping trip"); `resolved` is staff closing it by hand. */
export const TRIP_STATUSES = [
  "received",
  "empty",
  "pricing",
  "needs_attention",
  "order_placed",
  "checkout_pending",
  "checkout_rejected",
  "charged",
  "not_charged",
  "resolved",
] as const
export type TripStatus = (typeof TRIP_STATUSES)[number]

/**
 * States from which staff may retry (price again, or submit to Checkout again) and resolve by hand. The state
 * machine (`TRIP_TRANSITIONS` in src/modules/jwo/trip-states.ts) is the authority; a unit test holds these to it.
 */
export const RETRYABLE_STATUSES: readonly TripStatus[] = ["needs_attention", "checkout_rejected"]
export const RESOLVABLE_STATUSES: readonly TripStatus[] = ["received", "pricing", "needs_attention", "checkout_rejected"]
/** States the plugin works on by itself (a trip in one of them moves on without staff). */
export const WORKING_TRIP_STATUSES: readonly TripStatus[] = ["received", "pricing", "order_placed", "checkout_pending"]

/** Why a cart line could not be matched or priced (`LineResolution.problem`, src/modules/jwo/trip.ts). */
export type LineProblemCode = "UNKNOWN_ITEM" | "AMBIGUOUS_ITEM" | "NOT_PUBLISHED" | "NOT_IN_SALES_CHANNEL" | "BAD_QUANTITY" | "NO_PRICE"

/** One trip in a list: the trip's own fields plus who shopped and the order, by name and number. */
export type AdminJwoTrip = {
  id: string
  idempotent_shopping_trip_id: string
  jwo_store_id: string
  amazon_store_id: string
  status: TripStatus
  status_reason: string | null
  status_changed_at: Timestamp
  item_count: number
  start_time: Timestamp
  end_time: Timestamp
  entry_type: string | null
  visitor_id: string | null
  visitor_type: string | null
  customer_id: string | null
  group_size: number
  charge: boolean
  cart_id: string | null
  order_id: string | null
  amazon_order_id: string | null
  checkout_attempts: number
  checkout_last_error: string | null
  charged_at: Timestamp | null
  charged_total: string | null
  charged_currency_code: string | null
  attempts: number
  last_error: string | null
  created_at: Timestamp
  updated_at: Timestamp
  /** The billed customer, when it still exists. */
  customer?: CustomerRef | null
  /** The Medusa order: its number as staff know it, and its exact total. */
  order?: { id: string; display_id: number; currency_code: string; total: Amount } | null
  /** The JWO store's name. */
  store_name?: string | null
}

export type CartItem = {
  id: string
  type: "SKU" | "SCANCODE"
  quantity: { value: string; unit: string }
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

export type LineResolution = {
  /** 0-based position in the cart as Amazon sent it (shown 1-based). */
  index: number
  cart_item_id: string
  line_item_id: string | null
  type: string
  quantity: { value: string; unit: string }
  matched: boolean
  variant_id?: string
  sku?: string | null
  title?: string
  problem?: LineProblemCode | string
  reason?: string
  /** How a matched line's quantity was read: whole units, or a weight converted to the unit it is priced in. */
  read?: { kind: string; [key: string]: unknown }
}

export type PricedLine = {
  index: number
  cart_item_id: string
  type: string
  quantity: { value: string; unit: string }
  line_item_id: string
  variant_id: string
  unit_price: string
  subtotal: string
  discount_subtotal: string
  tax_total: string
  total: string
  promotions: { amount: string; code: string | null; description: string }[]
  /** Weighed goods: the amount and the unit the price is per (in the cart line's metadata). */
  [key: string]: unknown
}

export type StockGap = {
  variant_id: string
  /** Absent on gaps recorded before the SKU was stored. */
  sku?: string | null
  inventory_item_id: string
  location_id: string
  required: string
  available: string
  added: string
}

export type AmazonMoney = { amount: string; currencyCode: string }

export type CheckoutPayload = {
  idempotentShoppingTripId: string
  storeId: string
  lineItems: unknown[]
  orderTotals: { subTotal: AmazonMoney; promotionsTotal: AmazonMoney; salesTaxTotal: AmazonMoney; priceTotal: AmazonMoney }
}

export type TripTransition = {
  from_status: string | null
  to_status: string
  reason: string | null
  /** "system", "amazon" or "staff:<user id>". */
  actor: string
  /** The staff user behind a "staff:<id>" actor, when it still exists. */
  user?: UserRef | null
  data: unknown
  created_at: Timestamp
}

/**
 * How often the trip was worked on, read off its history so the figures and the history agree: pricing runs
 * (each move into `pricing`), Checkout submissions (each move into `checkout_pending`) and staff retries.
 */
export type TripAttempts = {
  pricing_runs: number
  checkout_submissions: number
  staff_retries: number
  /** Failed runs of the current round (since the last move), which the plugin retries by itself. */
  failed_runs_this_round: number
  /** Checkout calls of the current submission (Amazon's 429/5xx are retried with backoff). */
  checkout_calls_this_round: number
}

export type AdminJwoTripDetail = AdminJwoTrip & {
  cart: { cartItems?: CartItem[] } & Record<string, unknown>
  line_resolution: LineResolution[] | null
  priced_lines: PricedLine[] | null
  stock_gaps: StockGap[] | null
  checkout_payload: CheckoutPayload | null
  metadata: Record<string, unknown> | null
  order: { id: string; display_id: number; status: string; currency_code: string; total: Amount } | null
  customer: CustomerRef | null
  history: TripTransition[]
  attempts_summary: TripAttempts
}

export type AdminJwoTripListResponse = ListPage & { trips: AdminJwoTrip[] }
export type AdminJwoTripResponse = { trip: AdminJwoTripDetail }

/** POST /admin/jwo/trips/bulk: one action with one note or reason, on many trips. */
export type AdminJwoTripBulkAction = { action: "retry"; ids: string[]; note?: string } | { action: "resolve"; ids: string[]; reason: string }
export type AdminJwoTripBulkResponse = {
  action: "retry" | "resolve"
  results: { id: string; ok: boolean; status?: TripStatus; error?: string }[]
  succeeded: number
  failed: number
}

/** Query of GET /admin/jwo/trips. */
export type AdminJwoTripListParams = {
  q?: string
  status?: TripStatus | TripStatus[]
  jwo_store_id?: string | string[]
  amazon_store_id?: string | string[]
  customer_id?: string
  order_id?: string
  idempotent_shopping_trip_id?: string
  from?: string
  to?: string
  limit?: number
  offset?: number
  order?: string
}
