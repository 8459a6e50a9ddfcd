import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../../../../modules/jwo"
import type JwoModuleService from "../../../../../../modules/jwo/service"
import { revokeRecognitionRecordsWorkflow } from "../../../../../../workflows/entry"
import { adminRecognitionRecordFields } from "../../fields"

/** Revokes one recognition record: codes from that app stop opening gates. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const [record] = await jwo.listJwoRecognitionRecords({ id: req.params.id }, { take: 1, select: ["id"] })
  if (!record) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Recognition record with id "${req.params.id}" was not found`)
  }
  await revokeRecognitionRecordsWorkflow(req.scope).run({
    input: { ids: [record.id], revoked_by: `staff:${req.auth_context.actor_id}` },
  })
  const [recognition_record] = await jwo.listJwoRecognitionRecords(
    { id: record.id },
    { select: [...adminRecognitionRecordFields] }
  )
  res.json({ recognition_record })
}
