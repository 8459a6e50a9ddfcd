import { model } from "@medusajs/framework/utils"

import { CATALOG_SYNC_STATUSES, type CatalogSyncStatus } from "../../../types/catalog"

export { CATALOG_SYNC_STATUSES, type CatalogSyncStatus }

/**
 * A full sync run: pages through the catalog of the stores in scope, store by store, product page by product page.
 * `store_ids` + `store_index` + `cursor` say where it is, so a run that dies is resumed where it stopped (a lease
 * tells a live run from a dead one). Counters show progress while it runs.
 */
export const JwoCatalogSync = model
  .define("jwo_catalog_sync", {
    id: model.id({ prefix: "jwocsync" }).primaryKey(),
    /** "all" or "store". */
    scope: model.text(),
    store_ids: model.json(),
    force: model.boolean().default(false),
    /** reconcile | admin | command */
    trigger: model.text().default("admin"),
    status: model.enum([...CATALOG_SYNC_STATUSES]).default("running"),
    store_index: model.number().default(0),
    /** Last product id done in the current store (product pages are ordered by id). */
    cursor: model.text().nullable(),
    products_total: model.number().default(0),
    products_done: model.number().default(0),
    variants_seen: model.number().default(0),
    items_queued: model.number().default(0),
    items_unchanged: model.number().default(0),
    items_invalid: model.number().default(0),
    items_removed: model.number().default(0),
    uploads_created: model.number().default(0),
    lease_token: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
    runs: model.number().default(0),
    error: model.text().nullable(),
    started_at: model.dateTime(),
    finished_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["status"] }])
