import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { storeRecognitionRecordFields } from "../helpers"

/** The customer's own recognition records (apps that can show Scan Key Codes), newest first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { status } = req.filterableFields as { status?: "active" | "revoked" }
  const { skip, take } = req.queryConfig.pagination
  const [recognition_records, count] = await jwo.listAndCountJwoRecognitionRecords(
    { customer_id: req.auth_context.actor_id, ...(status ? { status } : {}) },
    { select: [...storeRecognitionRecordFields], skip, take, order: { created_at: "DESC" } }
  )
  res.json({ recognition_records, count, offset: skip, limit: take })
}
