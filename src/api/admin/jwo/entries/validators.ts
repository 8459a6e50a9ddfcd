import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"

const oneOrMany = z.union([z.string(), z.array(z.string())])
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 date-time")

export const AdminGetJwoEntriesParams = createFindParams({ offset: 0, limit: 50, order: "-created_at" })
  .extend({
    jwo_store_id: oneOrMany.optional(),
    amazon_store_id: oneOrMany.optional(),
    result: z.enum(["accepted", "rejected"]).optional(),
    reason: oneOrMany.optional(),
    customer_id: z.string().optional(),
    auth_event_id: z.string().optional(),
    /** Decisions made at or after this time. */
    from: isoDate.optional(),
    /** Decisions made before this time. */
    to: isoDate.optional(),
  })
  .strict()
export type AdminGetJwoEntriesParamsType = z.infer<typeof AdminGetJwoEntriesParams>

export const AdminGetJwoEntryStatsParams = z.object({ jwo_store_id: z.string().optional() }).strict()

export const AdminGetJwoRecognitionRecordsParams = createFindParams({ offset: 0, limit: 50, order: "-created_at" })
  .extend({ customer_id: z.string().optional(), status: z.enum(["active", "revoked"]).optional() })
  .strict()

export const AdminBlockJwoCustomer = z.object({ reason: z.string().trim().max(500).optional() }).strict()
export type AdminBlockJwoCustomerType = z.infer<typeof AdminBlockJwoCustomer>
