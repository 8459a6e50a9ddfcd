import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createHook, createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { capturePaymentWorkflow, updateOrdersStep } from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { backoffDelayMs, checkoutBaseUrlFor } from "../../modules/jwo/amazon"
import { captureBookingFor } from "../../modules/jwo/capture-booking"
import type { CheckoutCartPayload } from "../../modules/jwo/checkout-payload"
import { CHECKOUT_EVENTS } from "../../modules/jwo/events"
import { JWO_WORKFLOW_IDS } from "../../modules/jwo/queue/definitions"
import { claimTripStep, releaseTripStep, type TripClaim } from "../trips/steps/claim-trip"
import { tripNeedsAttention } from "../trips/steps/trip-outcomes"
import { finishOrderWorkflow } from "../orders/finish-order"
import { notChargedReason } from "../../modules/jwo/receipt"

export { CHECKOUT_EVENTS }

export type SubmitCheckoutOutcome =
  | { outcome: "skipped"; why: string }
  | { outcome: "not_charged" }
  | { outcome: "charged"; amazon_order_id: string }
  | { outcome: "retry_scheduled"; attempt: number; delay_ms: number }
  | { outcome: "checkout_rejected" | "needs_attention"; reason: string }

/**
 * After the order: a charged trip goes to Checkout (`order_placed` → `checkout_pending`); a trip that is not charged
 * (associates, by default) has its order finished as not charged, then ends `not_charged` (markTripNotChargedStep).
 */
const handOverTripStep = createStep("jwo-hand-over-trip-step", async (claim: TripClaim, { container }) => {
  if (!claim.claimed) return new StepResponse<"skip" | "submit" | "not_charged">("skip")
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const trip = claim.trip
  if (trip.status === "checkout_pending") return new StepResponse<"skip" | "submit" | "not_charged">("submit")
  if (!trip.charge) return new StepResponse<"skip" | "submit" | "not_charged">("not_charged")
  const moved = await jwo.transitionTrip(trip.id, { from: ["order_placed"], to: "checkout_pending", reason: "submitting to Amazon Checkout" })
  return new StepResponse<"skip" | "submit" | "not_charged">(moved ? "submit" : "skip")
})

type CallOutcome = { amazon_order_id: string | null; outcome: SubmitCheckoutOutcome | null }

/**
 * One submission to Amazon (`POST {checkout}/checkout/carts`, SigV4, a fresh signature each time, always the same
 * idempotentShoppingTripId, so Amazon dedupes a resubmission). The attempt is recorded as in flight before the call:
 * a run that dies during the call is resubmitted at once by the next run, and is not counted as another attempt.
 * - 2xx: Amazon's orderId is stored first; from then on no run calls Amazon again for this trip.
 * - 429/5xx/timeout/connection: the next attempt is due after exponential backoff with jitter (never before
 *   Retry-After); after `checkout.maxAttempts` the trip needs attention.
 * - 400/403 and other permanent answers: `checkout_rejected` with Amazon's errorMsg; no automatic retry.
 */
