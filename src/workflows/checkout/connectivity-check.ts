import { randomUUID } from "node:crypto"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { checkoutBaseUrlFor, type AmazonResult } from "../../modules/jwo/amazon"

import type { CheckoutCheckStatus } from "../../types/stores"

export type { CheckoutCheckStatus }

/** What a Checkout answer to a deliberately unknown trip says about the connection. */
export function readConnectivityAnswer(answer: AmazonResult): { status: CheckoutCheckStatus; message: string } {
  if (answer.kind === "permanent" && answer.status === 400 && /UnknownShoppingTrip/i.test(answer.errorMsg)) {
    return { status: "reachable", message: "Amazon answered 400 UnknownShoppingTripException: reachable and authorised" }
  }
  if (answer.kind === "permanent" && answer.status === 403) {
    return { status: "forbidden", message: `Amazon answered 403 (${answer.errorMsg}): the AWS credentials, role or account are wrong for this endpoint` }
  }
  if (answer.kind === "retryable") {
    return { status: "unreachable", message: `no usable answer (${answer.status ?? answer.cause}: ${answer.errorMsg}); check the endpoint and network` }
  }
  const status = answer.kind === "success" ? answer.status : answer.status ?? answer.cause
  const detail = answer.kind === "success" ? "a success for an unknown trip" : answer.errorMsg
  return { status: "unexpected", message: `unexpected answer ${status}: ${detail}` }
}

/**
 * A signed Checkout call for a trip Amazon cannot know, to the store's Checkout host (`.test.` when the store is
 * switched to it): 400 UnknownShoppingTripException means reachable and authorised. The result is stored on the
 * store. Nothing is charged: the trip does not exist.
 */
export const checkCheckoutConnectivityStep = createStep(
  "jwo-check-checkout-connectivity-step",
  async (input: { jwo_store_id: string }, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const [store] = await jwo.listJwoStores({ id: input.jwo_store_id }, { take: 1 })
    if (!store) throw new MedusaError(MedusaError.Types.NOT_FOUND, `JWO store with id "${input.jwo_store_id}" was not found`)
    const baseUrl = checkoutBaseUrlFor(jwo.getOptions().amazon.checkoutEndpoint, store.checkout_use_test_host)
    const money = (amount: string) => ({ amount, currencyCode: "USD" })
    const payload = {
      idempotentShoppingTripId: `jwo-connectivity-check-${randomUUID()}`,
      storeId: store.amazon_store_id,
      lineItems: [
        {
          productId: "JWO-CONNECTIVITY-CHECK",
          type: "SKU",
          quantity: { value: "1.0", unit: "unit" },
          unitPrice: { price: money("0.01"), promotions: [], salesTax: money("0.00"), totalPrice: money("0.01") },
        },
      ],
      orderTotals: { subTotal: money("0.01"), promotionsTotal: money("0.00"), salesTaxTotal: money("0.00"), priceTotal: money("0.01") },
    }
    const answer = await jwo.amazon().postJson({ baseUrl }, "/checkout/carts", payload)
    const result = readConnectivityAnswer(answer)
    const checked_at = new Date()
    await jwo.updateJwoStores({
      id: store.id,
      checkout_check_status: result.status,
      checkout_check_message: result.message,
      checkout_checked_at: checked_at,
    })
    return new StepResponse({ ...result, endpoint: baseUrl, checked_at })
  }
)

export const checkCheckoutConnectivityWorkflow = createWorkflow(
  "jwo-check-checkout-connectivity",
  (input: { jwo_store_id: string }) => new WorkflowResponse(checkCheckoutConnectivityStep(input))
)
