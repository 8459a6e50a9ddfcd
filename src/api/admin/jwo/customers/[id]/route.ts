import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { jwoCustomerStanding } from "../helpers"

/** A customer's standing at Just Walk Out gates. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ jwo_customer: await jwoCustomerStanding(req, req.params.id) })
}
