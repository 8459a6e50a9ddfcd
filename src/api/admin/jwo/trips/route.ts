import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import type { AdminJwoTrip, AdminJwoTripListResponse } from "../../../../types"
import { searchTrips, tripListFields, withNames } from "./helpers"

/**
 * Shopping trips, newest first, with the customer's name and email, the order's number and the store's name;
 * filters: store, status, customer, order, time range, and `q` (Amazon trip id, purchase id, order number, customer
 * email or name, SKU).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminJwoTripListResponse>) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { from, to, q, ...filters } = req.filterableFields as Record<string, unknown> & { from?: string; to?: string; q?: string }
  const created_at: Record<string, Date> = {}
  if (from) created_at.$gte = new Date(from)
  if (to) created_at.$lt = new Date(to)
  const { skip, take, order } = req.queryConfig.pagination
  const found = await searchTrips(req.scope, q)
  if (found && !found.length) {
    res.json({ trips: [], count: 0, offset: skip ?? 0, limit: take ?? 20 })
    return
  }
  const [trips, count] = await jwo.listAndCountJwoShoppingTrips(
    { ...filters, ...(from || to ? { created_at } : {}), ...(found ? { id: found } : {}) },
    { select: [...tripListFields], skip, take, order: order ?? { created_at: "DESC" } }
  )
  res.json({ trips: await withNames(req.scope, trips as unknown as AdminJwoTrip[]), count, offset: skip ?? 0, limit: take ?? 20 })
}
