import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { defaultJwoStoreFields } from "./query-config"

export async function refetchJwoStore(req: MedusaRequest, id: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "jwo_store",
    fields: req.queryConfig?.fields ?? defaultJwoStoreFields,
    filters: { id },
  })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `JWO store with id "${id}" was not found`)
  }
  return data[0]
}
