import { model } from "@medusajs/framework/utils"

import { CATALOG_ITEM_STATUSES, type CatalogItemStatus } from "../../../types/catalog"

export { CATALOG_ITEM_STATUSES, type CatalogItemStatus }

/**
 * The catalog sync state of one variant in one JWO store: what it maps to now (`content_hash`, `payload`, or the
 * `reasons` it cannot be uploaded), what was last sent to Amazon (`sent_hash`, `sent_at`, `upload_id`) and Amazon's
 * answer for it (`status` accepted / rejected with `message`). See docs/catalog.md for the status machine.
 */
export const JwoCatalogItem = model
  .define("jwo_catalog_item", {
    id: model.id({ prefix: "jwocitem" }).primaryKey(),
    jwo_store_id: model.text(),
    variant_id: model.text(),
    product_id: model.text(),
    sku: model.text().nullable(),
    status: model.enum([...CATALOG_ITEM_STATUSES]).default("pending"),
    /** sha256 of the item as mapped now (null when it cannot be mapped). */
    content_hash: model.text().nullable(),
    /** The Amazon catalog item as mapped now (what the next upload sends). */
    payload: model.json().nullable(),
    /** Blocking reasons (status invalid) and warnings, as from mapVariantToCatalogItem. */
    reasons: model.json().nullable(),
    warnings: model.json().nullable(),
    /** Amazon's message (report rejection, 400 of the upload) or why the item was removed. */
    message: model.text().nullable(),
    sent_hash: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
    upload_id: model.text().nullable(),
    /** Uploads this item was part of that failed (FATAL/CANCELLED/gave up); reset when accepted. */
    failed_uploads: model.number().default(0),
    /** The full sync that last saw this variant in the store's catalog. */
    seen_sync_id: model.text().nullable(),
    result_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["jwo_store_id", "variant_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["jwo_store_id", "status"] },
    { on: ["upload_id"] },
    { on: ["product_id"] },
    { on: ["variant_id"] },
  ])
