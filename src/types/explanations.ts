import type { EntryRefusalReason } from "./entries"
import type { LineProblemCode, TripStatus } from "./trips"

/**
 * Plain-language texts for codes staff see. One word per state everywhere (the admin shows these labels, never the
 * raw code). Unit tests hold every code of the server to a text here.
 */
export const TRIP_STATUS_LABELS: Record<TripStatus, string> = {
  received: "Received",
  empty: "Empty",
  pricing: "Pricing",
  needs_attention: "Needs attention",
  order_placed: "Order placed",
  checkout_pending: "Charging",
  checkout_rejected: "Checkout rejected",
  charged: "Charged",
  not_charged: "Not charged",
  resolved: "Resolved",
}

export const TRIP_STATUS_HELP: Record<TripStatus, string> = {
  received: "Stored and acknowledged to Amazon; about to be priced.",
  empty: "The shopper took nothing: no order, no charge.",
  pricing: "Medusa is pricing the cart and placing the order.",
  needs_attention: "Stopped: staff must fix the cause and retry, or resolve the trip by hand.",
  order_placed: "The Medusa order is placed; about to be sent to Amazon Checkout.",
  checkout_pending: "Sent to Amazon Checkout; waiting for the charge (retried by itself on Amazon's errors).",
  checkout_rejected: "Amazon Checkout refused the cart: fix the cause and retry, or resolve by hand.",
  charged: "Amazon charged the shopper; the Medusa payment is captured.",
  not_charged: "Recorded and ordered but not charged (a store associate's trip).",
  resolved: "Closed by staff: no charge, and no order is placed for it.",
}

/** Why the gate refused a scan (401), for staff. */
export const ENTRY_REASON_TEXTS: Record<EntryRefusalReason | "CONNECTIVITY_TEST", string> = {
  STORE_DISABLED: "The store is disabled in the admin: every scan is refused.",
  NOT_ALPHANUMERIC: "The scanned code has characters a Scan Key Code never has (not a code from the app).",
  WRONG_PREFIX: "The code does not start with this app's prefix: another retailer's or an old app's code.",
  MALFORMED: "The code has the prefix but not the shape of a Scan Key Code (length or format).",
  BAD_SIGNATURE: "The code's signature does not verify: forged, mistyped, or signed with a retired secret.",
  EXPIRED: "The code is older than the freshness window: the app showed a stale code (phone clock or no refresh).",
  FROM_FUTURE: "The code is dated in the future: the phone's clock is ahead.",
  UNKNOWN_RECOGNITION: "The app that made the code is not known (its recognition record is missing).",
  REVOKED: "The app was signed out (its recognition record was revoked by the shopper or staff).",
  CUSTOMER_NOT_FOUND: "The customer was deleted.",
  CUSTOMER_BLOCKED: "The customer is blocked at the gates, by staff or through a blocked customer group.",
  CONNECTIVITY_TEST: "A connectivity-test identity of the store (Merchant Portal test), let in as the test visitor.",
}

/** Why a cart line could not be priced, and what to do. */
export const LINE_PROBLEM_TEXTS: Record<LineProblemCode, string> = {
  UNKNOWN_ITEM: "No product variant has this SKU or barcode. Create the product (or add the SKU), then retry.",
  AMBIGUOUS_ITEM: "Several sellable variants share this code: keep it on one variant, then retry.",
  NOT_PUBLISHED: "The product is a draft: publish it, then retry.",
  NOT_IN_SALES_CHANNEL: "The product is not in the store's sales channel: add it, then retry.",
  BAD_QUANTITY: "The quantity cannot be priced (a fraction of a unit, or a weight unit the product is not sold by).",
  NO_PRICE: "The variant has no price in the region's currency: add one, then retry.",
}

/** Results of a gate decision, one word each (the stored `rejected` is shown as "Refused"). */
export const ENTRY_RESULT_LABELS = { accepted: "Accepted", rejected: "Refused" } as const
