import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"

/** Catalog uploads, newest first, with status, attempts, polls and report summary. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { skip, take, order } = req.queryConfig.pagination
  const [uploads, count] = await jwo.listAndCountJwoCatalogUploads(req.filterableFields as Record<string, unknown>, {
    skip,
    take,
    order: order ?? { created_at: "DESC" },
  })
  res.json({ uploads, count, offset: skip, limit: take })
}
