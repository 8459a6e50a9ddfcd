import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { defaultJwoStoreFields } from "./query-config"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { scanKeyQrPattern } from "../../../../modules/jwo/scan-key"

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
  return withEntrySettings(req, data[0])
}

/**
 * Adds what the merchant must enter in Amazon's Merchant Portal for the store: the QR pattern every issued Scan Key
 * Code matches (a pattern that does not match locks every shopper out).
 */
export function withEntrySettings<T extends object>(req: MedusaRequest, store: T) {
  const { scanKey } = req.scope.resolve<JwoModuleService>(JWO_MODULE).getOptions()
  return { ...store, qr_pattern: scanKeyQrPattern(scanKey.prefix) }
}
