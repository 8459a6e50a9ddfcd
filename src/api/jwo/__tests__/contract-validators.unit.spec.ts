import {
  CART_ITEM_TYPES,
  EXTERNAL_IDENTIFIER_TYPES,
  PAYLOAD_TYPES,
  PurchasesRequest,
  VISITOR_TYPES,
} from "../v1/order/purchases/validators"
import { IdentityKeysRequest, KEY_CHANNELS } from "../v1/identity/identity-keys/validators"
import { AUTH_EVENT_LOCATIONS, isRealUtcTimestamp } from "../contract-fields"

/**
 * Every field rule of Create Purchases and Verify Identity Keys (docs/jwo-contract.md §4 and §5), one case each: the
 * body is Amazon's own example with one field broken, and the refusal must name that field.
 */

/** Amazon's test case CP-1.1 with the optional fields of CP-1.5, 1.6 and 1.12 added. */
const purchase = (): any => ({
  requestId: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  idempotentShoppingTripId: "11111111-2222-3333-4444-555555555555",
  storeId: "STORE-001",
  shoppingTrip: {
    startTime: "2024-03-22T17:00:00Z",
    endTime: "2024-03-22T17:09:39Z",
    authEvents: [
      {
        id: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        timestamp: "2024-03-22T17:00:00Z",
        location: "ENTRY",
        payloadType: "SCAN_CODE",
        scanResult: { id: "shopper-001", type: "SHOPPER" },
      },
    ],
  },
  cartItems: [
    {
      id: "SKU-001",
      type: "SKU",
      quantity: { value: "1.0", unit: "unit" },
      externalIdentifiers: [{ id: "012345678905", type: "UPC" }],
      lineItemId: "line-1",
    },
  ],
  shopperIdentity: { id: "loyalty-001" },
  shopperDeviceId: "device-001",
  paymentSource: { id: "payment-001" },
})

const identity = (): any => ({
  requestId: "f324d09a-f605-4d58-b307-a34e6b47e7af",
  identityKey: "SldPSU1BRzE4YmMwNTU0ZDA0NWE0OGIyOWFmYTllMmFhYWMxNGFl",
  storeId: "STORE-001",
  authEvent: { id: "0b7e2a5c-4f0e-4d8e-9a43-6f1c2d3e4f50", timestamp: "2024-02-09T17:53:57Z", location: "ENTRY" },
  keyChannel: "OPTICAL",
})

type Schema = typeof PurchasesRequest | typeof IdentityKeysRequest
const refusal = (schema: Schema, body: unknown) => {
  const result = schema.safeParse(body)
  if (result.success) return undefined
  return result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }))
}
const pathsOf = (schema: Schema, body: unknown) => refusal(schema, body)?.map((issue) => issue.path)

type Case = [name: string, mutate: (body: any) => unknown, path: string]

