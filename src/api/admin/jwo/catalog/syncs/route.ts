import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import { startFullSync } from "../../../../../workflows/catalog/sync"
import type { AdminStartJwoCatalogSyncType } from "../validators"

/** Full sync runs, newest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { skip, take, order } = req.queryConfig.pagination
  const [syncs, count] = await jwo.listAndCountJwoCatalogSyncs(req.filterableFields as Record<string, unknown>, {
    skip,
    take,
    order: order ?? { created_at: "DESC" },
  })
  res.json({ syncs, count, offset: skip, limit: take })
}

/**
 * Starts a full sync (one store, several, or every enabled store; `force` sends everything again). An unfinished
 * sync of the same scope is resumed where it stopped, or returned as is while it runs. 202: it runs in the
 * background; follow it at GET /admin/jwo/catalog/syncs/:id.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminStartJwoCatalogSyncType>, res: MedusaResponse) {
  const body = req.validatedBody
  const ids = body.jwo_store_id ? [body.jwo_store_id] : body.jwo_store_ids
  const { sync, created, resumed, running } = await startFullSync(req.scope, { jwo_store_ids: ids, force: body.force, trigger: "admin" })
  res.status(202).json({ sync, created, resumed, already_running: running })
}
