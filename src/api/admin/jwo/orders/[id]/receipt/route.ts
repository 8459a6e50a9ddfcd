import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Receipt } from "../../../../../../modules/jwo/receipt"
import { getOrderReceiptWorkflow } from "../../../../../../workflows/orders"

/** The receipt of a Just Walk Out order: store, customer, Amazon's order id, lines with weights, promotions, tax, totals, and as text. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<{ receipt: Receipt }>) {
  const { result } = await getOrderReceiptWorkflow(req.scope).run({ input: { order_id: req.params.id } })
  res.json({ receipt: result })
}
