import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { issueScanKeyWorkflow } from "../../../../workflows/entry"
import { scanKeyQrSvg } from "../../../../modules/jwo/qr"
import type { StoreIssueScanKeyType } from "../validators"

/**
 * A fresh Scan Key Code for the logged-in customer's app, to show as a QR code until `refresh_at`. With `?qr=svg`
 * the QR code comes along as an SVG document.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreIssueScanKeyType>, res: MedusaResponse) {
  const { result } = await issueScanKeyWorkflow(req.scope).run({
    input: { customer_id: req.auth_context.actor_id, ...req.validatedBody },
  })
  const qr = (req.validatedQuery as { qr?: "svg" }).qr
  res.status(201).json({ scan_key: qr === "svg" ? { ...result, qr_svg: await scanKeyQrSvg(result.code) } : result })
}
