import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { adminRecognitionRecordFields } from "./fields"

/** Recognition records (apps able to show Scan Key Codes), filterable by customer and status. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { skip, take, order } = req.queryConfig.pagination
  const [recognition_records, count] = await jwo.listAndCountJwoRecognitionRecords(req.filterableFields, {
    select: [...adminRecognitionRecordFields],
    skip,
    take,
    order: order ?? { created_at: "DESC" },
  })
  res.json({ recognition_records, count, offset: skip, limit: take })
}
