import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { tripListFields } from "./helpers"

/** Shopping trips, newest first; filters: store, status, customer, time range. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { from, to, ...filters } = req.filterableFields as Record<string, unknown> & { from?: string; to?: string }
  const created_at: Record<string, Date> = {}
  if (from) created_at.$gte = new Date(from)
  if (to) created_at.$lt = new Date(to)
  const { skip, take, order } = req.queryConfig.pagination
  const [trips, count] = await jwo.listAndCountJwoShoppingTrips(
    { ...filters, ...(from || to ? { created_at } : {}) },
    { select: [...tripListFields], skip, take, order: order ?? { created_at: "DESC" } }
  )
  res.json({ trips, count, offset: skip, limit: take })
}
