import type { QueryGraphFunction } from "@medusajs/framework/types"
import { customerGroupWarnings } from "./entry"
import type { JwoOptions } from "./options"

/**
 * The configured customer groups (`customerGroups.*`, ids or exact names) that do not exist in Medusa, as warnings.
 * Read with the application's query (Medusa's customer groups): at boot by the module (the application's container,
 * as the queue handlers use it), and by the admin stores list (`warnings`).
 */
export async function missingCustomerGroupWarnings(query: { graph: QueryGraphFunction }, config: JwoOptions["customerGroups"]): Promise<string[]> {
  const values = [...new Set([...config.associates, ...config.cashShoppers, ...config.blocked])]
  if (!values.length) return []
  const fields = ["id", "name"]
  const [byId, byName] = await Promise.all([
    query.graph({ entity: "customer_group", fields, filters: { id: values } }),
    query.graph({ entity: "customer_group", fields, filters: { name: values } }),
  ])
  return customerGroupWarnings(config, [...byId.data, ...byName.data] as { id: string; name: string | null }[])
}
