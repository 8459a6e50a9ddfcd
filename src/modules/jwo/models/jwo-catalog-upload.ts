import { model } from "@medusajs/framework/utils"

import {
  CATALOG_SETTLED_BY,
  CATALOG_UPLOAD_STATUSES,
  type CatalogSettledBy,
  type CatalogUploadStatus,
} from "../../../types/catalog"

/** Upload statuses and what settled an upload: declared once, in the shared types (each status is explained there). */
export { CATALOG_SETTLED_BY, CATALOG_UPLOAD_STATUSES, type CatalogSettledBy, type CatalogUploadStatus }

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
