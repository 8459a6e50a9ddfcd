import {
  barcodeForms,
  canonicalJson,
  readQuantity,
  resolveCartItem,
  shopperOf,
  tripFingerprint,
  type CandidateVariant,
  type PurchaseRequest,
} from "../trip"

const request = (): PurchaseRequest => ({
  requestId: "11111111-1111-4111-8111-111111111111",
  idempotentShoppingTripId: "trip-1",
  storeId: "STORE-1",
  shoppingTrip: {
    startTime: "2024-03-22T17:00:00Z",
    endTime: "2024-03-22T17:09:39Z",
    authEvents: [{ id: "e1", payloadType: "SCAN_CODE", scanResult: { id: "cus_1", type: "SHOPPER" } }],
  },
  cartItems: [{ id: "SKU-1", type: "SKU", quantity: { value: "1.0", unit: "unit" } }],
})

describe("tripFingerprint", () => {
  it("ignores requestId and key order, and changes with any content", () => {
    const a = request()
    const b = { ...request(), requestId: "22222222-2222-4222-8222-222222222222" }
    const reordered = JSON.parse(JSON.stringify({ cartItems: a.cartItems, storeId: a.storeId, shoppingTrip: a.shoppingTrip, idempotentShoppingTripId: a.idempotentShoppingTripId, requestId: a.requestId }))
    expect(tripFingerprint(b)).toBe(tripFingerprint(a))
    expect(tripFingerprint(reordered)).toBe(tripFingerprint(a))
    const changed = request()
    changed.cartItems[0].quantity.value = "2.0"
    expect(tripFingerprint(changed)).not.toBe(tripFingerprint(a))
  })
  it("writes canonical JSON with sorted keys and without undefined fields", () => {
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: "x" }] })).toBe('{"a":[{"c":"x"}],"b":1}')
  })
})

describe("shopperOf", () => {
  it("bills the first scanned visitor of a group and counts everyone", () => {
    expect(
      shopperOf([
        { id: "1", payloadType: "FINANCIAL" },
        { id: "2", payloadType: "SCAN_CODE", scanResult: { id: "cus_a", type: "ASSOCIATE" } },
        { id: "3", payloadType: "SCAN_CODE", scanResult: { id: "cus_b" } },
      ])
    ).toEqual({ entry_type: "SCAN_CODE", visitor_id: "cus_a", visitor_type: "ASSOCIATE", group_size: 3 })
  })
  it("makes a card entry a guest, and a scan without result type a SHOPPER", () => {
    expect(shopperOf([{ id: "1", payloadType: "FINANCIAL" }])).toEqual({ entry_type: "FINANCIAL", visitor_id: null, visitor_type: null, group_size: 1 })
    expect(shopperOf([{ id: "1", payloadType: "SCAN_CODE", scanResult: { id: "cus_x" } }]).visitor_type).toBe("SHOPPER")
    expect(shopperOf([])).toEqual({ entry_type: null, visitor_id: null, visitor_type: null, group_size: 1 })
  })
})

describe("readQuantity", () => {
  it("reads whole units", () => {
    expect(readQuantity({ value: "2.0", unit: "unit" })).toEqual({ kind: "count", count: 2 })
    expect(readQuantity({ value: "3", unit: "EACH" })).toEqual({ kind: "count", count: 3 })
    expect(readQuantity({ value: "1.5", unit: "unit" })).toMatchObject({ kind: "invalid" })
  })
  it("converts weights exactly to the unit the variant is priced in", () => {
    expect(readQuantity({ value: "0.455", unit: "kg" })).toEqual({ kind: "measure", amount: "0.455", unit: "kg" })
    expect(readQuantity({ value: "455", unit: "g" })).toEqual({ kind: "measure", amount: "0.455", unit: "kg" })
    expect(readQuantity({ value: "1", unit: "lb" })).toEqual({ kind: "measure", amount: "0.45359237", unit: "kg" })
    expect(readQuantity({ value: "0.45359237", unit: "kg" }, "lb")).toEqual({ kind: "measure", amount: "1", unit: "lb" })
    expect(readQuantity({ value: "1", unit: "litre" })).toMatchObject({ kind: "invalid" })
  })
})

describe("barcodeForms", () => {
  it("treats UPC-A, EAN-13 and GTIN-14 writings of one number as the same", () => {
    expect(barcodeForms("012345678905")).toEqual(expect.arrayContaining(["012345678905", "0012345678905", "00012345678905"]))
    expect(barcodeForms("0012345678905")).toContain("012345678905")
    expect(barcodeForms("4011")).toContain("4011")
    expect(barcodeForms("ABC")).toEqual(["ABC"])
  })
})

describe("resolveCartItem", () => {
  const variant = (over: Partial<CandidateVariant> = {}, product: Partial<CandidateVariant["product"]> = {}): CandidateVariant => ({
    id: "variant_1",
    sku: "SKU-1",
    barcode: "012345678905",
    ean: null,
    upc: null,
    title: "500ml",
    metadata: null,
    ...over,
    product: { id: "prod_1", title: "Water", status: "published", metadata: null, sales_channel_ids: ["sc_1"], ...product },
  })
  const item = (over: Record<string, unknown> = {}) => ({ id: "SKU-1", type: "SKU" as const, quantity: { value: "1.0", unit: "unit" }, ...over })

  it("matches by SKU, by scanned barcode in any padding, and by external identifier", () => {
    expect(resolveCartItem(item(), 0, [variant()], "sc_1")).toMatchObject({ matched: true, variant_id: "variant_1", title: "Water — 500ml" })
    expect(resolveCartItem(item({ id: "0012345678905", type: "SCANCODE" }), 0, [variant()], "sc_1")).toMatchObject({ matched: true })
    expect(resolveCartItem(item({ id: "OTHER", externalIdentifiers: [{ id: "012345678905", type: "UPC" }] }), 0, [variant()], "sc_1")).toMatchObject({ matched: true })
  })
  it("names why a line cannot be priced", () => {
    expect(resolveCartItem(item({ id: "NOPE" }), 0, [variant()], "sc_1")).toMatchObject({ matched: false, problem: "UNKNOWN_ITEM" })
    expect(resolveCartItem(item(), 0, [variant({}, { status: "draft" })], "sc_1")).toMatchObject({ problem: "NOT_PUBLISHED" })
    expect(resolveCartItem(item(), 0, [variant()], "sc_2")).toMatchObject({ problem: "NOT_IN_SALES_CHANNEL" })
    expect(resolveCartItem(item({ id: "012345678905", type: "SCANCODE" }), 0, [variant(), variant({ id: "variant_2", sku: "SKU-2" })], "sc_1")).toMatchObject({ problem: "AMBIGUOUS_ITEM" })
    expect(resolveCartItem(item({ quantity: { value: "0.5", unit: "unit" } }), 0, [variant()], "sc_1")).toMatchObject({ problem: "BAD_QUANTITY" })
  })
  it("prices a weighed line in the unit named by the variant's metadata", () => {
    const weighed = variant({ metadata: { jwo_unit: "lb" } })
    expect(resolveCartItem(item({ quantity: { value: "0.45359237", unit: "kg" } }), 3, [weighed], "sc_1")).toMatchObject({
      index: 3,
      matched: true,
      read: { kind: "measure", amount: "1", unit: "lb" },
    })
  })
})
