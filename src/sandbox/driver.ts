/**
 * The gateway driver: plays Amazon's Identity Gateway and Ordering Gateway towards the plugin (contract §4, §5), for
 * demos, end-to-end and load tests. It calls the plugin's inbound routes the way the retailer's API Gateway forwards
 * them: with the shared secret header (contract §2, "Inbound").
 */
import { randomUUID } from "node:crypto"
import { request } from "undici"

export type VisitorType = "SHOPPER" | "ASSOCIATE" | "CASH_SHOPPER"

export type GatewayTarget = {
  /** Where Medusa listens, e.g. http://localhost:9000 (the routes are under /jwo/v1). */
  pluginBaseUrl: string
  /** The inbound secret the plugin accepts (`inboundAuth.secrets`). */
  secret: string
  /** Default "x-jwo-connector-secret" (the plugin's default `inboundAuth.headerName`). */
  headerName?: string
  /** Default 10,000. */
  timeoutMs?: number
}

export type GatewayResponse<TRequest> = {
  status: number
  /** Parsed JSON when the answer is JSON, else the text. */
  body: unknown
  /** Exactly what was sent. */
  request: TRequest
}

export type IdentityRequest = {
  requestId: string
  identityKey: string
  storeId: string
  authEvent: { id: string; timestamp: string; location: "ENTRY" | "MANUAL_IN_STORE" }
  keyChannel?: string
}

export type VerifyIdentityInput = GatewayTarget & {
  storeId: string
  /** The Scan Key Code exactly as the app's QR code shows it; Base64-encoded here, as Amazon's gate does. */
  scanCode: string
  /** Default a new UUID. Reuse one to test the plugin's idempotency. */
  authEventId?: string
  /** Default now, ISO-8601 UTC without fractional seconds. */
  timestamp?: string
  location?: "ENTRY" | "MANUAL_IN_STORE"
  /** Default "OPTICAL"; null leaves the field out. */
  keyChannel?: string | null
}

export type AuthEvent = {
  id: string
  timestamp: string
  location: "ENTRY" | "MANUAL_IN_STORE"
  payloadType: "SCAN_CODE" | "FINANCIAL"
  scanResult?: { id: string; type: VisitorType }
}

export type AuthEventInput = Partial<AuthEvent> & { scanResult?: { id: string; type: VisitorType } }

export type CartItemInput = {
  /** The catalog item_sku (type SKU) or the scanned code (type SCANCODE). */
  id: string
  /** Default "SKU". */
  type?: "SKU" | "SCANCODE"
  /** Default "1.0" of "unit"; a string is a value of "unit". */
  quantity?: string | { value: string; unit: string }
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

export type PurchaseCartItem = {
  id: string
  type: "SKU" | "SCANCODE"
  quantity: { value: string; unit: string }
  externalIdentifiers?: { id: string; type: string }[]
  lineItemId?: string
}

export type PurchaseRequest = {
  requestId: string
  idempotentShoppingTripId: string
  storeId: string
  shoppingTrip: { startTime: string; endTime: string; authEvents: AuthEvent[] }
  cartItems: PurchaseCartItem[]
  shopperIdentity?: { id: string }
  shopperDeviceId?: string
  paymentSource?: { id: string }
}

export type CreatePurchaseInput = GatewayTarget & {
  storeId: string
  /** Default a new UUID. Reuse one to replay the trip (Amazon retries). */
  idempotentShoppingTripId?: string
  /** Who entered; see `authEventFrom` to build one from a `verifyIdentity` result. */
  authEvents: AuthEventInput[]
  cartItems: CartItemInput[]
  /** Default 10 minutes before `endTime`. */
  startTime?: string
  /** Default now. */
  endTime?: string
  shopperIdentity?: { id: string }
  shopperDeviceId?: string
  paymentSource?: { id: string }
  /**
   * The sandbox's URL (e.g. http://127.0.0.1:4010). When given, the trip is registered there BEFORE the plugin is
   * called, so the plugin's Checkout call (which may come at once, from background work) finds the cart.
   */
  sandboxUrl?: string
}

export type CreatePurchaseResult = GatewayResponse<PurchaseRequest> & {
  /** The sandbox's answer to the trip registration (201 new, 200 same cart again, 409 different cart). */
  registration?: { status: number; body: unknown }
}

/** ISO-8601 UTC without fractional seconds, as Amazon's gateways write it. */
export function amazonTimestamp(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")
}

async function postJson(url: string, payload: unknown, headers: Record<string, string>, timeoutMs: number) {
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const text = await res.body.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, body }
}

