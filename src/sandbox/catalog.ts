/**
 * Amazon's Upload Catalog and Get Catalog Upload Status (contract §7, §8), as the sandbox plays them. Pure, no I/O.
 */
import { detectBarcode } from "../modules/jwo/catalog-item"

export const MAX_CATALOG_ITEMS = 10_000
export const MAX_CATALOG_FIELD_LENGTH = 255
export const MAX_ADDITIONAL_IDS = 50
export const UNKNOWN_STORE_MESSAGE = "One or more StoreID's present in the request is incorrect"
export const INVALID_BODY_MESSAGE = "Invalid request body"

export type ProcessingStatus = "INQUEUE" | "INPROGRESS" | "DONE" | "CANCELLED" | "FATAL"

/**
 * How an upload moves from INQUEUE through INPROGRESS to DONE.
 * - `polls` (default, deterministic): each status poll counts; `pollsPerStep` polls in each of INQUEUE and
 *   INPROGRESS (default 1: INQUEUE, INPROGRESS, DONE). 0 makes the first poll DONE.
 * - `time`: by time since the upload (`inQueueMs`, `inProgressMs`, default 1000 each).
 */
export type CatalogTiming =
  | { mode: "polls"; pollsPerStep?: number }
  | { mode: "time"; inQueueMs?: number; inProgressMs?: number }

/** One uploaded item as received (every field), with the three the sandbox itself reads typed. */
export type UploadedItem = { item_sku: string; store_id: string; external_product_id: string; [field: string]: unknown }

export type ItemResult = {
  item_sku: string
  store_id: string
  status: "ACCEPTED" | "REJECTED"
  message?: string
}

export type CatalogReport = {
  ingestionId: string
  processingStatus: ProcessingStatus
  summary: { total: number; accepted: number; rejected: number }
  items: ItemResult[]
}

type Obj = Record<string, unknown>
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)

const REQUIRED = ["item_sku", "external_product_id", "item_name", "store_id"] as const

/**
 * Request-level validation: the whole upload is refused (400) for a bad body, too many items, a required field
 * missing or too long, too many additional ids, or a store id this retailer does not have.
 */
export function validateCatalogUpload(
  body: unknown,
  storeIds: readonly string[] | "any"
): { ok: true; items: UploadedItem[] } | { ok: false; message: string } {
  const invalid = (detail?: string) => ({ ok: false as const, message: detail ? `${INVALID_BODY_MESSAGE}: ${detail}` : INVALID_BODY_MESSAGE })
  if (!isObj(body) || !Array.isArray(body.catalogItems)) return invalid("catalogItems must be an array")
  const list = body.catalogItems
  if (list.length === 0) return invalid("catalogItems must not be empty")
  if (list.length > MAX_CATALOG_ITEMS) {
    return { ok: false, message: `Request contains ${list.length} catalog items; at most ${MAX_CATALOG_ITEMS} are allowed per request` }
  }

  const items: UploadedItem[] = []
  for (let i = 0; i < list.length; i++) {
    const item = list[i]
    const path = `catalogItems[${i}]`
    if (!isObj(item)) return invalid(`${path} must be an object`)
    for (const field of REQUIRED) {
      const value = item[field]
      if (typeof value !== "string" || value.trim() === "") return invalid(`${path}.${field} is required`)
    }
    for (const [field, value] of Object.entries(item)) {
      if (value === undefined || value === null) continue
      if (field === "additional_external_product_information") continue
      if (typeof value !== "string") return invalid(`${path}.${field} must be a string`)
      if (value.length > MAX_CATALOG_FIELD_LENGTH) {
        return invalid(`${path}.${field} is longer than ${MAX_CATALOG_FIELD_LENGTH} characters`)
      }
    }
    const additional = item.additional_external_product_information
    if (additional !== undefined && additional !== null) {
      if (!Array.isArray(additional)) return invalid(`${path}.additional_external_product_information must be an array`)
      if (additional.length > MAX_ADDITIONAL_IDS) {
        return invalid(`${path}.additional_external_product_information has ${additional.length} entries; at most ${MAX_ADDITIONAL_IDS} are allowed`)
      }
      for (let j = 0; j < additional.length; j++) {
        const entry = additional[j]
        const id = isObj(entry) ? entry.external_product_id : undefined
        if (typeof id !== "string" || id === "" || id.length > MAX_CATALOG_FIELD_LENGTH) {
          return invalid(`${path}.additional_external_product_information[${j}].external_product_id must be 1 to ${MAX_CATALOG_FIELD_LENGTH} characters`)
        }
      }
    }
    items.push({
      ...item,
      item_sku: item.item_sku as string,
      store_id: item.store_id as string,
      external_product_id: item.external_product_id as string,
    })
  }

  if (storeIds !== "any") {
    const known = new Set(storeIds)
    if (items.some((item) => !known.has(item.store_id))) return { ok: false, message: UNKNOWN_STORE_MESSAGE }
  }
  return { ok: true, items }
}

/**
 * Item-level outcome, as it appears in the report: rejected when its SKU was configured to be rejected, or when its
 * barcode fails the format/check-digit rules of contract §7 (the plugin's own `detectBarcode`).
 */
export function itemResult(item: UploadedItem, rejectedSkus: ReadonlyMap<string, string>): ItemResult {
  const configured = rejectedSkus.get(item.item_sku)
  if (configured !== undefined) return { ...pick(item), status: "REJECTED", message: configured }
  const barcode = detectBarcode(item.external_product_id)
  if (!barcode.ok) return { ...pick(item), status: "REJECTED", message: `external_product_id: ${barcode.message}` }
  return { ...pick(item), status: "ACCEPTED" }
}

function pick(item: UploadedItem) {
  return { item_sku: item.item_sku, store_id: item.store_id }
}

export function buildReport(ingestionId: string, items: UploadedItem[], rejectedSkus: ReadonlyMap<string, string>): CatalogReport {
  const results = items.map((item) => itemResult(item, rejectedSkus))
  const rejected = results.filter((r) => r.status === "REJECTED").length
  return {
    ingestionId,
    processingStatus: "DONE",
    summary: { total: results.length, accepted: results.length - rejected, rejected },
    items: results,
  }
}

/** Where an upload stands after `polls` status polls (this one included) and `elapsedMs` since it was received. */
export function progress(timing: CatalogTiming, polls: number, elapsedMs: number): "INQUEUE" | "INPROGRESS" | "DONE" {
  if (timing.mode === "time") {
    const inQueue = timing.inQueueMs ?? 1000
    const inProgress = timing.inProgressMs ?? 1000
    if (elapsedMs < inQueue) return "INQUEUE"
    return elapsedMs < inQueue + inProgress ? "INPROGRESS" : "DONE"
  }
  const step = timing.pollsPerStep ?? 1
  if (polls <= step) return "INQUEUE"
  return polls <= 2 * step ? "INPROGRESS" : "DONE"
}
