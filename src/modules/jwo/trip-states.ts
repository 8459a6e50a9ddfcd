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
