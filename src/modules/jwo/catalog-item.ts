/**
 * Pure mapping of a Medusa product variant to an Amazon Just Walk Out catalog item
 * (contract §7, `POST /v1/catalog/upload`). No I/O: everything here is deterministic
 * and synchronous, so it can be used from workflows, jobs, admin routes and tests alike.
 *
 * Decisions (also summarised in the docs of each function):
 *
 * - Barcode normalisation: surrounding whitespace is stripped, and so are inner whitespace
 *   and hyphens/dashes (people type "0-306-40615-2" or "036000 291452"); a lower-case `x`
 *   becomes `X`. Any other non-digit character makes the code `UNSUPPORTED_FORMAT`.
 *   Leading zeros are significant and kept; codes are never converted between lengths
 *   (a 13-digit "0036000291452" stays an EAN, it is not turned into the UPC it contains),
 *   because Amazon matches the code that is printed on the pack.
 * - 8 digits: checked as EAN-8 first (GS1 mod-10 over the 8 digits) → `EAN8`. If that check
 *   fails and the code is a valid UPC-E (number system 0 or 1, check digit computed on the
 *   UPC-A expansion) it is typed `UPC` and sent as the 8 digits given (Amazon accepts
 *   "UPC (12 or 8 digits)"). A code valid under both schemes is typed `EAN8`; the type is
 *   optional for Amazon, the digits are what matters. Otherwise `BAD_CHECK_DIGIT`.
 * - PLU: 4 digits in 3000–4999, or 5 digits `9xxxx` (organic) / `8xxxx` (the retired GMO
 *   prefix) whose last four digits are in 3000–4999. PLUs have no check digit; anything else
 *   of 4–5 digits is `UNSUPPORTED_FORMAT`.
 * - More than 50 additional barcodes: the first 50 (in order barcode, upc, ean, then
 *   `metadata.jwo_additional_barcodes` order, after de-duplication) are kept, the rest are
 *   dropped, and an `ADDITIONAL_BARCODES_TRUNCATED` warning is returned. The item stays
 *   uploadable: refusing it would stop the primary barcode from working as well.
 * - Lengths are counted in UTF-16 code units (JavaScript `.length`, Java `String.length()`),
 *   which is never less than the number of code points; cuts never split a surrogate pair.
 * - Over-long optional fields: descriptive ones (brand_name, product_category,
 *   product_subcategory) are cut to 255 on a word boundary (`FIELD_TRUNCATED` warning);
 *   code-like ones (product_tax_code) are dropped (`FIELD_DROPPED` warning), because a cut
 *   code would be a different, wrong code. `item_name` is cut the same way (no ellipsis;
 *   `NAME_TRUNCATED` warning). An over-long required identifier (item_sku, store_id) is a
 *   blocking reason.
 */
import { createHash } from "node:crypto"

export const MAX_FIELD_LENGTH = 255
export const MAX_ADDITIONAL_BARCODES = 50

/* ------------------------------------------------------------------ */
/* Amazon types                                                        */
/* ------------------------------------------------------------------ */

export type ExternalProductIdType = "UPC" | "EAN" | "EAN8" | "ISBN" | "GTIN" | "PLU"

export interface AdditionalExternalProductInformation {
  external_product_id: string
  external_product_id_type?: ExternalProductIdType
}

/** One entry of `catalogItems` in Upload Catalog, with Amazon's field names. */
export interface CatalogItem {
  item_sku: string
  external_product_id: string
  /** Optional for Amazon; this mapper always sets it. */
  external_product_id_type?: ExternalProductIdType
  additional_external_product_information?: AdditionalExternalProductInformation[]
  item_name: string
  store_id: string
  standard_price?: string
  brand_name?: string
  product_tax_code?: string
  product_category?: string
  product_subcategory?: string
}

/* ------------------------------------------------------------------ */
/* Barcode detection                                                   */
/* ------------------------------------------------------------------ */