function target(input: GatewayTarget, route: string) {
  return {
    url: `${input.pluginBaseUrl.replace(/\/+$/, "")}${route}`,
    headers: { [(input.headerName ?? "x-jwo-connector-secret").toLowerCase()]: input.secret },
    timeoutMs: input.timeoutMs ?? 10_000,
  }
}

/** A shopper (or associate) scans their Scan Key Code at the gate: Verify Identity Keys. */
export async function verifyIdentity(input: VerifyIdentityInput): Promise<GatewayResponse<IdentityRequest>> {
  const payload: IdentityRequest = {
    requestId: randomUUID(),
    identityKey: Buffer.from(input.scanCode, "utf8").toString("base64"),
    storeId: input.storeId,
    authEvent: {
      id: input.authEventId ?? randomUUID(),
      timestamp: input.timestamp ?? amazonTimestamp(),
      location: input.location ?? "ENTRY",
    },
    ...(input.keyChannel === null ? {} : { keyChannel: input.keyChannel ?? "OPTICAL" }),
  }
  const t = target(input, "/jwo/v1/identity/identity-keys")
  const res = await postJson(t.url, payload, t.headers, t.timeoutMs)
  return { ...res, request: payload }
}

/**
 * The auth event Create Purchases carries for an entry the plugin answered: same event id and time, and the
 * plugin's `visitorDetails` as `scanResult`.
 */
export function authEventFrom(entry: GatewayResponse<IdentityRequest>): AuthEventInput {
  const body = entry.body as { visitorDetails?: { id?: unknown; type?: unknown } } | undefined
  const visitor = body?.visitorDetails
  return {
    id: entry.request.authEvent.id,
    timestamp: entry.request.authEvent.timestamp,
    location: entry.request.authEvent.location,
    payloadType: "SCAN_CODE",
    ...(visitor && typeof visitor.id === "string"
      ? { scanResult: { id: visitor.id, type: (visitor.type as VisitorType) ?? "SHOPPER" } }
      : {}),
  }
}

export function toPurchaseCartItem(item: CartItemInput): PurchaseCartItem {
  const quantity =
    item.quantity === undefined
      ? { value: "1.0", unit: "unit" }
      : typeof item.quantity === "string"
        ? { value: item.quantity, unit: "unit" }
        : item.quantity
  return {
    id: item.id,
    type: item.type ?? "SKU",
    quantity,
    ...(item.externalIdentifiers ? { externalIdentifiers: item.externalIdentifiers } : {}),
    ...(item.lineItemId ? { lineItemId: item.lineItemId } : {}),
  }
}

/** The shopper leaves: Create Purchases with the virtual cart (and, with `sandboxUrl`, the trip registered first). */
export async function createPurchase(input: CreatePurchaseInput): Promise<CreatePurchaseResult> {
  const endMs = input.endTime ? Date.parse(input.endTime) : Date.now()
  const endTime = input.endTime ?? amazonTimestamp(endMs)
  const startTime = input.startTime ?? amazonTimestamp(endMs - 10 * 60 * 1000)
  const payload: PurchaseRequest = {
    requestId: randomUUID(),
    idempotentShoppingTripId: input.idempotentShoppingTripId ?? randomUUID(),
    storeId: input.storeId,
    shoppingTrip: {
      startTime,
      endTime,
      authEvents: input.authEvents.map((e) => ({
        id: e.id ?? randomUUID(),
        timestamp: e.timestamp ?? startTime,
        location: e.location ?? "ENTRY",
        payloadType: e.payloadType ?? "SCAN_CODE",
        ...(e.scanResult ? { scanResult: e.scanResult } : {}),
      })),
    },
    cartItems: input.cartItems.map(toPurchaseCartItem),
    ...(input.shopperIdentity ? { shopperIdentity: input.shopperIdentity } : {}),
    ...(input.shopperDeviceId ? { shopperDeviceId: input.shopperDeviceId } : {}),
    ...(input.paymentSource ? { paymentSource: input.paymentSource } : {}),
  }

  let registration: CreatePurchaseResult["registration"]
  if (input.sandboxUrl) {
    registration = await postJson(
      `${input.sandboxUrl.replace(/\/+$/, "")}/_sandbox/trips`,
      {
        idempotentShoppingTripId: payload.idempotentShoppingTripId,
        storeId: payload.storeId,
        cartItems: payload.cartItems.map(({ id, type, quantity }) => ({ id, type, quantity })),
      },
      {},
      input.timeoutMs ?? 10_000
    )
    // 409 (a different cart under a known trip id) is left to the caller: it is how replay conflicts are tested.
    if (registration.status >= 400 && registration.status !== 409) {
      throw new Error(`The sandbox refused to register trip ${payload.idempotentShoppingTripId}: ${registration.status} ${JSON.stringify(registration.body)}`)
    }
  }

  const t = target(input, "/jwo/v1/order/purchases")
  const res = await postJson(t.url, payload, t.headers, t.timeoutMs)
  return { ...res, request: payload, ...(registration ? { registration } : {}) }
}

