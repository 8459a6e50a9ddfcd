import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { TRIP_EVENTS } from "../modules/jwo/events"
import { ensureOrderPageLayoutWorkflow } from "../workflows/alerts/order-page-layout"

/**
 * Thin: a trip's order is placed → make sure the order page's default layout shows the trip widget first (once; see
 * `jwo-ensure-order-page-layout`). Never fails the event.
 */
export default async function jwoOrderPageLayout({ container }: SubscriberArgs<{ id: string }>) {
  try {
    await ensureOrderPageLayoutWorkflow(container).run()
  } catch (error) {
    container.resolve("logger").warn(`medusa-plugin-jwo: order page layout not set: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: TRIP_EVENTS.orderPlaced,
  context: { subscriberId: "jwo-order-page-layout" },
}