describe("Create Purchases field rules", () => {
  it("accepts Amazon's example with every optional field, and with every optional field omitted", () => {
    expect(refusal(PurchasesRequest, purchase())).toBeUndefined()
    const minimal = purchase()
    delete minimal.shopperIdentity
    delete minimal.shopperDeviceId
    delete minimal.paymentSource
    delete minimal.cartItems[0].externalIdentifiers
    delete minimal.cartItems[0].lineItemId
    delete minimal.shoppingTrip.authEvents[0].timestamp
    delete minimal.shoppingTrip.authEvents[0].location
    delete minimal.shoppingTrip.authEvents[0].scanResult
    expect(refusal(PurchasesRequest, minimal)).toBeUndefined()
  })

  it("accepts every value of every enum", () => {
    for (const type of CART_ITEM_TYPES) expect(pathsOf(PurchasesRequest, with_((b) => (b.cartItems[0].type = type)))).toBeUndefined()
    for (const type of EXTERNAL_IDENTIFIER_TYPES) {
      expect(pathsOf(PurchasesRequest, with_((b) => (b.cartItems[0].externalIdentifiers[0].type = type)))).toBeUndefined()
    }
    for (const type of PAYLOAD_TYPES) {
      expect(pathsOf(PurchasesRequest, with_((b) => (b.shoppingTrip.authEvents[0].payloadType = type)))).toBeUndefined()
    }
    for (const type of VISITOR_TYPES) {
      expect(pathsOf(PurchasesRequest, with_((b) => (b.shoppingTrip.authEvents[0].scanResult.type = type)))).toBeUndefined()
    }
    for (const location of AUTH_EVENT_LOCATIONS) {
      expect(pathsOf(PurchasesRequest, with_((b) => (b.shoppingTrip.authEvents[0].location = location)))).toBeUndefined()
    }
  })

  it("accepts an empty cart, a group trip, weighed quantities, fractional seconds and fields at their limits", () => {
    const body = purchase()
    body.cartItems = []
    expect(refusal(PurchasesRequest, body)).toBeUndefined()
    expect(
      refusal(
        PurchasesRequest,
        with_((b) => {
          b.shoppingTrip.authEvents.push({ ...b.shoppingTrip.authEvents[0], id: "second-event" })
          b.cartItems[0].quantity = { value: "0.455", unit: "kg" }
          b.cartItems[0].id = "x".repeat(255)
          b.cartItems[0].quantity.value = "123456.789"
          b.shoppingTrip.endTime = "2024-03-22T17:09:39.123456Z"
          b.shoppingTrip.startTime = "2024-02-29T23:59:59Z"
          b.cartItems[0].id = "Café ☕ 𝄞 ユニコード" // letters outside ASCII, an astral-plane character (a surrogate pair)
        })
      )
    ).toBeUndefined()
  })

  it("ignores unknown fields at every level and drops them", () => {
    const body = with_((b) => {
      b.newTopLevel = { nested: "\u0000" }
      b.shoppingTrip.extra = 1
      b.shoppingTrip.authEvents[0].extra = [1, 2]
      b.cartItems[0].brandNewField = true
      b.cartItems[0].quantity.extra = "x"
    })
    const result = PurchasesRequest.safeParse(body)
    expect(result.success).toBe(true)
    expect(result.data).not.toHaveProperty("newTopLevel")
    expect(result.data!.cartItems[0]).not.toHaveProperty("brandNewField")
  })

  const cases: Case[] = [
    ["an empty body", (b) => Object.keys(b).forEach((k) => delete b[k]), "requestId"],
    ["a missing requestId", (b) => delete b.requestId, "requestId"],
    ["a requestId that is not a UUID (CP-3.2)", (b) => (b.requestId = "not-a-uuid"), "requestId"],
    ["a requestId that is a number", (b) => (b.requestId = 12345), "requestId"],
    ["a missing idempotentShoppingTripId", (b) => delete b.idempotentShoppingTripId, "idempotentShoppingTripId"],
    ["an empty idempotentShoppingTripId", (b) => (b.idempotentShoppingTripId = ""), "idempotentShoppingTripId"],
    ["an idempotentShoppingTripId over 255 characters", (b) => (b.idempotentShoppingTripId = "t".repeat(256)), "idempotentShoppingTripId"],
    ["a missing storeId", (b) => delete b.storeId, "storeId"],
    ["a storeId over 255 characters (CP-3.5)", (b) => (b.storeId = "S".repeat(256)), "storeId"],
    ["a storeId that is an object", (b) => (b.storeId = { id: "STORE-001" }), "storeId"],
    ["a missing shoppingTrip", (b) => delete b.shoppingTrip, "shoppingTrip"],
    ["a shoppingTrip that is an array", (b) => (b.shoppingTrip = []), "shoppingTrip"],
    ["a missing startTime", (b) => delete b.shoppingTrip.startTime, "shoppingTrip.startTime"],
    ["a missing endTime", (b) => delete b.shoppingTrip.endTime, "shoppingTrip.endTime"],
    ["a startTime that is not ISO-8601 UTC (CP-3.9)", (b) => (b.shoppingTrip.startTime = "03/22/2024 17:00"), "shoppingTrip.startTime"],
    ["a startTime with an offset instead of Z", (b) => (b.shoppingTrip.startTime = "2024-03-22T17:00:00+01:00"), "shoppingTrip.startTime"],
    ["a startTime without seconds", (b) => (b.shoppingTrip.startTime = "2024-03-22T17:00Z"), "shoppingTrip.startTime"],
    ["a startTime on a day that does not exist", (b) => (b.shoppingTrip.startTime = "2024-02-30T17:00:00Z"), "shoppingTrip.startTime"],
    ["a startTime at hour 24", (b) => (b.shoppingTrip.startTime = "2024-03-22T24:00:00Z"), "shoppingTrip.startTime"],
    ["an endTime in month 13", (b) => (b.shoppingTrip.endTime = "2024-13-01T00:00:00Z"), "shoppingTrip.endTime"],
    ["an endTime that is a number", (b) => (b.shoppingTrip.endTime = 1711127379), "shoppingTrip.endTime"],
    ["an endTime before startTime (CP-3.10)", (b) => (b.shoppingTrip.endTime = "2024-03-22T16:59:59Z"), "shoppingTrip.endTime"],
    ["a missing authEvents (CP-3.11)", (b) => delete b.shoppingTrip.authEvents, "shoppingTrip.authEvents"],
    ["authEvents that is an object", (b) => (b.shoppingTrip.authEvents = {}), "shoppingTrip.authEvents"],
    ["an auth event that is a string", (b) => (b.shoppingTrip.authEvents = ["ENTRY"]), "shoppingTrip.authEvents.0"],
    ["a missing authEvents[].id (CP-3.12)", (b) => delete b.shoppingTrip.authEvents[0].id, "shoppingTrip.authEvents.0.id"],
    ["a badly formed authEvents[].id (CP-3.13)", (b) => (b.shoppingTrip.authEvents[0].id = "not an id!"), "shoppingTrip.authEvents.0.id"],
    ["an authEvents[].id over 255 characters (CP-3.14)", (b) => (b.shoppingTrip.authEvents[0].id = "a".repeat(256)), "shoppingTrip.authEvents.0.id"],
    ["an authEvents[].timestamp that is not ISO-8601 UTC", (b) => (b.shoppingTrip.authEvents[0].timestamp = "now"), "shoppingTrip.authEvents.0.timestamp"],
    ["a missing payloadType (CP-3.15)", (b) => delete b.shoppingTrip.authEvents[0].payloadType, "shoppingTrip.authEvents.0.payloadType"],
    ["an unknown payloadType (CP-3.16)", (b) => (b.shoppingTrip.authEvents[0].payloadType = "FACE"), "shoppingTrip.authEvents.0.payloadType"],
    ["a payloadType in lower case", (b) => (b.shoppingTrip.authEvents[0].payloadType = "scan_code"), "shoppingTrip.authEvents.0.payloadType"],
    ["an unknown location (CP-3.17)", (b) => (b.shoppingTrip.authEvents[0].location = "EXIT"), "shoppingTrip.authEvents.0.location"],
    ["a scanResult that is a string", (b) => (b.shoppingTrip.authEvents[0].scanResult = "SHOPPER"), "shoppingTrip.authEvents.0.scanResult"],
    ["an unknown scanResult.type (CP-3.29)", (b) => (b.shoppingTrip.authEvents[0].scanResult.type = "VIP"), "shoppingTrip.authEvents.0.scanResult.type"],
    ["a scanResult.id over 255 characters (CP-3.30)", (b) => (b.shoppingTrip.authEvents[0].scanResult.id = "v".repeat(256)), "shoppingTrip.authEvents.0.scanResult.id"],
    ["a missing cartItems (CP-3.18)", (b) => delete b.cartItems, "cartItems"],
    ["cartItems that is null", (b) => (b.cartItems = null), "cartItems"],
    ["a cart item that is a number", (b) => (b.cartItems = [1]), "cartItems.0"],
    ["a missing cartItems[].id (CP-3.19)", (b) => delete b.cartItems[0].id, "cartItems.0.id"],
    ["a cartItems[].id over 255 characters (CP-3.20)", (b) => (b.cartItems[0].id = "x".repeat(256)), "cartItems.0.id"],
    ["an empty cartItems[].id", (b) => (b.cartItems[0].id = ""), "cartItems.0.id"],
    ["a missing cartItems[].type (CP-3.21)", (b) => delete b.cartItems[0].type, "cartItems.0.type"],
    ["an unknown cartItems[].type (CP-3.22)", (b) => (b.cartItems[0].type = "EAN"), "cartItems.0.type"],
    ["a missing quantity (CP-3.23)", (b) => delete b.cartItems[0].quantity, "cartItems.0.quantity"],
    ["a quantity that is a string", (b) => (b.cartItems[0].quantity = "1.0"), "cartItems.0.quantity"],
    ["a missing quantity.value (CP-3.24)", (b) => delete b.cartItems[0].quantity.value, "cartItems.0.quantity.value"],
    ["a quantity.value over 10 characters (CP-3.25)", (b) => (b.cartItems[0].quantity.value = "1.000000000"), "cartItems.0.quantity.value"],
    ["a quantity.value that is a number", (b) => (b.cartItems[0].quantity.value = 1), "cartItems.0.quantity.value"],
    ["a non-numeric quantity.value", (b) => (b.cartItems[0].quantity.value = "abc"), "cartItems.0.quantity.value"],
    ["a negative quantity.value", (b) => (b.cartItems[0].quantity.value = "-1"), "cartItems.0.quantity.value"],
    ["a quantity.value in exponent notation", (b) => (b.cartItems[0].quantity.value = "1e3"), "cartItems.0.quantity.value"],
    ["a zero quantity.value", (b) => (b.cartItems[0].quantity.value = "0.0"), "cartItems.0.quantity.value"],
    ["a missing quantity.unit (CP-3.26)", (b) => delete b.cartItems[0].quantity.unit, "cartItems.0.quantity.unit"],
    ["an empty quantity.unit", (b) => (b.cartItems[0].quantity.unit = ""), "cartItems.0.quantity.unit"],
    ["an unknown externalIdentifiers[].type (CP-3.27)", (b) => (b.cartItems[0].externalIdentifiers[0].type = "INVALID_TYPE"), "cartItems.0.externalIdentifiers.0.type"],
    ["an externalIdentifiers[].type in lower case", (b) => (b.cartItems[0].externalIdentifiers[0].type = "upc"), "cartItems.0.externalIdentifiers.0.type"],
    ["a missing externalIdentifiers[].type", (b) => delete b.cartItems[0].externalIdentifiers[0].type, "cartItems.0.externalIdentifiers.0.type"],
    ["an externalIdentifiers[].id over 255 characters (CP-3.28)", (b) => (b.cartItems[0].externalIdentifiers[0].id = "1".repeat(256)), "cartItems.0.externalIdentifiers.0.id"],
    ["a missing externalIdentifiers[].id", (b) => delete b.cartItems[0].externalIdentifiers[0].id, "cartItems.0.externalIdentifiers.0.id"],
    ["externalIdentifiers that is an object", (b) => (b.cartItems[0].externalIdentifiers = { id: "1", type: "UPC" }), "cartItems.0.externalIdentifiers"],
    ["a lineItemId over 255 characters (CP-3.33)", (b) => (b.cartItems[0].lineItemId = "l".repeat(256)), "cartItems.0.lineItemId"],
    ["a duplicate lineItemId (CP-3.34)", (b) => b.cartItems.push({ ...b.cartItems[0] }), "cartItems.1.lineItemId"],
    ["a shopperIdentity.id over 255 characters (CP-3.31)", (b) => (b.shopperIdentity.id = "s".repeat(256)), "shopperIdentity.id"],
    ["a shopperIdentity that is a string", (b) => (b.shopperIdentity = "loyalty-001"), "shopperIdentity"],
    ["a shopperDeviceId over 255 characters (CP-3.32)", (b) => (b.shopperDeviceId = "d".repeat(256)), "shopperDeviceId"],
    ["a paymentSource.id over 255 characters", (b) => (b.paymentSource.id = "p".repeat(256)), "paymentSource.id"],
  ]
  it.each(cases)("refuses %s, naming the field", (_name, mutate, path) => {
    expect(pathsOf(PurchasesRequest, with_(mutate))).toContain(path)
  })

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "text", 42, true, undefined]) {
      expect(refusal(PurchasesRequest, body)).toEqual([{ path: "", message: "The request body must be a JSON object" }])
    }
  })

  it("says what was wrong with an unknown externalIdentifiers[].type, listing the values it accepts", () => {
    expect(refusal(PurchasesRequest, with_((b) => (b.cartItems[0].externalIdentifiers[0].type = "QR")))).toEqual([
      {
        path: "cartItems.0.externalIdentifiers.0.type",
        message: "cartItems[].externalIdentifiers[].type must be one of UPC, EAN, EAN8, ISBN, GTIN, PLU",
      },
    ])
  })

  /** Every free-text string of the contract, with how to set it. */
  const textFields: [path: string, set: (body: any, value: string) => void][] = [
    ["idempotentShoppingTripId", (b, v) => (b.idempotentShoppingTripId = v)],
    ["storeId", (b, v) => (b.storeId = v)],
    ["shoppingTrip.authEvents.0.id", (b, v) => (b.shoppingTrip.authEvents[0].id = v)],
    ["shoppingTrip.authEvents.0.scanResult.id", (b, v) => (b.shoppingTrip.authEvents[0].scanResult.id = v)],
    ["cartItems.0.id", (b, v) => (b.cartItems[0].id = v)],
    ["cartItems.0.quantity.unit", (b, v) => (b.cartItems[0].quantity.unit = v)],
    ["cartItems.0.externalIdentifiers.0.id", (b, v) => (b.cartItems[0].externalIdentifiers[0].id = v)],
    ["cartItems.0.lineItemId", (b, v) => (b.cartItems[0].lineItemId = v)],
    ["shopperIdentity.id", (b, v) => (b.shopperIdentity.id = v)],
    ["shopperDeviceId", (b, v) => (b.shopperDeviceId = v)],
    ["paymentSource.id", (b, v) => (b.paymentSource.id = v)],
  ]
  // U+0000 made Postgres refuse the insert (a 500); the others have no place in an id either.
  const controls = ["\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f", "\u0085", "\u009f"]
  const loneSurrogates = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800"]

  it.each(textFields)("refuses a control character in %s, naming the field", (path, set) => {
    for (const control of controls) {
      for (const value of [control, `SKU${control}`, `${control}SKU`]) {
        const issues = refusal(PurchasesRequest, with_((b) => set(b, value)))
        expect(issues).toContainEqual({ path, message: expect.stringContaining("must not contain control characters") })
      }
    }
  })

  it.each(textFields)("refuses a lone surrogate in %s, naming the field", (path, set) => {
    for (const surrogate of loneSurrogates) {
      const issues = refusal(PurchasesRequest, with_((b) => set(b, `A${surrogate}B`)))
      expect(issues).toContainEqual({ path, message: expect.stringContaining("well-formed Unicode") })
    }
  })

  it("reports a NUL in cartItems[].id as one clear error for that field", () => {
    expect(refusal(PurchasesRequest, with_((b) => (b.cartItems[0].id = "\u0000")))).toEqual([
      { path: "cartItems.0.id", message: "cartItems[].id must not contain control characters (U+0000 to U+001F, U+007F to U+009F)" },
    ])
  })

  it("refuses a control character in the enum and format fields too", () => {
    expect(pathsOf(PurchasesRequest, with_((b) => (b.requestId = `${b.requestId}\u0000`)))).toContain("requestId")
    expect(pathsOf(PurchasesRequest, with_((b) => (b.cartItems[0].type = "SKU\u0000")))).toContain("cartItems.0.type")
    expect(pathsOf(PurchasesRequest, with_((b) => (b.cartItems[0].quantity.value = "1.0\u0000")))).toContain("cartItems.0.quantity.value")
    expect(pathsOf(PurchasesRequest, with_((b) => (b.shoppingTrip.startTime = "2024-03-22T17:00:00Z\n")))).toContain("shoppingTrip.startTime")
  })
})

