import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retryTripWorkflow } from "../../../../../../workflows/trips"
import { retrieveTripDetail } from "../../helpers"
import type { AdminRetryJwoTripType } from "../../validators"

/** Prices a `needs_attention` trip again, after staff fixed the cause (e.g. added the missing SKU). */
export async function POST(req: AuthenticatedMedusaRequest<AdminRetryJwoTripType>, res: MedusaResponse) {
  await retryTripWorkflow(req.scope).run({
    input: { trip_id: req.params.id, actor: `staff:${req.auth_context.actor_id}`, note: req.validatedBody.note },
  })
  res.json({ trip: await retrieveTripDetail(req, req.params.id) })
}
