import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import JwoModule from "../modules/jwo"

/** Read-only: the Medusa order of a shopping trip (`jwo_shopping_trip.order_id`), for `query.graph` from a trip. */
export default defineLink(
  { linkable: JwoModule.linkable.jwoShoppingTrip, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
