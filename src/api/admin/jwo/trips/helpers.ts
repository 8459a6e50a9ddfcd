import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"

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

/** A trip with everything staff need: the cart as received, line resolution, prices, payload, history, order. */
export async function retrieveTripDetail(req: MedusaRequest, id: string) {
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
  const [order, customer] = await Promise.all([
    trip.order_id
      ? query
          .graph({ entity: "order", fields: ["id", "display_id", "status", "currency_code", "total"], filters: { id: trip.order_id } })
          .then(({ data }) => data[0] ?? null)
      : null,
    trip.customer_id
      ? query
          .graph({ entity: "customer", fields: ["id", "email", "first_name", "last_name"], filters: { id: trip.customer_id } })
          .then(({ data }) => data[0] ?? null)
      : null,
  ])
  return {
    ...trip,
    order,
    customer,
    history: history.map(({ from_status, to_status, reason, actor, data, created_at }) => ({
      from_status,
      to_status,
      reason,
      actor,
      data,
      created_at,
    })),
  }
}
