import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveTripWorkflow } from "../../../../../../workflows/trips"
import { retrieveTripDetail } from "../../helpers"
import type { AdminResolveJwoTripType } from "../../validators"

/** Closes a trip by hand (e.g. settled outside the plugin), with the reason recorded in its history. */
export async function POST(req: AuthenticatedMedusaRequest<AdminResolveJwoTripType>, res: MedusaResponse) {
  await resolveTripWorkflow(req.scope).run({
    input: { trip_id: req.params.id, actor: `staff:${req.auth_context.actor_id}`, reason: req.validatedBody.reason },
  })
  res.json({ trip: await retrieveTripDetail(req, req.params.id) })
}
