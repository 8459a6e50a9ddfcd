import { model } from "@medusajs/framework/utils"

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

/** One Upload Catalog request (≤10,000 items) and its life at Amazon: attempts, ingestionId, polls, report. */
export const JwoCatalogUpload = model
  .define("jwo_catalog_upload", {
    id: model.id({ prefix: "jwocupl" }).primaryKey(),
    jwo_store_id: model.text(),
    amazon_store_id: model.text(),
    sync_id: model.text().nullable(),
    status: model.enum([...CATALOG_UPLOAD_STATUSES]).default("queued"),
    ingestion_id: model.text().nullable(),
    processing_status: model.text().nullable(),
    item_count: model.number().default(0),
    attempts: model.number().default(0),
    polls: model.number().default(0),
    /** When the next upload attempt or status poll is due (the reconcile job re-queues overdue ones). */
    next_action_at: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    /** Report summary: { total, accepted, rejected, missing }. */
    report_summary: model.json().nullable(),
    submitted_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
    /** Set when the final status (DONE, FATAL, CANCELLED) was read: after a notification, or by a poll. */
    settled_by: model.enum([...CATALOG_SETTLED_BY]).nullable(),
    /** When the first notification naming this upload arrived. */
    notified_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["jwo_store_id", "created_at"] }, { on: ["status"] }, { on: ["sync_id"] }, { on: ["ingestion_id"] }])
