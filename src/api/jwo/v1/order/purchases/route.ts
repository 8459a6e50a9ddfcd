import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { answerInAmazonShape, parseAmazonBody, sendAmazonError } from "../../../inbound"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import { PurchasesRequest } from "./validators"

/**
 * Amazon's Ordering Connector: the cart of a finished trip. Answered 201 as soon as the trip is committed to Postgres;
 * pricing, the Medusa order and Checkout happen on the workers. The answer path touches Postgres only (no workflow
 * engine, event bus or queue, which are Redis-backed in production): docs/decisions.md "Issue 12".
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  await answerInAmazonShape(req, res, async () => {
    const request = parseAmazonBody(req, res, PurchasesRequest)
    if (!request) return
    const result = await req.scope.resolve<JwoModuleService>(JWO_MODULE).receivePurchase(request)
    if (result.kind === "unknown_store") {
      return sendAmazonError(res, 400, `storeId: unknown store "${request.storeId}"`, [
        { path: "storeId", message: "is not a JWO store configured in this Medusa" },
      ])
    }
    if (result.kind === "conflict") return sendAmazonError(res, 409, "IdempotencyConflict")
    res.status(201).json({ purchaseId: result.purchase_id })
  })
}
