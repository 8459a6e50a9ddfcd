import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CHECKOUT_EVENTS, TRIP_EVENTS } from "../modules/jwo/events"
import { sendJwoAlert } from "../workflows/alerts"

/**
 * Thin: a trip needs attention, or Amazon Checkout rejected it → an alert in the admin's notification bell
 * (workflow `jwo-send-alert`), linking to the trip.
 */
export default async function jwoAlertTrips({ event, container }: SubscriberArgs<{ id: string; reason?: string }>) {
  if (!event.data?.id) return
  const kind = event.name === CHECKOUT_EVENTS.rejected ? "checkout_rejected" : "trip_needs_attention"
  await sendJwoAlert(container, { kind, trip_id: event.data.id, reason: event.data.reason })
}

export const config: SubscriberConfig = {
  event: [TRIP_EVENTS.needsAttention, CHECKOUT_EVENTS.rejected],
  context: { subscriberId: "jwo-alert-trips" },
}