export const BarcodeRejection = {
  EMPTY: "EMPTY",
  UNSUPPORTED_FORMAT: "UNSUPPORTED_FORMAT",
  BAD_CHECK_DIGIT: "BAD_CHECK_DIGIT",
} as const
export type BarcodeRejection = (typeof BarcodeRejection)[keyof typeof BarcodeRejection]

export type BarcodeDetection =
  | { ok: true; id: string; type: ExternalProductIdType }
  | { ok: false; reason: BarcodeRejection; message: string }

const DIGITS = /^\d+$/
const ISBN10 = /^\d{9}[\dX]$/
// Whitespace, hyphen-minus, and the Unicode hyphens/dashes U+2010–U+2015.
const SEPARATORS = /[\s\-\u2010-\u2015]/g

/** GS1 mod-10 check digit for the given payload (all digits but the check digit). */
export function gs1CheckDigit(payload: string): number {
  let sum = 0
  for (let i = 0; i < payload.length; i++) {
    // Weight 3 for the digit next to the check digit, then alternating 1, 3, ...
    const weight = (payload.length - 1 - i) % 2 === 0 ? 3 : 1
    sum += (payload.charCodeAt(i) - 48) * weight
  }
  return (10 - (sum % 10)) % 10
}

function gs1Valid(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48
}

function isbn10CheckChar(payload: string): string {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += (10 - i) * (payload.charCodeAt(i) - 48)
  const check = (11 - (sum % 11)) % 11
  return check === 10 ? "X" : String(check)
}

/**
 * Expands an 8-digit UPC-E (number system, six digits, check digit) to its 12-digit UPC-A,
 * or returns null when the number system is not 0 or 1.
 */
export function upcEToUpcA(upcE: string): string | null {
  if (!/^[01]\d{7}$/.test(upcE)) return null
  const ns = upcE[0]
  const d = upcE.slice(1, 7)
  const check = upcE[7]
  const last = d[5]
  let body: string
  if (last === "0" || last === "1" || last === "2") {
    body = d.slice(0, 2) + last + "0000" + d.slice(2, 5)
  } else if (last === "3") {
    body = d.slice(0, 3) + "00000" + d.slice(3, 5)
  } else if (last === "4") {
    body = d.slice(0, 4) + "00000" + d[4]
  } else {
    body = d.slice(0, 5) + "0000" + last
  }
  return ns + body + check
}

function badCheck(id: string, kind: string, expected: string): BarcodeDetection {
  return {
    ok: false,
    reason: BarcodeRejection.BAD_CHECK_DIGIT,
    message: `"${id}" looks like ${kind} but its check digit is wrong (expected ${expected}).`,
  }
}

function unsupported(raw: string, why: string): BarcodeDetection {
  return {
    ok: false,
    reason: BarcodeRejection.UNSUPPORTED_FORMAT,
    message: `"${raw}" is not a supported barcode: ${why}. Use a UPC (12 or 8 digits), EAN-13, EAN-8, GTIN-14, ISBN-10 or a produce PLU.`,
  }
}

function isPluRange(four: string): boolean {
  const n = Number(four)
  return n >= 3000 && n <= 4999
}

/**
 * Detects the type of a barcode and verifies its check digit.
 * See the module comment for the normalisation, 8-digit and PLU rules.
 */
