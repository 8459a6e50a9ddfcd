import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { capturePaymentWorkflow, updateOrderWorkflow } from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { backoffDelayMs, checkoutBaseUrlFor } from "../../modules/jwo/amazon"
import type { CheckoutCartPayload } from "../../modules/jwo/checkout-payload"
import { CHECKOUT_QUEUE } from "../../modules/jwo/queue/definitions"

export const CHECKOUT_EVENTS = {
  charged: "jwo.trip.charged",
  rejected: "jwo.trip.checkout_rejected",
  needsAttention: "jwo.trip.needs_attention",
  retryScheduled: "jwo.trip.checkout_retry_scheduled",
} as const

/** Lease for one submission: longer than the Amazon call's deadline. */
const CHECKOUT_LEASE_MS = 2 * 60 * 1000

export type SubmitCheckoutOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "charged"; amazon_order_id: string }
  | { outcome: "retry_scheduled"; attempt: number; delay_ms: number }
  | { outcome: "checkout_rejected" | "needs_attention"; reason: string }

/** Queues a trip's Checkout submission (the next attempt after `delayMs`). */
export async function enqueueCheckout(jwo: JwoModuleService, tripId: string, attempt: number, delayMs = 0) {
  await jwo.queues.add(CHECKOUT_QUEUE, { trip_id: tripId }, { jobId: `checkout-${tripId}-${attempt}-${Date.now()}`, delayMs })
}

/**
 * Submits a trip's stored Checkout payload to Amazon (`POST {checkout}/checkout/carts`, SigV4, fresh signature on
 * every attempt, always the same idempotentShoppingTripId) and books the answer:
 * - 2xx: Amazon's orderId is stored on the trip first, then the Medusa payment is captured and the order marked,
 *   then the trip is `charged`. A run that dies after Amazon's answer is finished by the next run, which sees the
 *   stored orderId and does not call Amazon again (and Amazon is idempotent on the trip id anyway).
 * - 429/5xx/timeout/connection: the next attempt is scheduled with exponential backoff and jitter (never before
 *   Retry-After); after `checkout.maxAttempts` the trip needs attention.
 * - 400/403 and other permanent answers: `checkout_rejected` with Amazon's errorMsg; no automatic retry.
 */
