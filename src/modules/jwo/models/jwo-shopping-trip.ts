import { model } from "@medusajs/framework/utils"

/** States of a trip (docs/architecture.md "State of a shopping trip"): declared once, in the shared types. */
import { TRIP_STATUSES, type TripStatus } from "../../../types/trips"

export { TRIP_STATUSES, type TripStatus }

/**
 * One shopping trip Amazon delegated to us (Create Purchases), keyed by Amazon's `idempotentShoppingTripId`. Holds
 * the cart exactly as received and everything the background processing derived from it. Never deleted.
 */
export const JwoShoppingTrip = model
  .define("jwo_shopping_trip", {
    id: model.id({ prefix: "jwotrip" }).primaryKey(),
    idempotent_shopping_trip_id: model.text(),
    request_id: model.text(),
    jwo_store_id: model.text(),
    amazon_store_id: model.text(),
    status: model.enum([...TRIP_STATUSES]).default("received"),
    status_reason: model.text().nullable(),
    status_changed_at: model.dateTime(),
    /** The request body as received (parsed), and the fingerprint of its content (without requestId). */
    cart: model.json(),
    cart_fingerprint: model.text(),
    item_count: model.number(),
    start_time: model.dateTime(),
    end_time: model.dateTime(),
    /** Who shops: SCAN_CODE (app entry) or FINANCIAL (card entry); the billed visitor and customer, if any. */
    entry_type: model.text().nullable(),
    visitor_id: model.text().nullable(),
    visitor_type: model.text().nullable(),
    customer_id: model.text().nullable(),
    group_size: model.number().default(1),
    /** False for trips that are recorded but not charged (associates, when so configured). */
    charge: model.boolean().default(true),
    /** Per cart line: what it matched (variant) or why it did not. */
    line_resolution: model.json().nullable(),
    /** Per cart line: the exact prices Medusa computed. */
    priced_lines: model.json().nullable(),
    /** Goods taken beyond recorded stock (never a reason to refuse a trip). */
    stock_gaps: model.json().nullable(),
    checkout_payload: model.json().nullable(),
    cart_id: model.text().nullable(),
    order_id: model.text().nullable(),
    amazon_order_id: model.text().nullable(),
    /** Checkout submissions: how many were made, the last error, when Amazon confirmed, and what it charged. */
    checkout_attempts: model.number().default(0),
    checkout_last_error: model.text().nullable(),
    charged_at: model.dateTime().nullable(),
    /** Amazon's `priceTotal` (exact two-decimal string) and currency, as charged. */
    charged_total: model.text().nullable(),
    charged_currency_code: model.text().nullable(),
    /** Processing runs that failed (crashes do not count); after `trips.maxAttempts` the trip needs attention. */
    attempts: model.number().default(0),
    last_error: model.text().nullable(),
    /**
     * When the trip's next piece of work is due (pricing, handing over, a Checkout attempt); null when nothing is to
     * be done by the plugin (final, or waiting for staff). The dispatcher on every worker moves due work onto the
     * queue (docs/trips.md "Durable work").
     */
    next_attempt_at: model.dateTime().nullable(),
    /**
     * Ownership: the worker working on the trip holds a short lease (`lease_until`), renewed by a heartbeat while it
     * works. A worker that dies stops renewing, so its claim ends within seconds. `lease_owner` names the instance.
     */
    lease_token: model.text().nullable(),
    lease_until: model.dateTime().nullable(),
    lease_owner: model.text().nullable(),
    /** Set before Amazon Checkout is called, cleared when its answer is booked: a crash in between is resubmitted at once. */
    checkout_in_flight_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["idempotent_shopping_trip_id"], unique: true },
    { on: ["jwo_store_id", "created_at"] },
    { on: ["status", "status_changed_at"] },
    { on: ["customer_id"] },
    { on: ["next_attempt_at"], where: "next_attempt_at IS NOT NULL AND deleted_at IS NULL" },
  ])
