import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import JwoModule from "../modules/jwo"

/** Read-only: the Medusa customer of a shopping trip (`jwo_shopping_trip.customer_id`), for `query.graph` from a trip. */
export default defineLink(
  { linkable: JwoModule.linkable.jwoShoppingTrip, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