export function detectBarcode(raw: string): BarcodeDetection {
  if (typeof raw !== "string") {
    return unsupported(String(raw), "it is not text")
  }
  const id = raw.replace(SEPARATORS, "").toUpperCase()
  if (id === "") {
    return { ok: false, reason: BarcodeRejection.EMPTY, message: "The barcode is empty." }
  }
  const shown = raw.trim()

  if (id.length === 10 && ISBN10.test(id)) {
    const expected = isbn10CheckChar(id)
    return id[9] === expected ? { ok: true, id, type: "ISBN" } : badCheck(id, "an ISBN-10", expected)
  }
  if (!DIGITS.test(id)) {
    return unsupported(shown, "it contains characters other than digits")
  }

  switch (id.length) {
    case 4:
      return isPluRange(id)
        ? { ok: true, id, type: "PLU" }
        : unsupported(shown, "a 4-digit produce PLU must be between 3000 and 4999")
    case 5:
      return (id[0] === "9" || id[0] === "8") && isPluRange(id.slice(1))
        ? { ok: true, id, type: "PLU" }
        : unsupported(shown, "a 5-digit produce PLU must be 9 or 8 followed by 3000–4999")
    case 8: {
      if (gs1Valid(id)) return { ok: true, id, type: "EAN8" }
      const upcA = upcEToUpcA(id)
      if (upcA !== null && gs1Valid(upcA)) return { ok: true, id, type: "UPC" }
      const ean8Expected = String(gs1CheckDigit(id.slice(0, 7)))
      return upcA === null
        ? badCheck(id, "an EAN-8", ean8Expected)
        : badCheck(
            id,
            "an EAN-8 or a UPC-E",
            `${ean8Expected} as EAN-8, ${gs1CheckDigit(upcA.slice(0, 11))} as UPC-E`
          )
    }
    case 12:
      return gs1Valid(id)
        ? { ok: true, id, type: "UPC" }
        : badCheck(id, "a UPC-A", String(gs1CheckDigit(id.slice(0, 11))))
    case 13:
      return gs1Valid(id)
        ? { ok: true, id, type: "EAN" }
        : badCheck(id, "an EAN-13", String(gs1CheckDigit(id.slice(0, 12))))
    case 14:
      return gs1Valid(id)
        ? { ok: true, id, type: "GTIN" }
        : badCheck(id, "a GTIN-14", String(gs1CheckDigit(id.slice(0, 13))))
    default:
      return unsupported(shown, `${id.length} digits is not a barcode length`)
  }
}

/* ------------------------------------------------------------------ */
/* Decimal price formatting (no floating point)                        */
/* ------------------------------------------------------------------ */

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

function incrementDigits(digits: string): string {
  const out = digits.split("")
  let i = out.length - 1
  while (i >= 0) {
    if (out[i] === "9") {
      out[i] = "0"
      i--
    } else {
      out[i] = String.fromCharCode(out[i].charCodeAt(0) + 1)
      return out.join("")
    }
  }
  return "1" + out.join("")
}

/**
 * Formats an exact decimal with exactly two decimals, rounding half away from zero
 * ("half-up": 1.005 → "1.01", 2.675 → "2.68", -1.005 → "-1.01") using string arithmetic only.
 * Numbers are read through their shortest round-trip text (`String(2.675)` is "2.675").
 * Returns null for anything that is not a finite decimal.
 */
export function formatPrice2(value: string | number): string | null {
  let text: string
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null
    text = String(value)
  } else if (typeof value === "string") {
    text = value.trim()
  } else {
    return null
  }
  const m = DECIMAL.exec(text)
  if (!m) return null
  const sign = m[1] === "-" ? "-" : ""
  const intPart = m[2] ?? ""
  const fracPart = m[3] ?? ""
  if (intPart === "" && fracPart === "") return null
  const exp = m[4] === undefined ? 0 : Number(m[4])
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 1000) return null

  let digits = intPart + fracPart
  let point = intPart.length + exp
  if (point < 0) {
    digits = "0".repeat(-point) + digits
    point = 0
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length)

  const whole = digits.slice(0, point)
  const frac = digits.slice(point)
  let cents = (whole + (frac + "00").slice(0, 2)).replace(/^0+/, "")
  if (frac.length > 2 && frac.charCodeAt(2) >= 53 /* "5" */) cents = incrementDigits(cents || "0")
  cents = cents.padStart(3, "0")
  const result = `${cents.slice(0, -2)}.${cents.slice(-2)}`
  return sign && /[1-9]/.test(result) ? sign + result : result
}

