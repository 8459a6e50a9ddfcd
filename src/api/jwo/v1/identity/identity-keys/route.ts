import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../../modules/jwo"
import type JwoModuleService from "../../../../../modules/jwo/service"
import { readVisitorFacts } from "../../../../../workflows/entry/steps/visitor"
import { answerInAmazonShape, parseAmazonBody, sendAmazonError } from "../../../inbound"
import { IdentityKeysRequest } from "./validators"

/**
 * Amazon's Identity Connector: decides whether the gate opens for a scanned Scan Key Code. The whole decision is one
 * module method (two statements, no workflow: docs/decisions.md "The gate at the limit").
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const receivedAt = Date.now()
  await answerInAmazonShape(req, res, async () => {
    const request = parseAmazonBody(req, res, IdentityKeysRequest)
    if (!request) return
    const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
    const result = await jwo.verifyIdentityKey(request, {
      receivedAt,
      // Only for a database without the customer tables (the module cannot use Medusa's query itself).
      lookUpVisitor: (customerId) => readVisitorFacts(req.scope, customerId),
    })
    if (result.unknown_store) {
      return sendAmazonError(res, 400, `storeId: unknown store "${request.storeId}"`, [
        { path: "storeId", message: "is not a JWO store configured in this Medusa" },
      ])
    }
    res.status(result.answer.status).json(result.answer.body)
  })
}
