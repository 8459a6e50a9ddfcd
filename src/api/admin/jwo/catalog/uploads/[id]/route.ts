import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../../modules/jwo"
import type JwoModuleService from "../../../../../../modules/jwo/service"

/** One upload, with its item counts by status (its items: GET /admin/jwo/catalog/items?upload_id=...). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const upload = await jwo.retrieveJwoCatalogUpload(req.params.id)
  res.json({ upload })
}