/* ------------------------------------------------------------------ */
/* Text helpers                                                        */
/* ------------------------------------------------------------------ */

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim()
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

const TRAILING_SEPARATORS = /[\s\-\u2010-\u2015/|,;:]+$/

/**
 * Cuts whitespace-collapsed text to at most `max` UTF-16 code units on a word boundary,
 * dropping separators (" - ", " / ", ",") left dangling at the end. A single word longer
 * than `max` is cut hard (never inside a surrogate pair). No ellipsis is added.
 */
export function cutOnWordBoundary(text: string, max: number = MAX_FIELD_LENGTH): string {
  if (text.length <= max) return text
  let cut: string
  if (/\s/.test(text[max])) {
    cut = text.slice(0, max)
  } else {
    const head = text.slice(0, max)
    const lastSpace = head.search(/\s\S*$/)
    cut = lastSpace > 0 ? head.slice(0, lastSpace) : ""
  }
  cut = cut.replace(TRAILING_SEPARATORS, "")
  if (cut === "") {
    const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max
    cut = text.slice(0, end)
  }
  return cut
}

function nonEmptyString(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined
  const text = collapseWhitespace(value)
  return text === "" ? undefined : text
}

/* ------------------------------------------------------------------ */
/* Variant → catalog item                                              */
/* ------------------------------------------------------------------ */

export const CatalogIssueCode = {
  // Blocking reasons: the item cannot be uploaded.
  MISSING_SKU: "MISSING_SKU",
  SKU_TOO_LONG: "SKU_TOO_LONG",
  MISSING_BARCODE: "MISSING_BARCODE",
  BAD_CHECK_DIGIT: "BAD_CHECK_DIGIT",
  UNSUPPORTED_FORMAT: "UNSUPPORTED_FORMAT",
  MISSING_NAME: "MISSING_NAME",
  MISSING_STORE_ID: "MISSING_STORE_ID",
  STORE_ID_TOO_LONG: "STORE_ID_TOO_LONG",
  INVALID_PRICE: "INVALID_PRICE",
  // Warnings: the item is uploaded, but differs from what is in Medusa.
  SKU_TRIMMED: "SKU_TRIMMED",
  IGNORED_BARCODE: "IGNORED_BARCODE",
  ADDITIONAL_BARCODES_TRUNCATED: "ADDITIONAL_BARCODES_TRUNCATED",
  NAME_TRUNCATED: "NAME_TRUNCATED",
  FIELD_TRUNCATED: "FIELD_TRUNCATED",
  FIELD_DROPPED: "FIELD_DROPPED",
} as const
export type CatalogIssueCode = (typeof CatalogIssueCode)[keyof typeof CatalogIssueCode]

export interface CatalogIssue {
  code: CatalogIssueCode
  /** Human-readable, safe to show in the admin. */
  message: string
  /** The input field the issue is about, e.g. "variant.sku" or "variant.metadata.jwo_additional_barcodes[3]". */
  field?: string
}

export interface VariantInput {
  id: string
  sku?: string | null
  barcode?: string | null
  ean?: string | null
  upc?: string | null
  title?: string | null
  metadata?: Record<string, unknown> | null
}

export interface ProductInput {
  title: string
  subtitle?: string | null
  type?: { value: string } | null
  categories?: { name: string; parent_category?: { name: string } | null }[] | null
  collection?: { title: string } | null
  metadata?: Record<string, unknown> | null
}

export interface MapVariantInput {
  /** The Amazon store id the item is uploaded for. */
  storeId: string
  /** Currency of `price`. Informational: Amazon's `standard_price` carries no currency. */
  currencyCode: string
  variant: VariantInput
  product: ProductInput
  /** Exact decimal in major units (Medusa 2 amounts), e.g. "1.99"; omitted from the item when absent. */
  price?: string | number | null
}