export type WalkShopperInput = GatewayTarget & {
  storeId: string
  /** The shopper's Scan Key Code, as the app shows it (from `POST /store/jwo/scan-keys`). */
  scanCode: string
  cartItems: CartItemInput[]
  /** The sandbox the plugin submits Checkout to: the trip is registered there, and the charge is awaited there. */
  sandboxUrl: string
  /** How long to wait for the plugin's Checkout call to charge the trip. Default 60,000 ms. */
  chargeTimeoutMs?: number
  /** Called at each step, for progress output. */
  onStep?: (step: string) => void
}

/** What the sandbox knows of a trip (`GET /_sandbox/trips/:id`). */
export type SandboxTripView = { charges: number; duplicates: number; orderId: string | null; priceTotal: { amount: string; currencyCode: string } | null }

export type WalkShopperResult = {
  /** "charged": Amazon's Checkout (the sandbox) charged the trip; otherwise the step where the walk stopped. */
  outcome: "charged" | "refused_at_gate" | "purchase_refused" | "not_charged_in_time"
  entry: GatewayResponse<IdentityRequest>
  exit?: CreatePurchaseResult
  /** The sandbox's record of the trip when the walk ended. */
  trip?: SandboxTripView
}

async function sandboxTrip(sandboxUrl: string, tripId: string, timeoutMs: number): Promise<SandboxTripView | undefined> {
  const res = await request(`${sandboxUrl.replace(/\/+$/, "")}/_sandbox/trips/${encodeURIComponent(tripId)}`, {
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  const text = await res.body.text()
  return res.statusCode === 200 ? (JSON.parse(text) as SandboxTripView) : undefined
}

/**
 * One whole shopper journey as Amazon drives it: the gate scans the code (Identity), the shopper walks out with the
 * cart (Create Purchases, the trip registered with the sandbox first), and the plugin's background work submits the
 * priced cart to Checkout, which is awaited at the sandbox until it charged the trip.
 */
export async function walkShopper(input: WalkShopperInput): Promise<WalkShopperResult> {
  const step = input.onStep ?? (() => undefined)
  step(`entry: scanning the Scan Key Code at store ${input.storeId}`)
  const entry = await verifyIdentity(input)
  if (entry.status !== 200) return { outcome: "refused_at_gate", entry }
  step(`entry: gate opened for ${JSON.stringify((entry.body as { visitorDetails?: unknown }).visitorDetails)}`)

  step(`exit: Create Purchases with ${input.cartItems.length} item(s)`)
  const exit = await createPurchase({ ...input, authEvents: [authEventFrom(entry)] })
  if (exit.status !== 201) return { outcome: "purchase_refused", entry, exit }
  const tripId = exit.request.idempotentShoppingTripId
  step(`exit: accepted as purchase ${JSON.stringify((exit.body as { purchaseId?: unknown }).purchaseId)}; waiting for Checkout to charge trip ${tripId}`)

  const deadline = Date.now() + (input.chargeTimeoutMs ?? 60_000)
  let trip: SandboxTripView | undefined
  for (;;) {
    trip = await sandboxTrip(input.sandboxUrl, tripId, input.timeoutMs ?? 10_000)
    if (trip && trip.charges > 0) {
      step(`checkout: charged ${trip.priceTotal?.amount} ${trip.priceTotal?.currencyCode}, Amazon order ${trip.orderId}`)
      return { outcome: "charged", entry, exit, trip }
    }
    if (Date.now() >= deadline) return { outcome: "not_charged_in_time", entry, exit, ...(trip ? { trip } : {}) }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
