import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"
import { CATALOG_ITEM_STATUSES } from "../../../../modules/jwo/models/jwo-catalog-item"
import { CATALOG_UPLOAD_STATUSES } from "../../../../modules/jwo/models/jwo-catalog-upload"
import { CATALOG_SYNC_STATUSES } from "../../../../modules/jwo/models/jwo-catalog-sync"

const oneOrMany = z.union([z.string(), z.array(z.string())])
const statuses = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.enum(values), z.array(z.enum(values))])

export const AdminGetJwoCatalogParams = z.object({ jwo_store_id: oneOrMany.optional() }).strict()

export const AdminGetJwoCatalogItemsParams = createFindParams({ offset: 0, limit: 50, order: "-updated_at" })
  .extend({
    jwo_store_id: oneOrMany.optional(),
    status: statuses(CATALOG_ITEM_STATUSES).optional(),
    variant_id: oneOrMany.optional(),
    product_id: oneOrMany.optional(),
    sku: oneOrMany.optional(),
    upload_id: z.string().optional(),
  })
  .strict()

export const AdminGetJwoCatalogUploadsParams = createFindParams({ offset: 0, limit: 20, order: "-created_at" })
  .extend({
    jwo_store_id: oneOrMany.optional(),
    status: statuses(CATALOG_UPLOAD_STATUSES).optional(),
    sync_id: z.string().optional(),
  })
  .strict()

export const AdminGetJwoCatalogSyncsParams = createFindParams({ offset: 0, limit: 20, order: "-created_at" })
  .extend({ status: statuses(CATALOG_SYNC_STATUSES).optional() })
  .strict()

/** Start a full sync: one store (`jwo_store_id`), several, or every enabled store (neither). */
export const AdminStartJwoCatalogSync = z
  .object({
    jwo_store_id: z.string().min(1).optional(),
    jwo_store_ids: z.array(z.string().min(1)).min(1).optional(),
    force: z.boolean().default(false),
  })
  .strict()
  .refine((b) => !(b.jwo_store_id && b.jwo_store_ids), { message: "give jwo_store_id or jwo_store_ids, not both" })
export type AdminStartJwoCatalogSyncType = z.infer<typeof AdminStartJwoCatalogSync>

/** Send rejected items again: of one store or every store, optionally only some variants. */
export const AdminRetryJwoCatalogItems = z
  .object({
    jwo_store_id: z.string().min(1).optional(),
    variant_ids: z.array(z.string().min(1)).min(1).max(10_000).optional(),
  })
  .strict()
export type AdminRetryJwoCatalogItemsType = z.infer<typeof AdminRetryJwoCatalogItems>
