import { defineLink } from "@medusajs/framework/utils"
import StockLocationModule from "@medusajs/medusa/stock-location"
import JwoModule from "../modules/jwo"

/** Read-only: the optional stock location a JWO store's goods leave from (`jwo_store.stock_location_id`). */
export default defineLink(
  { linkable: JwoModule.linkable.jwoStore, field: "stock_location_id" },
  StockLocationModule.linkable.stockLocation,
  { readOnly: true }
)
