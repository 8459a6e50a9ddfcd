import { defineLink } from "@medusajs/framework/utils"
import RegionModule from "@medusajs/medusa/region"
import JwoModule from "../modules/jwo"

/** Read-only: the region whose currency, prices and taxes apply to a JWO store (`jwo_store.region_id`). */
export default defineLink(
  { linkable: JwoModule.linkable.jwoStore, field: "region_id" },
  RegionModule.linkable.region,
  { readOnly: true }
)
