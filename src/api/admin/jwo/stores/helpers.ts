import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { defaultJwoStoreFields } from "./query-config"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { checkoutBaseUrlFor, endpointKind } from "../../../../modules/jwo/amazon"
import { scanKeyQrPattern } from "../../../../modules/jwo/scan-key"
import type { AdminJwoStore } from "../../../../types"

export async function refetchJwoStore(req: MedusaRequest, id: string): Promise<AdminJwoStore> {
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

/** The Checkout base URL a store's calls go to now (the `.test.` host when it is switched to it), and its kind. */
export function checkoutEndpointOf(endpoint: string, useTestHost: boolean): AdminJwoStore["checkout_endpoint"] {
  let url: string
  try {
    url = checkoutBaseUrlFor(endpoint, useTestHost)
  } catch {
    url = endpoint.replace(/\/+$/, "")
  }
  return { url, kind: endpointKind(url) }
}

/**
 * Adds what the merchant must enter in Amazon's Merchant Portal for the store (the QR pattern every issued Scan Key
 * Code matches: a pattern that does not match locks every shopper out) and where its Checkout calls go now.
 */
export function withEntrySettings<T extends object>(req: MedusaRequest, store: T): AdminJwoStore {
  const { scanKey, amazon } = req.scope.resolve<JwoModuleService>(JWO_MODULE).getOptions()
  const useTestHost = Boolean((store as { checkout_use_test_host?: boolean }).checkout_use_test_host)
  return {
    ...(store as unknown as AdminJwoStore),
    qr_pattern: scanKeyQrPattern(scanKey.prefix),
    checkout_endpoint: checkoutEndpointOf(amazon.checkoutEndpoint, useTestHost),
  }
}
