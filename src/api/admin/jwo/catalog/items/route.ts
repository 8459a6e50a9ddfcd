import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"

/** Per-variant catalog state (with reasons and Amazon's messages); filters: store, status, variant, product, SKU, upload. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { skip, take, order } = req.queryConfig.pagination
  const [items, count] = await jwo.listAndCountJwoCatalogItems(req.filterableFields as Record<string, unknown>, {
    skip,
    take,
    order: order ?? { updated_at: "DESC" },
  })
  res.json({ items, count, offset: skip, limit: take })
}
