import { canMove, type TripStatus } from "./trip-states"

/**
 * A claim that also makes the first move of the work (processing: `received` → `pricing`), in one statement with
 * the lease and the history row. Only a move the state machine allows the system to make (`TRIP_TRANSITIONS`), from
 * one of the statuses the work is for.
 */
export type ClaimMove = { from: TripStatus; to: TripStatus; reason: string }

/** The move checked against `TRIP_TRANSITIONS`: throws for a move the table does not allow the system. */
export function claimMoveFor(statuses: TripStatus[], move: ClaimMove | undefined): ClaimMove | null {
  if (!move) return null
  if (!statuses.includes(move.from) || !canMove(move.from, move.to, "system")) {
    throw new Error(`claimTrip: the move ${move.from} → ${move.to} is not one the system makes when claiming (${statuses.join(", ")})`)
  }
  return move
}

/** The trip columns the processing and checkout steps read (`TripRow`); the whole row is larger (priced lines etc.). */
export const CLAIMED_TRIP_COLUMNS = [
  "id", "idempotent_shopping_trip_id", "jwo_store_id", "amazon_store_id", "status", "cart", "visitor_id", "visitor_type",
  "entry_type", "group_size", "charge", "cart_id", "order_id", "amazon_order_id", "checkout_payload", "checkout_attempts",
  "checkout_in_flight_at", "metadata", "created_at",
] as const

/** The store columns the steps read (`TripStore` and Checkout's test host). */
export const CLAIMED_STORE_COLUMNS = [
  "id", "amazon_store_id", "name", "sales_channel_id", "region_id", "stock_location_id", "address_country_code",
  "address_province", "address_city", "address_postal_code", "address_line_1", "checkout_pricing_mode",
  "checkout_use_test_host", "updated_at",
] as const

/**
 * One statement: takes the lease if the trip is in one of the work's statuses and no live lease is held (the row is
 * locked by `FOR UPDATE`, and Postgres re-checks the conditions on the latest version, so two claimers never both
 * win); makes the move if the trip is in its `from` state (status, reason, `status_changed_at`, work due now, as
 * `transitionTrip` does) and writes its history row; returns the trip's columns, the status it was in and its store.
 *
 * Parameters: id, statuses (json), token, owner, ttl ms, move from, move to, move reason, history id.
 * Without a move, pass from/to as null: nothing moves and no history row is written.
 */
export const CLAIM_TRIP_SQL = `
WITH prev AS (
  SELECT id, status FROM jwo_shopping_trip
   WHERE id = ? AND deleted_at IS NULL AND status IN (SELECT jsonb_array_elements_text(?::jsonb))
     AND (lease_until IS NULL OR lease_until < now())
   FOR UPDATE
), params AS (SELECT ?::text AS token, ?::text AS owner, ?::int AS ttl, ?::text AS move_from, ?::text AS move_to, ?::text AS reason, ?::text AS history_id),
claimed AS (
  UPDATE jwo_shopping_trip t
     SET lease_token = params.token, lease_owner = params.owner, lease_until = now() + (params.ttl * interval '1 millisecond'),
         status = CASE WHEN prev.status = params.move_from THEN params.move_to ELSE t.status END,
         status_reason = CASE WHEN prev.status = params.move_from THEN params.reason ELSE t.status_reason END,
         status_changed_at = CASE WHEN prev.status = params.move_from THEN now() ELSE t.status_changed_at END,
         next_attempt_at = CASE WHEN prev.status = params.move_from THEN now() ELSE t.next_attempt_at END,
         updated_at = CASE WHEN prev.status = params.move_from THEN now() ELSE t.updated_at END
    FROM prev, params
   WHERE t.id = prev.id
  RETURNING ${CLAIMED_TRIP_COLUMNS.map((c) => `t.${c}`).join(", ")}, prev.status AS from_status
), history AS (
  INSERT INTO jwo_trip_transition (id, trip_id, from_status, to_status, reason, actor, data, created_at, updated_at)
  SELECT params.history_id, claimed.id, claimed.from_status, params.move_to, params.reason, 'system', NULL, now(), now()
    FROM claimed, params WHERE claimed.from_status = params.move_from
  RETURNING id
)
SELECT claimed.*, (SELECT count(*) FROM history)::int AS moved,
       (SELECT json_build_object(${CLAIMED_STORE_COLUMNS.map((c) => `'${c}', s.${c}`).join(", ")})
          FROM jwo_store s WHERE s.id = claimed.jwo_store_id AND s.deleted_at IS NULL) AS store
  FROM claimed`