export type CatalogMappingResult =
  | { ok: true; item: CatalogItem; warnings: CatalogIssue[] }
  | { ok: false; reasons: CatalogIssue[]; warnings: CatalogIssue[] }

const DEFAULT_VARIANT_TITLES = new Set(["default", "default variant", "default title"])

function issueFromDetection(
  detection: Extract<BarcodeDetection, { ok: false }>,
  field: string
): CatalogIssue {
  const code =
    detection.reason === BarcodeRejection.BAD_CHECK_DIGIT
      ? CatalogIssueCode.BAD_CHECK_DIGIT
      : CatalogIssueCode.UNSUPPORTED_FORMAT
  return { code, field, message: `${field}: ${detection.message}` }
}

/** Reads `metadata.jwo_additional_barcodes`: an array of strings, or one string split on , ; or newlines. */
function additionalBarcodeCandidates(
  metadata: Record<string, unknown> | null | undefined
): { field: string; value: unknown }[] {
  const raw = metadata?.jwo_additional_barcodes
  const base = "variant.metadata.jwo_additional_barcodes"
  if (raw === undefined || raw === null) return []
  if (Array.isArray(raw)) return raw.map((value, i) => ({ field: `${base}[${i}]`, value }))
  if (typeof raw === "string") {
    return raw
      .split(/[,;\n]/)
      .map((value, i) => ({ field: `${base}[${i}]`, value }))
      .filter((c) => String(c.value).trim() !== "")
  }
  return [{ field: base, value: raw }]
}

function optionalText(
  value: string | undefined,
  field: keyof CatalogItem,
  source: string,
  warnings: CatalogIssue[]
): string | undefined {
  if (value === undefined || value.length <= MAX_FIELD_LENGTH) return value
  warnings.push({
    code: CatalogIssueCode.FIELD_TRUNCATED,
    field: source,
    message: `${field} was longer than ${MAX_FIELD_LENGTH} characters and was cut on a word boundary.`,
  })
  return cutOnWordBoundary(value)
}

/**
 * Maps a Medusa variant (with its product and calculated price) to an Amazon catalog item.
 * All blocking reasons are collected, not just the first. Non-blocking differences
 * (cut fields, ignored or dropped barcodes) are returned as warnings in both outcomes.
 */
