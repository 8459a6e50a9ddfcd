import { createHash } from "node:crypto"
import {
  CatalogItem,
  MapVariantInput,
  canonicalJson,
  catalogItemHash,
  cutOnWordBoundary,
  detectBarcode,
  formatPrice2,
  mapVariantToCatalogItem,
  upcEToUpcA,
} from "../catalog-item"

/** Independent GS1 mod-10 implementation, used only to build test data. */
function withGs1Check(payload: string): string {
  const digits = payload.split("").map(Number).reverse()
  const sum = digits.reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0)
  return payload + String((10 - (sum % 10)) % 10)
}

function baseInput(overrides: Partial<MapVariantInput> = {}): MapVariantInput {
  return {
    storeId: "STORE-001",
    currencyCode: "usd",
    variant: { id: "variant_1", sku: "SKU-001", barcode: "036000291452", title: "500ml" },
    product: { title: "Sparkling water" },
    price: "1.99",
    ...overrides,
  }
}

describe("detectBarcode", () => {
  it.each([
    ["036000291452", "036000291452", "UPC"],
    ["4006381333931", "4006381333931", "EAN"],
    ["96385074", "96385074", "EAN8"],
    ["10012345678902", "10012345678902", "GTIN"],
    ["0306406152", "0306406152", "ISBN"],
    ["080442957X", "080442957X", "ISBN"],
    ["080442957x", "080442957X", "ISBN"],
    ["4011", "4011", "PLU"],
    ["94011", "94011", "PLU"],
    ["84011", "84011", "PLU"],
    ["04252614", "04252614", "UPC"], // UPC-E of 042100005264, not a valid EAN-8
    ["  036000291452\n", "036000291452", "UPC"],
    ["0-306-40615-2", "0306406152", "ISBN"],
    ["036000 291452", "036000291452", "UPC"],
  ])("accepts %j as %s %s", (raw, id, type) => {
    expect(detectBarcode(raw)).toEqual({ ok: true, id, type })
  })

  it.each([
    ["036000291453", "BAD_CHECK_DIGIT"],
    ["4006381333932", "BAD_CHECK_DIGIT"],
    ["96385075", "BAD_CHECK_DIGIT"],
    ["10012345678903", "BAD_CHECK_DIGIT"],
    ["0306406153", "BAD_CHECK_DIGIT"],
    ["080442958X", "BAD_CHECK_DIGIT"],
    ["04252615", "BAD_CHECK_DIGIT"],
    ["2011", "UNSUPPORTED_FORMAT"], // twin of PLU 4011: PLUs have no check digit, the range is the check
    ["74011", "UNSUPPORTED_FORMAT"],
    ["123", "UNSUPPORTED_FORMAT"],
    ["12345678901", "UNSUPPORTED_FORMAT"],
    ["123456789012345", "UNSUPPORTED_FORMAT"],
    ["ABC123456789", "UNSUPPORTED_FORMAT"],
    ["03600029145X", "UNSUPPORTED_FORMAT"],
    ["   ", "EMPTY"],
  ])("rejects %j with %s", (raw, reason) => {
    const result = detectBarcode(raw)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.reason).toBe(reason)
      expect(result.message.length).toBeGreaterThan(0)
    }
  })

  it("tells the expected check digit", () => {
    expect(detectBarcode("036000291453")).toEqual({
      ok: false,
      reason: "BAD_CHECK_DIGIT",
      message: '"036000291453" looks like a UPC-A but its check digit is wrong (expected 2).',
    })
    expect(detectBarcode("0804429579")).toEqual({
      ok: false,
      reason: "BAD_CHECK_DIGIT",
      message: '"0804429579" looks like an ISBN-10 but its check digit is wrong (expected X).',
    })
    expect(detectBarcode("04252615")).toEqual({
      ok: false,
      reason: "BAD_CHECK_DIGIT",
      message: '"04252615" looks like an EAN-8 or a UPC-E but its check digit is wrong (expected 0 as EAN-8, 4 as UPC-E).',
    })
  })

  it("expands UPC-E to UPC-A", () => {
    expect(upcEToUpcA("04252614")).toBe("042100005264")
    expect(upcEToUpcA("01234565")).toBe("012345000065")
    expect(upcEToUpcA("96385074")).toBeNull()
  })
})