describe("Verify Identity Keys field rules", () => {
  it("accepts Amazon's example, without keyChannel, and with every location", () => {
    expect(refusal(IdentityKeysRequest, identity())).toBeUndefined()
    const body = identity()
    delete body.keyChannel
    expect(refusal(IdentityKeysRequest, body)).toBeUndefined()
    for (const location of AUTH_EVENT_LOCATIONS) {
      const at = identity()
      at.authEvent.location = location
      expect(refusal(IdentityKeysRequest, at)).toBeUndefined()
    }
    for (const channel of KEY_CHANNELS) expect(refusal(IdentityKeysRequest, { ...identity(), keyChannel: channel })).toBeUndefined()
  })

  const cases: Case[] = [
    ["a missing requestId", (b) => delete b.requestId, "requestId"],
    ["a requestId that is not a UUID", (b) => (b.requestId = "f324d09a-f605-4d58-b307"), "requestId"],
    ["a missing identityKey", (b) => delete b.identityKey, "identityKey"],
    ["an empty identityKey", (b) => (b.identityKey = ""), "identityKey"],
    ["an identityKey over 1000 characters", (b) => (b.identityKey = "QUFB".repeat(251)), "identityKey"],
    ["an identityKey that is not Base64", (b) => (b.identityKey = "not base64!"), "identityKey"],
    ["an identityKey with broken Base64 padding", (b) => (b.identityKey = "QUFBQ="), "identityKey"],
    ["an identityKey that is a number", (b) => (b.identityKey = 1234), "identityKey"],
    ["a missing storeId", (b) => delete b.storeId, "storeId"],
    ["a storeId over 255 characters", (b) => (b.storeId = "S".repeat(256)), "storeId"],
    ["a missing authEvent", (b) => delete b.authEvent, "authEvent"],
    ["an authEvent that is a string", (b) => (b.authEvent = "ENTRY"), "authEvent"],
    ["a missing authEvent.id", (b) => delete b.authEvent.id, "authEvent.id"],
    ["an authEvent.id that is not a UUID", (b) => (b.authEvent.id = "event-1"), "authEvent.id"],
    ["a missing authEvent.timestamp", (b) => delete b.authEvent.timestamp, "authEvent.timestamp"],
    ["an authEvent.timestamp that is not ISO-8601 UTC", (b) => (b.authEvent.timestamp = "2024-02-09 17:53:57"), "authEvent.timestamp"],
    ["an authEvent.timestamp on a day that does not exist", (b) => (b.authEvent.timestamp = "2023-02-29T17:53:57Z"), "authEvent.timestamp"],
    ["a missing authEvent.location", (b) => delete b.authEvent.location, "authEvent.location"],
    ["an unknown authEvent.location", (b) => (b.authEvent.location = "EXIT"), "authEvent.location"],
    ["an unknown keyChannel", (b) => (b.keyChannel = "NFC"), "keyChannel"],
    ["a keyChannel in lower case", (b) => (b.keyChannel = "optical"), "keyChannel"],
    ["a NUL in storeId", (b) => (b.storeId = "STORE\u0000"), "storeId"],
    ["a control character in storeId", (b) => (b.storeId = "STORE\u001b[31m"), "storeId"],
    ["a lone surrogate in storeId", (b) => (b.storeId = "STORE\uD800"), "storeId"],
    ["a NUL in identityKey", (b) => (b.identityKey = "QUFB\u0000"), "identityKey"],
    ["a NUL in authEvent.id", (b) => (b.authEvent.id = `${b.authEvent.id}\u0000`), "authEvent.id"],
  ]
  it.each(cases)("refuses %s, naming the field", (_name, mutate, path) => {
    const body = identity()
    mutate(body)
    expect(pathsOf(IdentityKeysRequest, body)).toContain(path)
  })

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "text", 42]) {
      expect(refusal(IdentityKeysRequest, body)).toEqual([{ path: "", message: "The request body must be a JSON object" }])
    }
  })

  it("says that a missing field is required and an unknown keyChannel is not OPTICAL", () => {
    const body = identity()
    delete body.authEvent.location
    body.keyChannel = "NFC"
    expect(refusal(IdentityKeysRequest, body)).toEqual([
      { path: "authEvent.location", message: "authEvent.location is required" },
      { path: "keyChannel", message: "keyChannel must be one of OPTICAL" },
    ])
  })
})

describe("isRealUtcTimestamp", () => {
  it("accepts real instants, leap days and fractional seconds", () => {
    for (const value of ["2024-02-09T17:53:57Z", "2024-02-29T00:00:00Z", "2000-02-29T23:59:59.999Z", "1999-12-31T23:59:59.123456789Z"]) {
      expect(isRealUtcTimestamp(value)).toBe(true)
    }
  })

  it("refuses days, hours, minutes and seconds that do not exist", () => {
    for (const value of [
      "2023-02-29T00:00:00Z",
      "2024-04-31T00:00:00Z",
      "2024-00-10T00:00:00Z",
      "2024-01-00T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T23:60:00Z",
      "2024-01-01T23:59:60Z",
      "2024-01-01T00:00:00",
      "2024-01-01",
    ]) {
      expect(isRealUtcTimestamp(value)).toBe(false)
    }
  })
})

function with_(mutate: (body: any) => unknown) {
  const body = purchase()
  mutate(body)
  return body
}
