import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { endpointKind } from "../../../../modules/jwo/amazon"
import { scanKeyQrPattern } from "../../../../modules/jwo/scan-key"
import type { AdminJwoSettingsResponse } from "../../../../types"
import { checkoutEndpointOf } from "../stores/helpers"
import { alertsReachTheBell } from "../../../../workflows/alerts"

/**
 * What the plugin is configured with, as staff need to see it: the Amazon endpoints in use and their kind (sandbox,
 * Amazon's test host, production), how calls are signed, the QR pattern, whether alerts reach the bell. No secret.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminJwoSettingsResponse>) {
  const options = req.scope.resolve<JwoModuleService>(JWO_MODULE).getOptions()
  const checkout = checkoutEndpointOf(options.amazon.checkoutEndpoint, false)
  const test = checkoutEndpointOf(options.amazon.checkoutEndpoint, true)
  const catalog = options.amazon.catalogEndpoint.replace(/\/+$/, "")
  res.json({
    settings: {
      checkout: { endpoint: checkout.url, kind: checkout.kind, test_endpoint: test.url, test_kind: test.kind },
      catalog: { endpoint: catalog, kind: endpointKind(catalog), notifications_queue: options.catalog.notifications?.queueUrl ?? null },
      scan_key: {
        prefix: options.scanKey.prefix,
        qr_pattern: scanKeyQrPattern(options.scanKey.prefix),
        freshness_seconds: options.scanKey.freshnessSeconds,
      },
      credentials: options.amazon.accessKeyId ? "static" : options.amazon.roleArn ? "role" : "environment",
      alerts: { feed: alertsReachTheBell(req.scope) },
    },
  })
}
