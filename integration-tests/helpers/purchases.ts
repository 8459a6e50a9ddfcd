import { randomUUID } from "node:crypto"
import { INBOUND_SECRET } from "./env"

export type CartItemInput = {
  id: string
  type?: "SKU" | "SCANCODE"
  quantity?: string
  unit?: string
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

/** A Create Purchases body as Amazon's Ordering Gateway sends it. */
export function purchaseBody(
  storeId: string,
  items: CartItemInput[],
  options: { tripId?: string; authEvents?: unknown[]; visitorId?: string; visitorType?: string } = {}
) {
  const start = new Date(Date.now() - 10 * 60_000)
  const authEvents = options.authEvents ?? [
    options.visitorId
      ? {
          id: randomUUID(),
          timestamp: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
          location: "ENTRY",
          payloadType: "SCAN_CODE",
          scanResult: { id: options.visitorId, type: options.visitorType ?? "SHOPPER" },
        }
      : { id: randomUUID(), timestamp: start.toISOString().replace(/\.\d{3}Z$/, "Z"), location: "ENTRY", payloadType: "FINANCIAL" },
  ]
  return {
    requestId: randomUUID(),
    idempotentShoppingTripId: options.tripId ?? `trip-${randomUUID()}`,
    storeId,
    shoppingTrip: {
      startTime: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
      endTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      authEvents,
    },
    cartItems: items.map((item) => ({
      id: item.id,
      type: item.type ?? "SKU",
      quantity: { value: item.quantity ?? "1.0", unit: item.unit ?? "unit" },
      ...(item.externalIdentifiers ? { externalIdentifiers: item.externalIdentifiers } : {}),
      ...(item.lineItemId ? { lineItemId: item.lineItemId } : {}),
    })),
  }
}

/** POSTs to the Ordering Connector with the inbound secret (real HTTP). */
export async function postPurchase(baseUrl: string, body: unknown, secret: string | null = INBOUND_SECRET) {
  const headers: Record<string, string> = { "content-type": "application/json" }
  if (secret !== null) headers["x-jwo-connector-secret"] = secret
  const response = await fetch(`${baseUrl}/jwo/v1/order/purchases`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : undefined, text }
}
