import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import type { AdminJwoTripBulkResponse } from "../../../../../types"
import { resolveTripWorkflow, retryTripWorkflow } from "../../../../../workflows/trips"
import type { AdminBulkJwoTripsType } from "../validators"

/**
 * Retries or resolves many trips with one note or reason, one trip at a time through the same workflows as the
 * single actions (same rules: a trip that cannot be retried or resolved now is refused on its own, the others go
 * on). 200 with each trip's outcome.
 */
export async function POST(req: AuthenticatedMedusaRequest<AdminBulkJwoTripsType>, res: MedusaResponse<AdminJwoTripBulkResponse>) {
  const body = req.validatedBody
  const actor = `staff:${req.auth_context.actor_id}`
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const results: AdminJwoTripBulkResponse["results"] = []
  for (const id of [...new Set(body.ids)]) {
    try {
      if (body.action === "retry") {
        await retryTripWorkflow(req.scope).run({ input: { trip_id: id, actor, note: body.note } })
      } else {
        await resolveTripWorkflow(req.scope).run({ input: { trip_id: id, actor, reason: body.reason } })
      }
      const [trip] = await jwo.listJwoShoppingTrips({ id }, { select: ["id", "status"], take: 1 })
      results.push({ id, ok: true, status: trip?.status })
    } catch (error) {
      results.push({ id, ok: false, error: (error as Error).message })
    }
  }
  const succeeded = results.filter((r) => r.ok).length
  res.json({ action: body.action, results, succeeded, failed: results.length - succeeded })
}
