import { z } from "@medusajs/framework/zod"
import { createFindParams } from "@medusajs/medusa/api/utils/validators"
import { TRIP_STATUSES } from "../../../../types"

const oneOrMany = z.union([z.string(), z.array(z.string())])
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 date-time")

export const AdminGetJwoTripsParams = createFindParams({ offset: 0, limit: 20, order: "-created_at" })
  .extend({
    jwo_store_id: oneOrMany.optional(),
    amazon_store_id: oneOrMany.optional(),
    status: z.union([z.enum(TRIP_STATUSES), z.array(z.enum(TRIP_STATUSES))]).optional(),
    customer_id: z.string().optional(),
    order_id: z.string().optional(),
    idempotent_shopping_trip_id: z.string().optional(),
    /** Free text: Amazon trip id, purchase (trip) id, order number or id, customer email or name, SKU. */
    q: z.string().trim().max(200).optional(),
    /** Trips received at or after / before these times. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()

export const AdminRetryJwoTrip = z.object({ note: z.string().trim().max(500).optional() }).strict()
export type AdminRetryJwoTripType = z.infer<typeof AdminRetryJwoTrip>

export const AdminResolveJwoTrip = z.object({ reason: z.string().trim().min(3).max(1000) }).strict()
export type AdminResolveJwoTripType = z.infer<typeof AdminResolveJwoTrip>

/** One action on many trips (at most 100), with one note (retry) or one reason (resolve). */
export const AdminBulkJwoTrips = z.discriminatedUnion("action", [
  z.object({ action: z.literal("retry"), ids: z.array(z.string().min(1)).min(1).max(100), note: z.string().trim().max(500).optional() }).strict(),
  z.object({ action: z.literal("resolve"), ids: z.array(z.string().min(1)).min(1).max(100), reason: z.string().trim().min(3).max(1000) }).strict(),
])
export type AdminBulkJwoTripsType = z.infer<typeof AdminBulkJwoTrips>
