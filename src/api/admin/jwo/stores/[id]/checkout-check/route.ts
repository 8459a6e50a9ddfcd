import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkCheckoutConnectivityWorkflow } from "../../../../../../workflows/checkout/connectivity-check"
import { refetchJwoStore } from "../../helpers"

/** Runs the Checkout connectivity check for the store and returns the result with the updated store. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchJwoStore(req, req.params.id)
  const { result } = await checkCheckoutConnectivityWorkflow(req.scope).run({ input: { jwo_store_id: req.params.id } })
  res.json({ checkout_check: result, jwo_store: await refetchJwoStore(req, req.params.id) })
}
