import type { CatalogItemStatus, CatalogSyncStatus, CatalogUploadStatus, TripStatus } from "./jwo-types"

export type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

export const TRIP_STATUS_COLORS: Record<TripStatus, BadgeColor> = {
  received: "blue",
  empty: "grey",
  pricing: "blue",
  needs_attention: "orange",
  order_placed: "blue",
  checkout_pending: "blue",
  checkout_rejected: "red",
  charged: "green",
  not_charged: "grey",
  resolved: "purple",
}

export const CATALOG_ITEM_STATUS_COLORS: Record<CatalogItemStatus, BadgeColor> = {
  pending: "blue",
  uploading: "blue",
  accepted: "green",
  rejected: "red",
  invalid: "orange",
  removed: "grey",
}

export const CATALOG_UPLOAD_STATUS_COLORS: Record<CatalogUploadStatus, BadgeColor> = {
  queued: "blue",
  submitted: "blue",
  done: "green",
  rejected: "red",
  failed: "red",
  cancelled: "orange",
  empty: "grey",
}

export const CATALOG_SYNC_STATUS_COLORS: Record<CatalogSyncStatus, BadgeColor> = {
  running: "blue",
  completed: "green",
  failed: "red",
  cancelled: "grey",
}

/** "needs_attention" → "Needs attention". */
export function humanize(value: string | null | undefined): string {
  if (!value) return "—"
  const text = value.replace(/_/g, " ").toLowerCase()
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—"
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString()
}

/** Exact decimal strings are shown as they are, with the currency code. */
export function formatMoney(amount: string | number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—"
  return currency ? `${amount} ${currency.toUpperCase()}` : String(amount)
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`
}

/** The start of a long id, for tables (the full id is in the title attribute). */
export function shortId(id: string | null | undefined, keep = 14): string {
  if (!id) return "—"
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id
}

/** "staff:user_123" → "Staff (user_123)". */
export function formatActor(actor: string | null | undefined): string {
  if (!actor) return "—"
  if (actor.startsWith("staff:")) return `Staff (${actor.slice("staff:".length)})`
  return humanize(actor)
}