describe("formatPrice2", () => {
  it.each<[string | number, string | null]>([
    [1.005, "1.01"],
    ["1.005", "1.01"],
    [2.675, "2.68"],
    ["2.675", "2.68"],
    ["1.004", "1.00"],
    [0.995, "1.00"],
    ["9.995", "10.00"],
    [12, "12.00"],
    ["0", "0.00"],
    [".5", "0.50"],
    ["1.", "1.00"],
    ["00012.3", "12.30"],
    ["1e-3", "0.00"],
    ["5e-3", "0.01"],
    [1e21, "1000000000000000000000.00"],
    ["123456789012345678901234567890.125", "123456789012345678901234567890.13"],
    ["-1.005", "-1.01"],
    ["-0.001", "0.00"],
    ["abc", null],
    ["", null],
    [".", null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
  ])("formats %j as %j", (value, expected) => {
    expect(formatPrice2(value)).toBe(expected)
  })
})

describe("cutOnWordBoundary", () => {
  it("keeps text that fits", () => {
    expect(cutOnWordBoundary("short text")).toBe("short text")
  })

  it("cuts a single word longer than the limit hard", () => {
    expect(cutOnWordBoundary("x".repeat(300))).toBe("x".repeat(255))
  })

  it("never splits a surrogate pair", () => {
    const text = "a".repeat(254) + "😀" + "b"
    expect(cutOnWordBoundary(text)).toBe("a".repeat(254))
  })
})

describe("mapVariantToCatalogItem", () => {
  it("maps a full variant", () => {
    const result = mapVariantToCatalogItem({
      storeId: " STORE-001 ",
      currencyCode: "usd",
      variant: {
        id: "variant_1",
        sku: "SKU-001",
        barcode: "036000291452",
        upc: "036000291452",
        ean: "4006381333931",
        title: "500ml",
        metadata: { jwo_additional_barcodes: "96385074, 10012345678902,036000291452" },
      },
      product: {
        title: "Sparkling  water",
        categories: [{ name: "Water", parent_category: { name: "Drinks" } }, { name: "Other" }],
        metadata: { brand: "Acme", jwo_product_tax_code: "A_GEN_TAX" },
        type: { value: "Beverage" },
      },
      price: "1.985",
    })
    expect(result).toEqual({
      ok: true,
      warnings: [],
      item: {
        item_sku: "SKU-001",
        external_product_id: "036000291452",
        external_product_id_type: "UPC",
        additional_external_product_information: [
          { external_product_id: "4006381333931", external_product_id_type: "EAN" },
          { external_product_id: "96385074", external_product_id_type: "EAN8" },
          { external_product_id: "10012345678902", external_product_id_type: "GTIN" },
        ],
        item_name: "Sparkling water - 500ml",
        store_id: "STORE-001",
        standard_price: "1.99",
        brand_name: "Acme",
        product_tax_code: "A_GEN_TAX",
        product_category: "Drinks",
        product_subcategory: "Water",
      },
    })
  })

  it("maps a minimal variant without optional fields or price", () => {
    const result = mapVariantToCatalogItem(
      baseInput({ variant: { id: "v", sku: "S", ean: "4006381333931" }, product: { title: "Soap" }, price: null })
    )
    expect(result).toEqual({
      ok: true,
      warnings: [],
      item: {
        item_sku: "S",
        external_product_id: "4006381333931",
        external_product_id_type: "EAN",
        item_name: "Soap",
        store_id: "STORE-001",
      },
    })
  })

  it("uses the first valid of barcode, upc, ean and warns about a bad earlier one", () => {
    const result = mapVariantToCatalogItem(
      baseInput({ variant: { id: "v", sku: "S", barcode: "036000291453", upc: "", ean: "4006381333931" } })
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.item.external_product_id).toBe("4006381333931")
    expect(result.item.additional_external_product_information).toBeUndefined()
    expect(result.warnings.map((w) => [w.code, w.field])).toEqual([["IGNORED_BARCODE", "variant.barcode"]])
  })

  it("takes the category from a parentless category, then the type, then the collection", () => {
    const map = (product: MapVariantInput["product"]) => {
      const result = mapVariantToCatalogItem(baseInput({ product }))
      return result.ok ? [result.item.product_category, result.item.product_subcategory] : null
    }
    expect(map({ title: "P", categories: [{ name: "Snacks", parent_category: null }] })).toEqual(["Snacks", undefined])
    expect(map({ title: "P", categories: [], type: { value: "Food" }, collection: { title: "Summer" } })).toEqual([
      "Food",
      undefined,
    ])
    expect(map({ title: "P", collection: { title: "Summer" } })).toEqual(["Summer", undefined])
    expect(map({ title: "P" })).toEqual([undefined, undefined])
  })

  it("prefers metadata.jwo_brand over metadata.brand", () => {
    const result = mapVariantToCatalogItem(
      baseInput({ product: { title: "P", metadata: { brand: "Acme", jwo_brand: "Acme Foods" } } })
    )
    expect(result.ok && result.item.brand_name).toBe("Acme Foods")
  })

  describe("item_name", () => {
    it.each([
      ["Default", "Sparkling water"],
      ["default variant", "Sparkling water"],
      ["Default Variant", "Sparkling water"],
      ["sparkling WATER", "Sparkling water"],
      ["", "Sparkling water"],
      [null, "Sparkling water"],
      ["1 l", "Sparkling water - 1 l"],
    ])("variant title %j gives %j", (title, expected) => {
      const result = mapVariantToCatalogItem(
        baseInput({ variant: { id: "v", sku: "S", barcode: "036000291452", title } })
      )
      expect(result.ok && result.item.item_name).toBe(expected)
    })

    it("cuts at exactly 255 when a word ends there", () => {
      const title = "aaaaa" + " abcd".repeat(50) // 255 characters
      expect(title.length).toBe(255)
      const result = mapVariantToCatalogItem(
        baseInput({ product: { title: title + " tail words" }, variant: { id: "v", sku: "S", barcode: "036000291452" } })
      )
      expect(result.ok).toBe(true)
      if (!result.ok) return
      expect(result.item.item_name).toBe(title)
      expect(result.item.item_name.length).toBe(255)
      expect(result.warnings.map((w) => w.code)).toEqual(["NAME_TRUNCATED"])
    })

    it("cuts before a word that crosses 255", () => {
      const title = "aaaa" + " abcd".repeat(50) + " crossing" // the last word spans 254..262
      const result = mapVariantToCatalogItem(
        baseInput({ product: { title }, variant: { id: "v", sku: "S", barcode: "036000291452" } })
      )
      expect(result.ok && result.item.item_name).toBe("aaaa" + " abcd".repeat(50))
      expect(result.ok && result.item.item_name.length).toBe(254)
    })

    it("drops a dangling separator when the cut falls in the variant title", () => {
      const productTitle = "word ".repeat(50).trim() // 249 characters
      const result = mapVariantToCatalogItem(
        baseInput({ product: { title: productTitle }, variant: { id: "v", sku: "S", barcode: "036000291452", title: "Large bottle" } })
      )
      expect(result.ok && result.item.item_name).toBe(productTitle)
    })

    it("does not cut a name of exactly 255", () => {
      const title = "x".repeat(255)
      const result = mapVariantToCatalogItem(baseInput({ product: { title }, variant: { id: "v", sku: "S", barcode: "036000291452" } }))
      expect(result).toEqual(expect.objectContaining({ ok: true, warnings: [] }))
      expect(result.ok && result.item.item_name).toBe(title)
    })
  })

  describe("standard_price", () => {
    it.each<[string | number | null | undefined, string | undefined]>([
      [1.005, "1.01"],
      ["1.005", "1.01"],
      [2.675, "2.68"],
      ["2.675", "2.68"],
      [3, "3.00"],
      ["0", "0.00"],
      [null, undefined],
      [undefined, undefined],
    ])("price %j gives %j", (price, expected) => {
      const result = mapVariantToCatalogItem(baseInput({ price }))
      expect(result.ok).toBe(true)
      if (result.ok) expect(result.item.standard_price).toBe(expected)
    })

    it.each(["-1", "-0.001", "abc", Number.NaN])("refuses price %j", (price) => {
      const result = mapVariantToCatalogItem(baseInput({ price }))
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.reasons.map((r) => r.code)).toEqual(["INVALID_PRICE"])
    })
  })

  describe("additional barcodes", () => {
    it("keeps 50 of 60, deduplicated and without the primary, and warns", () => {
      const codes = Array.from({ length: 60 }, (_, i) => withGs1Check("400638100" + String(i).padStart(3, "0")))
      const metadata = { jwo_additional_barcodes: ["036000291452", codes[0], ...codes, "  "] }
      const result = mapVariantToCatalogItem(
        baseInput({ variant: { id: "v", sku: "S", barcode: "036000291452", metadata } })
      )
      expect(result.ok).toBe(true)
      if (!result.ok) return
      const additional = result.item.additional_external_product_information ?? []
      expect(additional).toHaveLength(50)
      expect(additional).toEqual(
        codes.slice(0, 50).map((id) => ({ external_product_id: id, external_product_id_type: "EAN" }))
      )
      expect(result.warnings).toEqual([
        {
          code: "ADDITIONAL_BARCODES_TRUNCATED",
          field: "variant.metadata.jwo_additional_barcodes",
          message: "Amazon accepts at most 50 additional barcodes per SKU; 10 more were not sent.",
        },
      ])
    })

    it("ignores invalid and non-string additional barcodes with a warning", () => {
      const result = mapVariantToCatalogItem(
        baseInput({
          variant: {
            id: "v",
            sku: "S",
            barcode: "036000291452",
            metadata: { jwo_additional_barcodes: ["96385075", 96385074, "4011"] },
          },
        })
      )
      expect(result.ok).toBe(true)
      if (!result.ok) return
      expect(result.item.additional_external_product_information).toEqual([
        { external_product_id: "4011", external_product_id_type: "PLU" },
      ])
      expect(result.warnings.map((w) => [w.code, w.field])).toEqual([
        ["IGNORED_BARCODE", "variant.metadata.jwo_additional_barcodes[0]"],
        ["IGNORED_BARCODE", "variant.metadata.jwo_additional_barcodes[1]"],
      ])
    })
  })

  describe("reasons", () => {
    it("reports a missing SKU and a bad barcode together", () => {
      const result = mapVariantToCatalogItem(
        baseInput({ variant: { id: "v", sku: "  ", barcode: "036000291453" } })
      )
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.reasons.map((r) => [r.code, r.field])).toEqual([
        ["MISSING_SKU", "variant.sku"],
        ["BAD_CHECK_DIGIT", "variant.barcode"],
      ])
    })

    it("collects every blocking reason", () => {
      const result = mapVariantToCatalogItem({
        storeId: "",
        currencyCode: "usd",
        variant: { id: "v", sku: "s".repeat(256), barcode: null, upc: null, ean: null, title: "Default" },
        product: { title: "   " },
        price: "x",
      })
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.reasons.map((r) => r.code)).toEqual([
        "SKU_TOO_LONG",
        "MISSING_STORE_ID",
        "MISSING_BARCODE",
        "MISSING_NAME",
        "INVALID_PRICE",
      ])
    })

    it("reports every invalid barcode field when none is valid", () => {
      const result = mapVariantToCatalogItem(
        baseInput({ variant: { id: "v", sku: "S", barcode: "12-AB", upc: "036000291453" } })
      )
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.reasons.map((r) => [r.code, r.field])).toEqual([
        ["UNSUPPORTED_FORMAT", "variant.barcode"],
        ["BAD_CHECK_DIGIT", "variant.upc"],
      ])
    })

    it("accepts a SKU of exactly 255 and trims it with a warning", () => {
      const sku = "s".repeat(255)
      const result = mapVariantToCatalogItem(baseInput({ variant: { id: "v", sku: ` ${sku} `, barcode: "4011" } }))
      expect(result.ok).toBe(true)
      if (!result.ok) return
      expect(result.item.item_sku).toBe(sku)
      expect(result.warnings.map((w) => w.code)).toEqual(["SKU_TRIMMED"])
    })
  })

  describe("over-long optional fields", () => {
    it("cuts descriptive fields and drops the tax code", () => {
      const long = "word ".repeat(60).trim() // 299 characters
      const result = mapVariantToCatalogItem(
        baseInput({
          product: {
            title: "P",
            metadata: { brand: long, jwo_product_tax_code: "T".repeat(256) },
            categories: [{ name: long, parent_category: { name: "Drinks" } }],
          },
        })
      )
      expect(result.ok).toBe(true)
      if (!result.ok) return
      const cut = "word ".repeat(51).trim() // 254 characters
      expect(result.item.brand_name).toBe(cut)
      expect(result.item.product_category).toBe("Drinks")
      expect(result.item.product_subcategory).toBe(cut)
      expect(result.item.product_tax_code).toBeUndefined()
      expect(result.warnings.map((w) => [w.code, w.field])).toEqual([
        ["FIELD_TRUNCATED", "product.metadata.brand"],
        ["FIELD_TRUNCATED", "product.categories[0]"],
        ["FIELD_DROPPED", "product.metadata.jwo_product_tax_code"],
      ])
    })
  })
})

