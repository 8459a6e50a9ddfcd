import type { MedusaContainer } from "@medusajs/framework/types"
import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import type { AdminJwoTrip, AdminJwoTripDetail, TripAttempts, TripTransition } from "../../../../types"
import { customersById, staffUserId, usersById } from "../people"

/** Fields of a trip in lists: never the lease. */
export const tripListFields = [
  "id",
  "idempotent_shopping_trip_id",
  "jwo_store_id",
  "amazon_store_id",
  "status",
  "status_reason",
  "status_changed_at",
  "item_count",
  "start_time",
  "end_time",
  "entry_type",
  "visitor_id",
  "visitor_type",
  "customer_id",
  "group_size",
  "charge",
  "cart_id",
  "order_id",
  "amazon_order_id",
  "checkout_attempts",
  "checkout_last_error",
  "charged_at",
  "charged_total",
  "charged_currency_code",
  "attempts",
  "last_error",
  "created_at",
  "updated_at",
] as const

type TripRow = Omit<AdminJwoTrip, "customer" | "order" | "store_name">

/**
 * Adds to each trip what staff read instead of ids: the customer (name, email), the order (number, total) and the
 * store's name. Three queries for the whole page, whatever its size.
 */
export async function withNames<T extends TripRow>(scope: MedusaContainer, trips: T[]): Promise<(T & Pick<AdminJwoTrip, "customer" | "order" | "store_name">)[]> {
  if (!trips.length) return []
  const jwo = scope.resolve<JwoModuleService>(JWO_MODULE)
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const orderIds = [...new Set(trips.map((t) => t.order_id).filter((id): id is string => Boolean(id)))]
  const [customers, orders, stores] = await Promise.all([
    customersById(scope, trips.map((t) => t.customer_id)),
    orderIds.length
      ? query
          .graph({ entity: "order", fields: ["id", "display_id", "currency_code", "total"], filters: { id: orderIds } })
          .then(({ data }) => new Map(data.map((o: any) => [o.id as string, o])))
      : new Map<string, any>(),
    jwo.listJwoStores({ id: [...new Set(trips.map((t) => t.jwo_store_id))] }, { select: ["id", "name"], withDeleted: true }),
  ])
  const names = new Map(stores.map((s) => [s.id, s.name]))
  return trips.map((trip) => {
    const order = trip.order_id ? orders.get(trip.order_id) : null
    return {
      ...trip,
      customer: trip.customer_id ? customers.get(trip.customer_id) ?? null : null,
      order: order ? { id: order.id, display_id: order.display_id, currency_code: order.currency_code, total: order.total } : null,
      store_name: names.get(trip.jwo_store_id) ?? null,
    }
  })
}

/**
 * How often the trip was worked on, counted from its history so that the figures and the history agree: every move
 * into `pricing` is a pricing run, every move into `checkout_pending` a Checkout submission; staff retries are those
 * made by staff. The trip's own counters (failed runs, Checkout calls) belong to the current round only.
 */
export function attemptsSummary(
  trip: { status: string; attempts: number; checkout_attempts: number },
  history: { to_status: string; actor: string }[]
): TripAttempts {
  const into = (status: string) => history.filter((h) => h.to_status === status)
  const staffRetries = history.filter((h) => h.actor.startsWith("staff") && (h.to_status === "pricing" || h.to_status === "checkout_pending"))
  const pricingNow = trip.status === "pricing" || trip.status === "received" || trip.status === "needs_attention"
  return {
    pricing_runs: into("pricing").length,
    checkout_submissions: into("checkout_pending").length,
    staff_retries: staffRetries.length,
    failed_runs_this_round: pricingNow ? trip.attempts : 0,
    checkout_calls_this_round: trip.checkout_attempts,
  }
}

/** A trip with everything staff need: the cart as received, line resolution, prices, payload, history (with names), order. */
export async function retrieveTripDetail(req: MedusaRequest, id: string): Promise<AdminJwoTripDetail> {
  const jwo = req.scope.resolve<JwoModuleService>(JWO_MODULE)
  const [trip] = await jwo.listJwoShoppingTrips(
    { id },
    {
      select: [...tripListFields, "cart", "line_resolution", "priced_lines", "stock_gaps", "checkout_payload", "metadata"],
      take: 1,
    }
  )
  if (!trip) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Shopping trip with id "${id}" was not found`)
  const history = await jwo.listJwoTripTransitions({ trip_id: id }, { order: { created_at: "ASC" } })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const [[named], order, users] = await Promise.all([
    withNames(req.scope, [trip as unknown as TripRow]),
    trip.order_id
      ? query
          .graph({ entity: "order", fields: ["id", "display_id", "status", "currency_code", "total"], filters: { id: trip.order_id } })
          .then(({ data }) => data[0] ?? null)
      : null,
    usersById(req.scope, history.map((h) => staffUserId(h.actor))),
  ])
  const steps: TripTransition[] = history.map(({ from_status, to_status, reason, actor, data, created_at }) => {
    const userId = staffUserId(actor)
    return { from_status, to_status, reason, actor, user: userId ? users.get(userId) ?? null : undefined, data, created_at }
  })
  return {
    ...(trip as unknown as AdminJwoTripDetail),
    customer: named.customer ?? null,
    store_name: named.store_name,
    order,
    history: steps,
    attempts_summary: attemptsSummary(trip, history),
  }
}

/**
 * Trip ids a free-text search finds: by the trip's own fields (ids, Amazon's ids, a SKU), by the customer (email,
 * first or last name, "first last") and by the order (number "#12" or "12", or its id). Null when nothing to search.
 */
export async function searchTrips(scope: MedusaContainer, q: string | undefined): Promise<string[] | null> {
  const text = q?.trim()
  if (!text) return null
  const jwo = scope.resolve<JwoModuleService>(JWO_MODULE)
  const customers = scope.resolve(Modules.CUSTOMER)
  const orders = scope.resolve(Modules.ORDER)
  const like = { $ilike: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` }
  const words = text.split(/\s+/).filter(Boolean)
  const or: Record<string, unknown>[] = [{ email: like }, { first_name: like }, { last_name: like }]
  if (words.length === 2) or.push({ first_name: { $ilike: `${words[0]}%` }, last_name: { $ilike: `${words[1]}%` } })
  const number = /^#?(\d{1,9})$/.exec(text)?.[1]
  const [customerRows, orderRows] = await Promise.all([
    customers.listCustomers({ $or: or } as any, { select: ["id"], take: 1000 }),
    number
      ? orders.listOrders({ display_id: Number(number) } as any, { select: ["id"], take: 10 })
      : text.startsWith("order_")
        ? Promise.resolve([{ id: text }])
        : Promise.resolve([] as { id: string }[]),
  ])
  // An order number ("#12" or "12") is not looked for inside Amazon's trip ids, which are full of digits.
  return jwo.searchTripIds(text, { customerIds: customerRows.map((c) => c.id), orderIds: orderRows.map((o) => o.id), partial: !number })
}
