import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { revokeRecognitionRecordsWorkflow } from "../../../../../workflows/entry"

/** "Sign out of all stores": revokes every active recognition record of the logged-in customer. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await revokeRecognitionRecordsWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, revoked_by: "customer" },
  })
  res.json({ revoked_ids: result, revoked: result.length })
}