const callAmazonCheckoutStep = createStep("jwo-call-amazon-checkout-step", async (claim: TripClaim, { container }) => {
  if (!claim.claimed) return new StepResponse<CallOutcome>({ amazon_order_id: null, outcome: null })
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const logger = container.resolve("logger")
  // The trip as claimed (the lease keeps every other run off it; the hand-over made it checkout_pending).
  const trip = claim.trip
  if (trip.amazon_order_id) return new StepResponse<CallOutcome>({ amazon_order_id: trip.amazon_order_id, outcome: null })
  const options = jwo.getOptions()
  const payload = trip.checkout_payload as unknown as CheckoutCartPayload

  const interrupted = Boolean(trip.checkout_in_flight_at)
  const attempt = interrupted ? Math.max(trip.checkout_attempts, 1) : trip.checkout_attempts + 1
  if (interrupted) logger.info(`medusa-plugin-jwo: trip ${trip.id}: resubmitting Checkout attempt ${attempt}, interrupted by a crash`)
  await jwo.updateJwoShoppingTrips({ id: trip.id, checkout_attempts: attempt, checkout_in_flight_at: new Date() })

  const baseUrl = checkoutBaseUrlFor(options.amazon.checkoutEndpoint, claim.store.checkout_use_test_host)
  const answer = await jwo.amazon().postJson<{ orderId?: unknown }>({ baseUrl }, "/checkout/carts", payload)

  if (answer.kind === "success" && typeof answer.body?.orderId === "string" && answer.body.orderId) {
    await jwo.updateJwoShoppingTrips({
      id: trip.id,
      amazon_order_id: answer.body.orderId,
      charged_total: payload.orderTotals.priceTotal.amount,
      charged_currency_code: payload.orderTotals.priceTotal.currencyCode,
      charged_at: new Date(),
      checkout_last_error: null,
      checkout_in_flight_at: null,
    })
    return new StepResponse<CallOutcome>({ amazon_order_id: answer.body.orderId, outcome: null })
  }
  if (answer.kind === "retryable") {
    const error = `attempt ${attempt}: ${answer.status ?? answer.cause} ${answer.errorMsg}`
    if (attempt >= options.checkout.maxAttempts) {
      const reason = `Amazon Checkout did not accept the cart after ${attempt} attempts; last: ${answer.status ?? answer.cause} ${answer.errorMsg}`
      await tripNeedsAttention(container, trip.id, {
        from: ["checkout_pending"],
        reason,
        actor: "amazon",
        set: { checkout_last_error: error.slice(0, 2000), checkout_in_flight_at: null },
      })
      return new StepResponse<CallOutcome>({ amazon_order_id: null, outcome: { outcome: "needs_attention", reason } })
    }
    const delay = backoffDelayMs(attempt, { baseMs: options.checkout.retryBaseMs, maxMs: options.checkout.retryMaxMs, retryAfterMs: answer.retryAfterMs })
    await jwo.updateJwoShoppingTrips({
      id: trip.id,
      checkout_last_error: error.slice(0, 2000),
      checkout_in_flight_at: null,
      next_attempt_at: new Date(Date.now() + delay),
    })
    // For monitoring (a burst of these is Amazon having trouble) and to see the backoff grow.
    await container.resolve(Modules.EVENT_BUS).emit({
      name: CHECKOUT_EVENTS.retryScheduled,
      data: { id: trip.id, attempt, next_attempt: attempt + 1, delay_ms: delay, error },
    })
    return new StepResponse<CallOutcome>({ amazon_order_id: null, outcome: { outcome: "retry_scheduled", attempt: attempt + 1, delay_ms: delay } })
  }
  const message = answer.kind === "success" ? "Amazon answered 2xx without an orderId" : answer.errorMsg
  const status = answer.kind === "success" ? answer.status : answer.status ?? answer.cause
  const hint =
    status === 403
      ? " — check the AWS credentials or IAM role registered with Amazon, and that the endpoint is this account's (test vs production host)"
      : ""
  const reason = `Amazon Checkout refused the cart (${status}): ${message}${hint}`
  const moved = await jwo.transitionTrip(trip.id, {
    from: ["checkout_pending"],
    to: "checkout_rejected",
    reason,
    actor: "amazon",
    set: { checkout_last_error: reason.slice(0, 2000), checkout_in_flight_at: null },
  })
  if (moved) {
    await container.resolve(Modules.EVENT_BUS).emit({ name: CHECKOUT_EVENTS.rejected, data: { id: trip.id, reason } })
    logger.warn(`medusa-plugin-jwo: trip ${trip.id} checkout rejected: ${reason}`)
  }
  return new StepResponse<CallOutcome>({ amazon_order_id: null, outcome: { outcome: "checkout_rejected", reason } })
})

type Booking = {
  trip_id: string
  order_id: string
  amazon_order_id: string
  payment_id: string | null
  metadata: Record<string, unknown> | null
  price_total: string
  currency_code: string
}

/**
 * What booking Amazon's charge on the Medusa order still needs, each part only once: Amazon's order id on the
 * payment (the provider refuses a capture without it), the capture (or the rest of one a dead run began), and the
 * order's metadata.
 */
