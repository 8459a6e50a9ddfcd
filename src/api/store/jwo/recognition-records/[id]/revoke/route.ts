import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../../../../modules/jwo"
import type JwoModuleService from "../../../../../../modules/jwo/service"
import { revokeRecognitionRecordsWorkflow } from "../../../../../../workflows/entry"
import { storeRecognitionRecordFields } from "../../../helpers"

/** Revokes one of the logged-in customer's own recognition records (someone else's is a 404). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const where = { id: req.params.id, customer_id: req.auth_context.actor_id }
  const [own] = await jwo.listJwoRecognitionRecords(where, { take: 1, select: ["id"] })
  if (!own) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recognition record with id "${req.params.id}" was not found`)
  }
  await revokeRecognitionRecordsWorkflow(req.scope).run({ input: { ids: [own.id], revoked_by: "customer" } })
  const [recognition_record] = await jwo.listJwoRecognitionRecords(where, { select: [...storeRecognitionRecordFields] })
  res.json({ recognition_record })
}
