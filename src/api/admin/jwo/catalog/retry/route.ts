import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import { loadCatalogStores } from "../../../../../workflows/catalog/source"
import { scheduleFlush } from "../../../../../workflows/catalog/sync"
import type { AdminRetryJwoCatalogItemsType } from "../validators"

/** Sends rejected items again (of one store or all; optionally only some variants). Invalid items need a fix first. */
export async function POST(req: AuthenticatedMedusaRequest<AdminRetryJwoCatalogItemsType>, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { jwo_store_id, variant_ids } = req.validatedBody
  const stores = jwo_store_id
    ? await loadCatalogStores(req.scope, [jwo_store_id])
    : await jwo.listJwoStores({}, { select: ["id"] })
  const retried = await jwo.retryRejectedCatalogItems(stores.map((s) => s.id), variant_ids)
  for (const storeId of Object.keys(retried)) await scheduleFlush(req.scope, storeId)
  res.json({ retried, total: Object.values(retried).reduce((a, b) => a + b, 0) })
}