const prepareChargeBookingStep = createStep(
  "jwo-prepare-charge-booking-step",
  async (input: { trip_id: string; order_id: string; amazon_order_id: string; price_total: string; currency_code: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    // The trip's order and charge as claimed: no second read of the trip.
    const trip = { id: input.trip_id, order_id: input.order_id }
    const payload = { orderTotals: { priceTotal: { amount: input.price_total, currencyCode: input.currency_code } } }
    const { data } = await query.graph({
      entity: "order",
      fields: [
        "id",
        "metadata",
        "transactions.reference_id",
        "payment_collections.status",
        "payment_collections.payments.id",
        "payment_collections.payments.data",
        "payment_collections.payments.captured_at",
        "payment_collections.payments.canceled_at",
        "payment_collections.payments.captures.id",
      ],
      filters: { id: trip.order_id! },
    })
    const order = data[0] as any
    const collection = (order?.payment_collections ?? []).find((c: any) => (c?.payments ?? []).length) ?? null
    const payments = (collection?.payments ?? []) as any[]
    const references = new Set<string>((order?.transactions ?? []).map((t: any) => t?.reference_id).filter(Boolean))
    // A run that died inside Medusa's capture left it part-booked: finish it (captureBookingFor says how).
    const capture = captureBookingFor(payments, collection?.status, references)
    const toCapture = payments.find((p) => p.id === capture.payment_id) ?? null
    if (toCapture && !toCapture.captured_at) {
      const paymentModule = container.resolve(Modules.PAYMENT)
      if (capture.undo_capture_ids.length) await paymentModule.deleteCaptures(capture.undo_capture_ids)
      const charged = { amazon_order_id: input.amazon_order_id, amazon_price_total: payload.orderTotals.priceTotal.amount }
      await paymentModule.updatePayment({ id: toCapture.id, data: { ...(toCapture.data ?? {}), ...charged } } as { id: string })
    }
    const metadata =
      order && order.metadata?.jwo_amazon_order_id !== input.amazon_order_id
        ? { ...(order.metadata ?? {}), jwo_amazon_order_id: input.amazon_order_id, jwo_charged_total: payload.orderTotals.priceTotal.amount }
        : null
    return new StepResponse<Booking>({
      trip_id: trip.id,
      order_id: trip.order_id!,
      amazon_order_id: input.amazon_order_id,
      payment_id: toCapture?.id ?? null,
      metadata,
      price_total: payload.orderTotals.priceTotal.amount,
      currency_code: payload.orderTotals.priceTotal.currencyCode,
    })
  }
)

const markTripChargedStep = createStep("jwo-mark-trip-charged-step", async (booking: Booking, { container }) => {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const moved = await jwo.transitionTrip(booking.trip_id, {
    from: ["checkout_pending"],
    to: "charged",
    reason: `Amazon order ${booking.amazon_order_id}, charged ${booking.price_total} ${booking.currency_code}`,
    actor: "amazon",
  })
  if (moved) {
    await container.resolve(Modules.EVENT_BUS).emit({
      name: CHECKOUT_EVENTS.charged,
      data: { id: booking.trip_id, order_id: booking.order_id, amazon_order_id: booking.amazon_order_id },
    })
  }
  return new StepResponse<SubmitCheckoutOutcome>({ outcome: "charged", amazon_order_id: booking.amazon_order_id })
})

/** The trip that is not charged ends `not_charged`, once its order is finished (settled, fulfilled, completed). */
const markTripNotChargedStep = createStep("jwo-mark-trip-not-charged-step", async (input: { trip_id: string; reason: string }, { container }) => {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  await jwo.transitionTrip(input.trip_id, { from: ["order_placed"], to: "not_charged", reason: `recorded, ${input.reason}; order fulfilled and completed` })
  return new StepResponse<SubmitCheckoutOutcome>({ outcome: "not_charged" })
})

export const submitCheckoutWorkflowId = JWO_WORKFLOW_IDS.submitCheckout

/**
 * `jwo-submit-checkout`: hands a placed order to Checkout, submits it to Amazon and books the answer (input
 * `{ trip_id }`; started by the checkout queue by id, for trips whose checkout is due). The trip row is the
 * checkpoint: Amazon's orderId is stored before anything else, so a run that dies after Amazon's answer is finished
 * by the next run without calling Amazon again; the capture is made only for a payment not yet captured.
 *
 * Once Amazon's charge is booked, `jwo-finish-order` fulfils the order in the store and completes it, and only then is
 * the trip `charged`; a trip that is not charged has its order settled without a payment and finished the same way
 * before it is `not_charged`.
 *
 * Hook `tripCharged` ({ trip_id, amazon_order_id }): at the end of a run; `amazon_order_id` is null unless the trip is charged.
 */
export const submitCheckoutWorkflow = createWorkflow(submitCheckoutWorkflowId, (input: { trip_id: string }) => {
  const claim = claimTripStep({ trip_id: input.trip_id, work: "checkout" })
  const next = handOverTripStep(claim)
  // What the finished order's plan need not read again: the claimed trip's order and store.
  const known = transform({ claim }, ({ claim }) =>
    claim.claimed ? { order_id: claim.trip.order_id, jwo_store_id: claim.trip.jwo_store_id, store_version: claim.store.updated_at } : undefined
  )
  const call = when({ next }, ({ next }) => next === "submit").then(() => callAmazonCheckoutStep(claim))
  const amazonOrderId = transform({ call }, ({ call }) => call?.amazon_order_id ?? null)

  // Flat, not nested: the workflow composer does not nest `when` blocks.
  const booking = when({ amazonOrderId }, ({ amazonOrderId }) => Boolean(amazonOrderId)).then(() =>
    prepareChargeBookingStep(
      transform({ claim, amazonOrderId }, ({ claim, amazonOrderId }) => {
        const trip = claim.claimed ? claim.trip : (null as never)
        const total = (trip.checkout_payload as unknown as CheckoutCartPayload).orderTotals.priceTotal
        return { trip_id: trip.id, order_id: trip.order_id!, amazon_order_id: amazonOrderId!, price_total: total.amount, currency_code: total.currencyCode }
      })
    )
  )
  when({ booking }, ({ booking }) => Boolean(booking?.payment_id)).then(() => {
    capturePaymentWorkflow.runAsStep({ input: transform({ booking }, ({ booking }) => ({ payment_id: booking!.payment_id! })) })
  })
  when({ booking }, ({ booking }) => Boolean(booking?.metadata)).then(() => {
    // Metadata only: the order module's update, not `updateOrderWorkflow` (an order change and its preview per trip).
    updateOrdersStep(transform({ booking }, ({ booking }) => ({ selector: { id: booking!.order_id }, update: { metadata: booking!.metadata! } })))
  })
  // The goods left the store: the order is fulfilled from the store's location and completed before the trip counts
  // as charged, so a run that dies in between is finished by the next one (the trip is still checkout_pending).
  when({ booking }, ({ booking }) => Boolean(booking)).then(() => {
    finishOrderWorkflow.runAsStep({
      input: transform({ booking, known }, ({ booking, known }) => ({
        trip_id: booking!.trip_id,
        settle: "charged" as const,
        receipt: true,
        known,
      })),
    })
  })
  const charged = when({ booking }, ({ booking }) => Boolean(booking)).then(() =>
    markTripChargedStep(transform({ booking }, ({ booking }) => booking!))
  )
  // Not charged (associates): the order is settled without a payment, fulfilled and completed, then the trip ends.
  when({ next }, ({ next }) => next === "not_charged").then(() => {
    finishOrderWorkflow
      .runAsStep({
        input: transform({ input, known }, ({ input, known }) => ({
          trip_id: input.trip_id,
          settle: "not_charged" as const,
          reason: notChargedReason("associate"),
          receipt: true,
          known,
        })),
      })
      .config({ name: "jwo-finish-not-charged-order" })
    markTripNotChargedStep(transform({ input }, ({ input }) => ({ trip_id: input.trip_id, reason: notChargedReason("associate") })))
  })
  const tripCharged = createHook("tripCharged", {
    trip_id: input.trip_id,
    amazon_order_id: amazonOrderId,
  })
  releaseTripStep(claim)

  const outcome = transform({ claim, next, call, charged }, ({ claim, next, call, charged }): SubmitCheckoutOutcome => {
    if (!claim.claimed) return { outcome: "skipped", why: claim.why }
    if (next === "not_charged") return { outcome: "not_charged" }
    return (charged as SubmitCheckoutOutcome | undefined) ?? call?.outcome ?? { outcome: "skipped", why: "nothing to submit" }
  })
  return new WorkflowResponse(outcome, { hooks: [tripCharged] })
})