export function mapVariantToCatalogItem(input: MapVariantInput): CatalogMappingResult {
  const reasons: CatalogIssue[] = []
  const warnings: CatalogIssue[] = []
  const { variant, product } = input

  // item_sku
  const rawSku = typeof variant.sku === "string" ? variant.sku : ""
  const sku = rawSku.trim()
  if (sku === "") {
    reasons.push({
      code: CatalogIssueCode.MISSING_SKU,
      field: "variant.sku",
      message: "The variant has no SKU; Amazon identifies items by SKU.",
    })
  } else if (sku.length > MAX_FIELD_LENGTH) {
    reasons.push({
      code: CatalogIssueCode.SKU_TOO_LONG,
      field: "variant.sku",
      message: `The SKU is ${sku.length} characters long; Amazon accepts at most ${MAX_FIELD_LENGTH}.`,
    })
  } else if (sku !== rawSku) {
    warnings.push({
      code: CatalogIssueCode.SKU_TRIMMED,
      field: "variant.sku",
      message: "The SKU has surrounding whitespace; it is sent without it.",
    })
  }

  // store_id
  const storeId = typeof input.storeId === "string" ? input.storeId.trim() : ""
  if (storeId === "") {
    reasons.push({
      code: CatalogIssueCode.MISSING_STORE_ID,
      field: "storeId",
      message: "No Amazon store id is configured for this item.",
    })
  } else if (storeId.length > MAX_FIELD_LENGTH) {
    reasons.push({
      code: CatalogIssueCode.STORE_ID_TOO_LONG,
      field: "storeId",
      message: `The store id is ${storeId.length} characters long; Amazon accepts at most ${MAX_FIELD_LENGTH}.`,
    })
  }

  // Barcodes: primary = first valid of barcode, upc, ean.
  type Valid = { id: string; type: ExternalProductIdType }
  const primaryFields = ["barcode", "upc", "ean"] as const
  let primary: Valid | undefined
  const invalidPrimaryFields: CatalogIssue[] = []
  const secondary: { field: string; value: unknown }[] = []
  for (const name of primaryFields) {
    const value = variant[name]
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) continue
    const field = `variant.${name}`
    if (primary === undefined) {
      const detection = detectBarcode(value)
      if (detection.ok) primary = { id: detection.id, type: detection.type }
      else invalidPrimaryFields.push(issueFromDetection(detection, field))
    } else {
      secondary.push({ field, value })
    }
  }
  if (primary === undefined) {
    if (invalidPrimaryFields.length === 0) {
      reasons.push({
        code: CatalogIssueCode.MISSING_BARCODE,
        field: "variant.barcode",
        message: "The variant has no barcode (barcode, UPC or EAN); Amazon needs the code printed on the pack.",
      })
    } else {
      reasons.push(...invalidPrimaryFields)
    }
  } else {
    // A bad code in a field before the valid one is not fatal, but it will not be scanned.
    for (const issue of invalidPrimaryFields) {
      warnings.push({ ...issue, code: CatalogIssueCode.IGNORED_BARCODE })
    }
  }
  secondary.push(...additionalBarcodeCandidates(variant.metadata))

  const additional: AdditionalExternalProductInformation[] = []
  const seen = new Set<string>(primary ? [primary.id] : [])
  let dropped = 0
  for (const candidate of secondary) {
    const detection =
      typeof candidate.value === "string"
        ? detectBarcode(candidate.value)
        : ({
            ok: false,
            reason: BarcodeRejection.UNSUPPORTED_FORMAT,
            message: "the value is not text (write barcodes as strings so leading zeros survive).",
          } as const)
    if (!detection.ok) {
      if (detection.reason !== BarcodeRejection.EMPTY) {
        warnings.push({ ...issueFromDetection(detection, candidate.field), code: CatalogIssueCode.IGNORED_BARCODE })
      }
      continue
    }
    if (seen.has(detection.id)) continue
    seen.add(detection.id)
    if (additional.length >= MAX_ADDITIONAL_BARCODES) {
      dropped++
      continue
    }
    additional.push({ external_product_id: detection.id, external_product_id_type: detection.type })
  }
  if (dropped > 0) {
    warnings.push({
      code: CatalogIssueCode.ADDITIONAL_BARCODES_TRUNCATED,
      field: "variant.metadata.jwo_additional_barcodes",
      message: `Amazon accepts at most ${MAX_ADDITIONAL_BARCODES} additional barcodes per SKU; ${dropped} more were not sent.`,
    })
  }

  // item_name
  const productTitle = nonEmptyString(product.title)
  let variantTitle = nonEmptyString(variant.title)
  if (
    variantTitle !== undefined &&
    (DEFAULT_VARIANT_TITLES.has(variantTitle.toLowerCase()) ||
      (productTitle !== undefined && variantTitle.toLowerCase() === productTitle.toLowerCase()))
  ) {
    variantTitle = undefined
  }
  const fullName = [productTitle, variantTitle].filter((t): t is string => t !== undefined).join(" - ")
  let itemName = ""
  if (fullName === "") {
    reasons.push({
      code: CatalogIssueCode.MISSING_NAME,
      field: "product.title",
      message: "The product has no title; Amazon needs an item name.",
    })
  } else {
    itemName = cutOnWordBoundary(fullName)
    if (itemName !== fullName) {
      warnings.push({
        code: CatalogIssueCode.NAME_TRUNCATED,
        field: "product.title",
        message: `The item name was longer than ${MAX_FIELD_LENGTH} characters and was cut on a word boundary.`,
      })
    }
  }

  // standard_price
  let standardPrice: string | undefined
  if (input.price !== undefined && input.price !== null && input.price !== "") {
    const formatted = formatPrice2(input.price)
    // Negative amounts are refused even when they round to 0.00 ("-0.001").
    const negative = /^\s*-/.test(String(input.price)) && /[1-9]/.test(String(input.price).split(/[eE]/)[0])
    if (formatted === null || negative || formatted.length > MAX_FIELD_LENGTH) {
      reasons.push({
        code: CatalogIssueCode.INVALID_PRICE,
        field: "price",
        message: `The price ${JSON.stringify(String(input.price))} is not a non-negative decimal amount.`,
      })
    } else {
      standardPrice = formatted
    }
  }

  // Optional descriptive fields.
  const metadata = product.metadata ?? {}
  const brandSource = nonEmptyString(metadata.jwo_brand) !== undefined ? "jwo_brand" : "brand"
  const brand = optionalText(
    nonEmptyString(metadata[brandSource]),
    "brand_name",
    `product.metadata.${brandSource}`,
    warnings
  )

  let category: string | undefined
  let subcategory: string | undefined
  let categorySource = "product.categories[0]"
  const firstCategory = (product.categories ?? []).find((c) => nonEmptyString(c?.name) !== undefined)
  if (firstCategory) {
    const own = nonEmptyString(firstCategory.name)
    const parent = nonEmptyString(firstCategory.parent_category?.name)
    if (parent !== undefined) {
      category = parent
      subcategory = own
    } else {
      category = own
    }
  } else if (nonEmptyString(product.type?.value) !== undefined) {
    category = nonEmptyString(product.type?.value)
    categorySource = "product.type"
  } else if (nonEmptyString(product.collection?.title) !== undefined) {
    category = nonEmptyString(product.collection?.title)
    categorySource = "product.collection"
  }
  category = optionalText(category, "product_category", categorySource, warnings)
  subcategory = optionalText(subcategory, "product_subcategory", "product.categories[0]", warnings)

  let taxCode = nonEmptyString(metadata.jwo_product_tax_code)
  if (taxCode !== undefined && taxCode.length > MAX_FIELD_LENGTH) {
    warnings.push({
      code: CatalogIssueCode.FIELD_DROPPED,
      field: "product.metadata.jwo_product_tax_code",
      message: `product_tax_code was longer than ${MAX_FIELD_LENGTH} characters and was not sent (a cut code would be wrong).`,
    })
    taxCode = undefined
  }

  if (reasons.length > 0 || primary === undefined) {
    return { ok: false, reasons, warnings }
  }

  const item: CatalogItem = {
    item_sku: sku,
    external_product_id: primary.id,
    external_product_id_type: primary.type,
    item_name: itemName,
    store_id: storeId,
  }
  if (additional.length > 0) item.additional_external_product_information = additional
  if (standardPrice !== undefined) item.standard_price = standardPrice
  if (brand !== undefined) item.brand_name = brand
  if (taxCode !== undefined) item.product_tax_code = taxCode
  if (category !== undefined) item.product_category = category
  if (subcategory !== undefined) item.product_subcategory = subcategory
  return { ok: true, item, warnings }
}

/* ------------------------------------------------------------------ */
/* Content hash                                                        */
/* ------------------------------------------------------------------ */

/**
 * JSON with object keys sorted at every level (array order is kept); `undefined` object
 * values are omitted, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const text = JSON.stringify(value)
    return text === undefined ? "null" : text
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`
  }
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
  return `{${entries.join(",")}}`
}

/** sha256 (hex) of the item's canonical JSON: equal for equal content, whatever the key order. */
export function catalogItemHash(item: CatalogItem): string {
  return createHash("sha256").update(canonicalJson(item), "utf8").digest("hex")
}
