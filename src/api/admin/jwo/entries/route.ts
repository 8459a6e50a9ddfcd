import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import type { AdminJwoEntry, AdminJwoEntryListResponse } from "../../../../types"
import { customersById } from "../people"

/** The gate's decisions, newest first, with the customer's name and email; filters: store, result, reason, customer, time range. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminJwoEntryListResponse>) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { from, to, ...filters } = req.filterableFields as Record<string, unknown> & { from?: string; to?: string }
  const created_at: Record<string, Date> = {}
  if (from) created_at.$gte = new Date(from)
  if (to) created_at.$lt = new Date(to)
  const { skip, take, order } = req.queryConfig.pagination
  const [entries, count] = await jwo.listAndCountJwoEntryDecisions(
    { ...filters, ...(from || to ? { created_at } : {}) },
    { skip, take, order: order ?? { created_at: "DESC" } }
  )
  const customers = await customersById(req.scope, entries.map((e) => e.customer_id))
  res.json({
    entries: entries.map((e) => ({ ...(e as unknown as AdminJwoEntry), customer: e.customer_id ? customers.get(e.customer_id) ?? null : null })),
    count,
    offset: skip ?? 0,
    limit: take ?? 50,
  })
}
