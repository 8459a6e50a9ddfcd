import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { answerInAmazonShape, parseAmazonBody, sendAmazonError } from "../../../inbound"
import { receivePurchaseWorkflow } from "../../../../../workflows/trips"
import { PurchasesRequest } from "./validators"

/**
 * Amazon's Ordering Connector: the cart of a finished trip. Answered 201 as soon as the trip is committed; pricing,
 * the Medusa order and Checkout happen in the background.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  await answerInAmazonShape(req, res, async () => {
    const request = parseAmazonBody(req, res, PurchasesRequest)
    if (!request) return
    const { result } = await receivePurchaseWorkflow(req.scope).run({ input: request })
    if (result.kind === "unknown_store") {
      return sendAmazonError(res, 400, `storeId: unknown store "${request.storeId}"`, [
        { path: "storeId", message: "is not a JWO store configured in this Medusa" },
      ])
    }
    if (result.kind === "conflict") return sendAmazonError(res, 409, "IdempotencyConflict")
    res.status(201).json({ purchaseId: result.purchase_id })
  })
}
