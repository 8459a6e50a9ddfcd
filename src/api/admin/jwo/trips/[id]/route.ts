import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { retrieveTripDetail } from "../helpers"

/** One trip with its received cart, line resolution, priced lines, Checkout payload, history, order and customer. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ trip: await retrieveTripDetail(req, req.params.id) })
}
