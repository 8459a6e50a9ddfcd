import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { answerInAmazonShape, parseAmazonBody, sendAmazonError } from "../../../inbound"
import { verifyIdentityKeyWorkflow } from "../../../../../workflows/entry"
import { IdentityKeysRequest } from "./validators"

/** Amazon's Identity Connector: decides whether the gate opens for a scanned Scan Key Code. */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const receivedAt = Date.now()
  await answerInAmazonShape(req, res, async () => {
    const request = parseAmazonBody(req, res, IdentityKeysRequest)
    if (!request) return
    const { result } = await verifyIdentityKeyWorkflow(req.scope).run({ input: { request, received_at: receivedAt } })
    if (result.unknown_store) {
      return sendAmazonError(res, 400, `storeId: unknown store "${request.storeId}"`, [
        { path: "storeId", message: "is not a JWO store configured in this Medusa" },
      ])
    }
    res.status(result.answer.status).json(result.answer.body)
  })
}
