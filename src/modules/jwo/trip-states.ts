/**
 * The one state machine of a shopping trip (docs/architecture.md "State of a shopping trip"). Every transition
 * (`JwoModuleService.transitionTrip`), the staff actions' rules, the dispatcher and the docs diagram use this table;
 * a unit test holds it against docs/architecture.md. Pure code, no I/O.
 */
import { TRIP_STATUSES, type TripStatus } from "./models/jwo-shopping-trip"

export { TRIP_STATUSES, type TripStatus }

/** Who may make a move: the plugin's own processing, Amazon's answer, or staff in the admin. */
export type TripActor = "system" | "amazon" | "staff"

/** Every allowed move: from → to, with who makes it. Nothing else is ever written to `status`. */
export const TRIP_TRANSITIONS: Record<TripStatus, Partial<Record<TripStatus, TripActor[]>>> = {
  received: { pricing: ["system"], resolved: ["staff"] },
  empty: {},
  pricing: { order_placed: ["system"], needs_attention: ["system"], resolved: ["staff"] },
  needs_attention: { pricing: ["staff"], order_placed: ["staff"], checkout_pending: ["staff"], resolved: ["staff"] },
  order_placed: { checkout_pending: ["system"], not_charged: ["system"], needs_attention: ["system"] },
  checkout_pending: { charged: ["amazon"], checkout_rejected: ["amazon"], needs_attention: ["amazon", "system"] },
  checkout_rejected: { checkout_pending: ["staff"], resolved: ["staff"] },
  charged: {},
  not_charged: {},
  resolved: {},
}

/** States the plugin works on by itself: a trip in one of these has due work (`next_attempt_at`). */
export const WORKING_STATUSES: TripStatus[] = ["received", "pricing", "order_placed", "checkout_pending"]

/** States that never change again. */
export const FINAL_STATUSES: TripStatus[] = TRIP_STATUSES.filter((s) => Object.keys(TRIP_TRANSITIONS[s]).length === 0)

/** The work a trip in a working state waits for: pricing it into an order, or its Checkout submission. */
export function workFor(status: TripStatus): "process" | "checkout" | null {
  if (status === "received" || status === "pricing") return "process"
  if (status === "order_placed" || status === "checkout_pending") return "checkout"
  return null
}

export function canMove(from: TripStatus, to: TripStatus, actor?: TripActor): boolean {
  const actors = TRIP_TRANSITIONS[from]?.[to]
  return Boolean(actors && (!actor || actors.includes(actor)))
}

/** The states staff can move a trip out of with `to` (e.g. which trips "resolve" applies to). */
export function staffCanMoveFrom(to: TripStatus): TripStatus[] {
  return TRIP_STATUSES.filter((from) => canMove(from, to, "staff"))
}

/** Actor strings are stored as "system", "amazon" or "staff:<user id>". */
export function actorKind(actor: string): TripActor {
  if (actor === "amazon") return "amazon"
  if (actor.startsWith("staff")) return "staff"
  return "system"
}

/**
 * Medusa's Redis locks (the cart's lock in `completeCartWorkflow`, 2 min lease; the inventory items' locks of
 * reservations and adjustments, 60 s lease) outlive a worker killed while holding them, and a later run that meets
 * one times out after 5 to 30 s. That is contention, not a fault of the trip: the lease ends by itself. Such a
 * failure is retried without counting against `trips.maxAttempts` while the trip has been in its state for less
 * than `LOCK_CONTENTION_GRACE_MS` (longer than any of those leases), and at least `LOCK_CONTENTION_RETRY_MS` apart.
 * Found by the chaos run: three trips sent to needs attention by one killed worker's inventory locks.
 */
export const LOCK_CONTENTION_GRACE_MS = 5 * 60_000
export const LOCK_CONTENTION_RETRY_MS = 5_000

/*
 * Also contention: Medusa's stock checks refusing a trip's goods ("Some variant does not have the required
 * inventory" at cart creation, "Not enough stock available for item …" at the reservation). Stock never refuses a
 * trip (the exit raises recorded stock by what was taken, ensure-stock.ts, again under the store stock lock right
 * before completion), so such a refusal can only be another trip of the store reserving between a raise and the
 * check: the next run raises again. Seen in the 300-shopper load run on goods stocked 5 to 7.
 */
const LOCK_CONTENTION_MESSAGES = [
  /^Timed-out acquiring lock\.?$/,
  /^Failed to acquire lock for key /,
  /^Some variant does not have the required inventory/,
  /^Not enough stock available for item \S+ at location /,
  // Our own wait for Medusa's inventory item locks (workflows/trips/medusa-locks.ts), past a dead holder's lease.
  /^Timed-out waiting for Medusa's inventory item locks/,
]

export function isContention(message: string): boolean {
  return LOCK_CONTENTION_MESSAGES.some((pattern) => pattern.test(message.trim()))
}
