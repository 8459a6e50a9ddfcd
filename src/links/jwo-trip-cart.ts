import { defineLink } from "@medusajs/framework/utils"
import CartModule from "@medusajs/medusa/cart"
import JwoModule from "../modules/jwo"

/**
 * Read-only: the Medusa cart of a shopping trip (`jwo_shopping_trip.cart_id`), for `query.graph` from a trip. Named
 * `medusa_cart` because the trip's own `cart` field is the cart exactly as Amazon sent it.
 */
export default defineLink(
  { linkable: JwoModule.linkable.jwoShoppingTrip, field: "cart_id" },
  { linkable: CartModule.linkable.cart, alias: "medusa_cart" },
  { readOnly: true }
)
