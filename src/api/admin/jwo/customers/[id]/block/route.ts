import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setCustomerBlockWorkflow } from "../../../../../../workflows/entry"
import type { AdminBlockJwoCustomerType } from "../../../entries/validators"
import { jwoCustomerStanding } from "../../helpers"

/** Blocks a customer at every JWO gate (their next scan is refused; no new codes are issued). */
export async function POST(req: AuthenticatedMedusaRequest<AdminBlockJwoCustomerType>, res: MedusaResponse) {
  await setCustomerBlockWorkflow(req.scope).run({
    input: { customer_id: req.params.id, blocked: true, reason: req.validatedBody.reason, actor: `staff:${req.auth_context.actor_id}` },
  })
  res.json({ jwo_customer: await jwoCustomerStanding(req, req.params.id) })
}