export async function submitCheckout(container: MedusaContainer, tripId: string): Promise<SubmitCheckoutOutcome> {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const lease = await jwo.leaseTrip(tripId, CHECKOUT_LEASE_MS)
  if (!lease) return { outcome: "skipped", why: "another worker holds the trip" }
  try {
    const trip = await jwo.retrieveJwoShoppingTrip(tripId)
    if (trip.status !== "checkout_pending") return { outcome: "skipped", why: `trip is ${trip.status}` }
    const options = jwo.getOptions()
    const payload = trip.checkout_payload as unknown as CheckoutCartPayload

    let amazonOrderId = trip.amazon_order_id
    if (!amazonOrderId) {
      const store = await jwo.retrieveJwoStore(trip.jwo_store_id)
      const attempt = trip.checkout_attempts + 1
      await jwo.updateJwoShoppingTrips({ id: tripId, checkout_attempts: attempt })
      const baseUrl = checkoutBaseUrlFor(options.amazon.checkoutEndpoint, store.checkout_use_test_host)
      const answer = await jwo.amazon().postJson<{ orderId?: unknown }>({ baseUrl }, "/checkout/carts", payload)

      if (answer.kind === "success" && typeof answer.body?.orderId === "string" && answer.body.orderId) {
        amazonOrderId = answer.body.orderId
        // Stored before anything else: from here on no run calls Amazon again for this trip.
        await jwo.updateJwoShoppingTrips({
          id: tripId,
          amazon_order_id: amazonOrderId,
          charged_total: payload.orderTotals.priceTotal.amount,
          charged_currency_code: payload.orderTotals.priceTotal.currencyCode,
          charged_at: new Date(),
          checkout_last_error: null,
        })
      } else if (answer.kind === "retryable") {
        const error = `attempt ${attempt}: ${answer.status ?? answer.cause} ${answer.errorMsg}`
        if (attempt >= options.checkout.maxAttempts) {
          const reason = `Amazon Checkout did not accept the cart after ${attempt} attempts; last: ${answer.status ?? answer.cause} ${answer.errorMsg}`
          await giveUp(container, jwo, tripId, "needs_attention", reason, CHECKOUT_EVENTS.needsAttention)
          return { outcome: "needs_attention", reason }
        }
        const delay = backoffDelayMs(attempt, {
          baseMs: options.checkout.retryBaseMs,
          maxMs: options.checkout.retryMaxMs,
          retryAfterMs: answer.retryAfterMs,
        })
        await jwo.updateJwoShoppingTrips({ id: tripId, checkout_last_error: error.slice(0, 2000) })
        await enqueueCheckout(jwo, tripId, attempt + 1, delay)
        // For monitoring (a burst of these is Amazon having trouble) and to see the backoff grow.
        await container.resolve(Modules.EVENT_BUS).emit({
          name: CHECKOUT_EVENTS.retryScheduled,
          data: { id: tripId, attempt, next_attempt: attempt + 1, delay_ms: delay, error },
        })
        return { outcome: "retry_scheduled", attempt: attempt + 1, delay_ms: delay }
      } else {
        const message = answer.kind === "success" ? "Amazon answered 2xx without an orderId" : answer.errorMsg
        const status = answer.kind === "success" ? answer.status : answer.status ?? answer.cause
        const hint =
          status === 403
            ? " — check the AWS credentials or IAM role registered with Amazon, and that the endpoint is this account's (test vs production host)"
            : ""
        const reason = `Amazon Checkout refused the cart (${status}): ${message}${hint}`
        await jwo.updateJwoShoppingTrips({ id: tripId, checkout_last_error: reason.slice(0, 2000) })
        await giveUp(container, jwo, tripId, "checkout_rejected", reason, CHECKOUT_EVENTS.rejected)
        return { outcome: "checkout_rejected", reason }
      }
    }

    await bookCharge(container, trip.order_id!, amazonOrderId, payload)
    const moved = await jwo.transitionTrip(tripId, {
      from: ["checkout_pending"],
      to: "charged",
      reason: `Amazon order ${amazonOrderId}, charged ${payload.orderTotals.priceTotal.amount} ${payload.orderTotals.priceTotal.currencyCode}`,
      actor: "amazon",
    })
    if (moved) {
      await container.resolve(Modules.EVENT_BUS).emit({
        name: CHECKOUT_EVENTS.charged,
        data: { id: tripId, order_id: trip.order_id, amazon_order_id: amazonOrderId },
      })
    }
    return { outcome: "charged", amazon_order_id: amazonOrderId }
  } finally {
    await jwo.releaseTrip(tripId, lease)
  }
}

async function giveUp(
  container: MedusaContainer,
  jwo: JwoModuleService,
  tripId: string,
  to: "needs_attention" | "checkout_rejected",
  reason: string,
  event: string
) {
  const moved = await jwo.transitionTrip(tripId, { from: ["checkout_pending"], to, reason, actor: "amazon" })
  if (moved) {
    await container.resolve(Modules.EVENT_BUS).emit({ name: event, data: { id: tripId, reason } })
    container.resolve("logger").warn(`medusa-plugin-jwo: trip ${tripId} ${to.replace("_", " ")}: ${reason}`)
  }
}

/**
 * Books Amazon's charge on the Medusa order, each part only once: Amazon's order id on the payment (the provider
 * refuses a capture without it), the capture of the authorised payment, and the order's metadata.
 */
async function bookCharge(container: MedusaContainer, orderId: string, amazonOrderId: string, payload: CheckoutCartPayload) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "metadata", "payment_collections.payments.id", "payment_collections.payments.data", "payment_collections.payments.captured_at"],
    filters: { id: orderId },
  })
  const order = data[0] as any
  const payments = (order?.payment_collections ?? []).flatMap((c: any) => c?.payments ?? []).filter(Boolean)
  const paymentModule = container.resolve(Modules.PAYMENT)
  for (const payment of payments) {
    if (payment.captured_at) continue
    const charged = { amazon_order_id: amazonOrderId, amazon_price_total: payload.orderTotals.priceTotal.amount }
    await paymentModule.updatePayment({ id: payment.id, data: { ...(payment.data ?? {}), ...charged } } as { id: string })
    // Authorised for the payload's priceTotal when the order was placed: the capture takes all of it.
    await capturePaymentWorkflow(container).run({ input: { payment_id: payment.id } })
  }
  if (order && order.metadata?.jwo_amazon_order_id !== amazonOrderId) {
    await updateOrderWorkflow(container).run({
      input: {
        id: orderId,
        user_id: "medusa-plugin-jwo",
        metadata: {
          ...(order.metadata ?? {}),
          jwo_amazon_order_id: amazonOrderId,
          jwo_charged_total: payload.orderTotals.priceTotal.amount,
        },
      },
    })
  }
}
