/** The events of a trip's life (payloads in docs/trips.md and docs/checkout.md). Declared once, here. */
export const TRIP_EVENTS = {
  needsAttention: "jwo.trip.needs_attention",
  orderPlaced: "jwo.trip.order_placed",
  stockGap: "jwo.trip.stock_gap",
} as const

export const CHECKOUT_EVENTS = {
  charged: "jwo.trip.charged",
  rejected: "jwo.trip.checkout_rejected",
  needsAttention: TRIP_EVENTS.needsAttention,
  retryScheduled: "jwo.trip.checkout_retry_scheduled",
} as const
