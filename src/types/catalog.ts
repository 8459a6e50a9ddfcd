/* Catalog sync: answers of src/api/admin/jwo/catalog/** (models src/modules/jwo/models/jwo-catalog-*.ts, docs/catalog.md) */
import type { ListPage, Timestamp } from "./common"

export const CATALOG_ITEM_STATUSES = ["pending", "uploading", "accepted", "rejected", "invalid", "removed"] as const
export type CatalogItemStatus = (typeof CATALOG_ITEM_STATUSES)[number]

export const CATALOG_UPLOAD_STATUSES = [
  /** Items claimed, waiting for (or between) upload attempts. */
  "queued",
  /** Amazon answered 201 with an ingestionId; being polled. */
  "submitted",
  /** Processing ended DONE and the report was applied. */
  "done",
  /** Amazon answered 400 (or another permanent error): not retried; items rejected with Amazon's message. */
  "rejected",
  /** Processing ended FATAL / CANCELLED, or retries were exhausted: items queued again, alert raised. */
  "failed",
  "cancelled",
  /** Nothing left to send when the job ran (every item changed again meanwhile). */
  "empty",
] as const
export type CatalogUploadStatus = (typeof CATALOG_UPLOAD_STATUSES)[number]

/** What ended an upload's processing at Amazon: its notification (SNS → SQS), or a status poll. */
export const CATALOG_SETTLED_BY = ["notification", "poll"] as const
export type CatalogSettledBy = (typeof CATALOG_SETTLED_BY)[number]

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
  sent_at: Timestamp | null
  upload_id: string | null
  failed_uploads: number
  seen_sync_id: string | null
  result_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
  /** The variant's and its product's titles, while they exist. */
  variant?: { title: string | null; product_title: string | null } | null
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
  next_action_at: Timestamp | null
  last_error: string | null
  report_summary: CatalogReportSummary | null
  submitted_at: Timestamp | null
  completed_at: Timestamp | null
  settled_by: CatalogSettledBy | null
  /** When the first notification naming the upload arrived. */
  notified_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
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
  received_at: Timestamp
}

/** `notifications` of GET /admin/jwo/catalog (catalogNotificationsStatus in the jwo module service). */
export type CatalogNotificationsStatus = {
  configured: boolean
  queue: string | null
  fallback_poll_ms: number | null
  /** This instance's consumer; null where none runs (not configured, or a server-only instance). */
  consumer: {
    live: boolean
    started_at: Timestamp | null
    last_receive_at: Timestamp | null
    last_error: string | null
    last_error_at: Timestamp | null
    received: number
    deleted: number
    kept: number
  } | null
  last_received: JwoCatalogNotification | null
  subscription_confirmed_at: Timestamp | null
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
  lease_until: Timestamp | null
  runs: number
  error: string | null
  started_at: Timestamp
  finished_at: Timestamp | null
  created_at: Timestamp
  updated_at: Timestamp
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
export type CatalogItemList = ListPage & { items: JwoCatalogItem[] }
export type CatalogUploadList = ListPage & { uploads: JwoCatalogUpload[] }
export type CatalogSyncList = ListPage & { syncs: JwoCatalogSync[] }

/** POST /admin/jwo/catalog/syncs (202). */
export type StartCatalogSyncResult = { sync: JwoCatalogSync; created: boolean; resumed: boolean; already_running: boolean }

/** POST /admin/jwo/catalog/retry: items sent again per JWO store id, and their sum. */
export type RetryCatalogResult = { retried: Record<string, number>; total: number }
