import { defineLink } from "@medusajs/framework/utils"
import SalesChannelModule from "@medusajs/medusa/sales-channel"
import JwoModule from "../modules/jwo"

/** Read-only: a JWO store sells through one Medusa sales channel (`jwo_store.sales_channel_id`). */
export default defineLink(
  { linkable: JwoModule.linkable.jwoStore, field: "sales_channel_id" },
  SalesChannelModule.linkable.salesChannel,
  { readOnly: true }
)
