import { z } from "@medusajs/framework/zod"

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 date-time")

/** A time range (default the last 24 hours; at most 92 days) and optionally one JWO store. */
export const AdminGetJwoStatsParams = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), jwo_store_id: z.string().min(1).optional() })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: "from must be before to", path: ["from"] })
  .refine((q) => !q.from || Date.parse(q.to ?? new Date().toISOString()) - Date.parse(q.from) <= 92 * 86_400_000, {
    message: "the range can be at most 92 days",
    path: ["from"],
  })
export type AdminGetJwoStatsParamsType = z.infer<typeof AdminGetJwoStatsParams>
