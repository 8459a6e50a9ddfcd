import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"

const HOUR_MS = 60 * 60 * 1000

/** Accepted vs refused entries, by reason, for the last hour and the last day (optionally for one store). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const { jwo_store_id } = req.validatedQuery as { jwo_store_id?: string }
  const now = Date.now()
  const [last_hour, last_day] = await Promise.all([
    jwo.countEntryDecisions(new Date(now - HOUR_MS), jwo_store_id),
    jwo.countEntryDecisions(new Date(now - 24 * HOUR_MS), jwo_store_id),
  ])
  res.json({ entry_stats: { jwo_store_id: jwo_store_id ?? null, last_hour, last_day } })
}
