import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../../modules/jwo"
import type JwoModuleService from "../../../../../../modules/jwo/service"
import { syncUploadFigures } from "../../../../../../workflows/catalog/sync"

/** One full sync with its progress and the live figures of its uploads (in flight, done, failed, items accepted). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const sync = await jwo.retrieveJwoCatalogSync(req.params.id)
  res.json({ sync: { ...sync, ...(await syncUploadFigures(req.scope, sync.id)) } })
}