describe("catalogItemHash", () => {
  const item: CatalogItem = {
    item_sku: "SKU-001",
    external_product_id: "036000291452",
    external_product_id_type: "UPC",
    additional_external_product_information: [
      { external_product_id: "4006381333931", external_product_id_type: "EAN" },
    ],
    item_name: "Sparkling water - 500ml",
    store_id: "STORE-001",
    standard_price: "1.99",
  }

  it("is the sha256 of the canonical JSON", () => {
    const canonical =
      '{"additional_external_product_information":[{"external_product_id":"4006381333931","external_product_id_type":"EAN"}],' +
      '"external_product_id":"036000291452","external_product_id_type":"UPC","item_name":"Sparkling water - 500ml",' +
      '"item_sku":"SKU-001","standard_price":"1.99","store_id":"STORE-001"}'
    expect(canonicalJson(item)).toBe(canonical)
    expect(catalogItemHash(item)).toBe(createHash("sha256").update(canonical, "utf8").digest("hex"))
    expect(catalogItemHash(item)).toMatch(/^[0-9a-f]{64}$/)
  })

  it("does not depend on key order or undefined fields", () => {
    const reordered: CatalogItem = {
      standard_price: "1.99",
      store_id: "STORE-001",
      item_name: "Sparkling water - 500ml",
      additional_external_product_information: [
        { external_product_id_type: "EAN", external_product_id: "4006381333931" },
      ],
      external_product_id_type: "UPC",
      external_product_id: "036000291452",
      item_sku: "SKU-001",
      brand_name: undefined,
    }
    expect(catalogItemHash(reordered)).toBe(catalogItemHash(item))
  })

  it("changes when a field changes", () => {
    const base = catalogItemHash(item)
    expect(catalogItemHash({ ...item, standard_price: "2.00" })).not.toBe(base)
    expect(catalogItemHash({ ...item, item_name: "Sparkling water - 1l" })).not.toBe(base)
    expect(catalogItemHash({ ...item, brand_name: "Acme" })).not.toBe(base)
    expect(catalogItemHash({ ...item, additional_external_product_information: [] })).not.toBe(base)
  })

  it("is the same for two mappings of the same variant", () => {
    const a = mapVariantToCatalogItem(baseInput())
    const b = mapVariantToCatalogItem(baseInput())
    expect(a.ok && b.ok).toBe(true)
    if (a.ok && b.ok) expect(catalogItemHash(a.item)).toBe(catalogItemHash(b.item))
  })
})
