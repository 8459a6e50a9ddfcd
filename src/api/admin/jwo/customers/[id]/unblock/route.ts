import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setCustomerBlockWorkflow } from "../../../../../../workflows/entry"
import { jwoCustomerStanding } from "../../helpers"

/** Lifts a staff block (a block by customer group stays until the customer leaves that group). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await setCustomerBlockWorkflow(req.scope).run({
    input: { customer_id: req.params.id, blocked: false, actor: `staff:${req.auth_context.actor_id}` },
  })
  res.json({ jwo_customer: await jwoCustomerStanding(req, req.params.id) })
}
