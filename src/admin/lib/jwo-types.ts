/** Shapes of the plugin's admin API answers (see src/api/admin/jwo/** and the README's "Admin API"). */

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

/** Statuses from which the API accepts Retry / Resolve (src/workflows/trips/steps/staff-trip-actions.ts). */
export const RETRYABLE: readonly string[] = ["needs_attention", "checkout_rejected"]
export const RESOLVABLE: readonly string[] = ["received", "pricing", "needs_attention", "checkout_rejected"]

export type JwoTrip = {
  id: string
  idempotent_shopping_trip_id: string
  jwo_store_id: string
  amazon_store_id: string
  status: TripStatus
  status_reason: string | null
  status_changed_at: string
  item_count: number
  start_time: string
  end_time: string
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
  charged_at: string | null
  charged_total: string | null
  charged_currency_code: string | null
  attempts: number
  last_error: string | null
  created_at: string
  updated_at: string
}

export type CartItem = {
  id: string
  type: "SKU" | "SCANCODE"
  quantity: { value: string; unit: string }
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

export type LineResolution = {
  index: number
  cart_item_id: string
  line_item_id: string | null
  type: string
  quantity: { value: string; unit: string }
  matched: boolean
  variant_id?: string
  sku?: string | null
  title?: string
  problem?: string
  reason?: string
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
  actor: string
  data: unknown
  created_at: string
}

export type JwoTripDetail = JwoTrip & {
  cart: { cartItems?: CartItem[] } & Record<string, unknown>
  line_resolution: LineResolution[] | null
  priced_lines: PricedLine[] | null
  stock_gaps: StockGap[] | null
  checkout_payload: CheckoutPayload | null
  metadata: Record<string, unknown> | null
  order: { id: string; display_id: number; status: string; currency_code: string; total: number } | null
  customer: { id: string; email: string | null; first_name: string | null; last_name: string | null } | null
  history: TripTransition[]
}

export type TripList = { trips: JwoTrip[]; count: number; offset: number; limit: number }

export type JwoStore = {
  id: string
  amazon_store_id: string
  name: string
  enabled: boolean
  address_city: string | null
  address_province: string | null
  address_country_code: string
  connectivity_test_enabled: boolean
  connectivity_test_keys: string[] | null
  checkout_pricing_mode: "line" | "unit"
  checkout_use_test_host: boolean
  checkout_check_status: string | null
  checkout_check_message: string | null
  checkout_checked_at: string | null
  qr_pattern: string
  sales_channel?: { id: string; name: string } | null
  region?: { id: string; name: string; currency_code: string } | null
  stock_location?: { id: string; name: string } | null
}

export type EntryCounts = {
  since: string
  total: number
  accepted: number
  rejected: number
  acceptance_rate: number | null
  by_reason: Record<string, number>
}

export type EntryStats = { entry_stats: { jwo_store_id: string | null; last_hour: EntryCounts; last_day: EntryCounts } }

export type EntryDecision = {
  id: string
  auth_event_id: string
  jwo_store_id: string
  amazon_store_id: string
  location: string
  key_channel: string | null
  event_time: string
  result: "accepted" | "rejected"
  reason: string | null
  customer_id: string | null
  visitor_type: string | null
  connectivity_test: boolean
  response_status: number
  duration_ms: number | null
  created_at: string
}

/** Refusal reasons in the order the gate checks them (README "Shopper entry"), and the test identity. */
export const ENTRY_REASONS = [
  "STORE_DISABLED",
  "NOT_ALPHANUMERIC",
  "WRONG_PREFIX",
  "MALFORMED",
  "BAD_SIGNATURE",
  "EXPIRED",
  "FROM_FUTURE",
  "UNKNOWN_RECOGNITION",
  "REVOKED",
  "CUSTOMER_NOT_FOUND",
  "CUSTOMER_BLOCKED",
  "CONNECTIVITY_TEST",
] as const

export type JwoCustomerStanding = {
  id: string
  may_enter: boolean
  visitor_type: string | null
  blocked_by_staff: boolean
  blocked_by_group: boolean
  block: { reason: string | null; blocked_by: string | null; created_at: string } | null
  active_recognition_records: number
}

export type RecognitionRecord = {
  id: string
  customer_id: string
  status: "active" | "revoked"
  visitor_type: string
  device_name: string | null
  last_issued_at: string | null
  last_used_at: string | null
  revoked_at: string | null
  revoked_by: string | null
  created_at: string
}

/* Catalog sync (src/api/admin/jwo/catalog/**, models src/modules/jwo/models/jwo-catalog-*.ts, docs/catalog.md) */

export const CATALOG_ITEM_STATUSES = ["pending", "uploading", "accepted", "rejected", "invalid", "removed"] as const
export type CatalogItemStatus = (typeof CATALOG_ITEM_STATUSES)[number]

export const CATALOG_UPLOAD_STATUSES = ["queued", "submitted", "done", "rejected", "failed", "cancelled", "empty"] as const
export type CatalogUploadStatus = (typeof CATALOG_UPLOAD_STATUSES)[number]

/** What ended an upload's processing: its notification (SNS → SQS), or a status poll. */
export type CatalogSettledBy = "notification" | "poll"

export const CATALOG_SYNC_STATUSES = ["running", "completed", "failed", "cancelled"] as const
export type CatalogSyncStatus = (typeof CATALOG_SYNC_STATUSES)[number]

/** A blocking reason (item `invalid`) or a warning from mapVariantToCatalogItem (src/modules/jwo/catalog-item.ts). */
export type CatalogIssue = { code: string; message: string; field?: string }

/** The Amazon catalog item as mapped now (CatalogItem in src/modules/jwo/catalog-item.ts). */
export type CatalogItemPayload = {
  item_sku: string
  external_product_id: string
  external_product_id_type?: string
  item_name: string
  store_id: string
  standard_price?: string
  brand_name?: string
  product_category?: string
  product_subcategory?: string
} & Record<string, unknown>

export type JwoCatalogItem = {
  id: string
  jwo_store_id: string
  variant_id: string
  product_id: string
  sku: string | null
  status: CatalogItemStatus
  content_hash: string | null
  payload: CatalogItemPayload | null
  reasons: CatalogIssue[] | null
  warnings: CatalogIssue[] | null
  /** Amazon's message (report rejection, 400 of the upload) or why the item was removed. */
  message: string | null
  sent_hash: string | null
  sent_at: string | null
  upload_id: string | null
  failed_uploads: number
  seen_sync_id: string | null
  result_at: string | null
  created_at: string
  updated_at: string
}

export type CatalogReportSummary = { total?: number; accepted?: number; rejected?: number; missing?: number }

export type JwoCatalogUpload = {
  id: string
  jwo_store_id: string
  amazon_store_id: string
  sync_id: string | null
  status: CatalogUploadStatus
  ingestion_id: string | null
  processing_status: string | null
  item_count: number
  attempts: number
  polls: number
  next_action_at: string | null
  last_error: string | null
  report_summary: CatalogReportSummary | null
  submitted_at: string | null
  completed_at: string | null
  settled_by: CatalogSettledBy | null
  /** When the first notification naming the upload arrived. */
  notified_at: string | null
  created_at: string
  updated_at: string
}

/** One message of the catalog notifications queue, as the plugin handled it (jwo_catalog_notification). */
export type JwoCatalogNotification = {
  id: string
  message_id: string
  sns_message_id: string | null
  kind: "notification" | "subscription_confirmation" | "unsubscribe_confirmation" | "malformed"
  /** settling, already_settled, unknown_upload, confirmed, confirm_failed, refused, unsubscribed, left_for_redrive */
  outcome: string
  ingestion_ids: string[] | null
  upload_ids: string[] | null
  topic_arn: string | null
  receive_count: number
  detail: string | null
  received_at: string
}

/** `notifications` of GET /admin/jwo/catalog (catalogNotificationsStatus in the jwo module service). */
export type CatalogNotificationsStatus = {
  configured: boolean
  queue: string | null
  fallback_poll_ms: number | null
  /** This instance's consumer; null where none runs (not configured, or a server-only instance). */
  consumer: {
    live: boolean
    started_at: string | null
    last_receive_at: string | null
    last_error: string | null
    last_error_at: string | null
    received: number
    deleted: number
    kept: number
  } | null
  last_received: JwoCatalogNotification | null
  subscription_confirmed_at: string | null
  last_24h: { notifications: number; malformed: number }
}

export type JwoCatalogSync = {
  id: string
  /** "all" or "store". */
  scope: string
  store_ids: string[]
  force: boolean
  /** reconcile | admin | command */
  trigger: string
  status: CatalogSyncStatus
  store_index: number
  cursor: string | null
  products_total: number
  products_done: number
  variants_seen: number
  items_queued: number
  items_unchanged: number
  items_invalid: number
  items_removed: number
  uploads_created: number
  lease_until: string | null
  runs: number
  error: string | null
  started_at: string
  finished_at: string | null
  created_at: string
  updated_at: string
}

/** Live figures of a sync's uploads (syncUploadFigures in src/workflows/catalog/sync.ts). */
export type CatalogSyncUploadFigures = {
  uploads_in_flight: number
  uploads_done: number
  uploads_failed: number
  items_sent: number
  items_accepted: number
  items_rejected: number
}

export type JwoCatalogSyncProgress = JwoCatalogSync & CatalogSyncUploadFigures

/** One store of GET /admin/jwo/catalog. */
export type CatalogStoreState = {
  jwo_store_id: string
  amazon_store_id: string
  name: string
  enabled: boolean
  totals: Record<CatalogItemStatus, number> & { total: number }
  last_upload: JwoCatalogUpload | null
  /** Uploads whose final status was read after a notification, and by a poll. */
  settled_by: Record<CatalogSettledBy, number>
  running_sync: JwoCatalogSyncProgress | null
}

export type CatalogOverview = { stores: CatalogStoreState[]; notifications: CatalogNotificationsStatus }
export type CatalogItemList = { items: JwoCatalogItem[]; count: number; offset: number; limit: number }
export type CatalogUploadList = { uploads: JwoCatalogUpload[]; count: number; offset: number; limit: number }
export type CatalogSyncList = { syncs: JwoCatalogSync[]; count: number; offset: number; limit: number }

/** POST /admin/jwo/catalog/syncs (202). */
export type StartCatalogSyncResult = { sync: JwoCatalogSync; created: boolean; resumed: boolean; already_running: boolean }

/** POST /admin/jwo/catalog/retry: items sent again per JWO store id, and their sum. */
export type RetryCatalogResult = { retried: Record<string, number>; total: number }
