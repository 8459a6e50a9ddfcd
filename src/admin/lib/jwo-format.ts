import {
  ENTRY_REASON_TEXTS,
  LINE_PROBLEM_TEXTS,
  TRIP_STATUS_HELP,
  TRIP_STATUS_LABELS,
  type CatalogItemStatus,
  type CatalogStoreState,
  type CatalogSyncStatus,
  type CatalogUploadStatus,
  type CustomerRef,
  type JwoCatalogSync,
  type Timestamp,
  type TripStatus,
  type UserRef,
} from "../../types"

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

export const CATALOG_SYNC_STATUS_COLORS: Record<CatalogSyncStatus | "uploading", BadgeColor> = {
  running: "blue",
  uploading: "blue",
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

/** The one label of a trip status, everywhere. */
export function tripStatusLabel(status: string | null | undefined): string {
  if (!status) return "—"
  return TRIP_STATUS_LABELS[status as TripStatus] ?? humanize(status)
}

export function tripStatusHelp(status: string | null | undefined): string | undefined {
  return status ? TRIP_STATUS_HELP[status as TripStatus] : undefined
}

export function entryReasonText(reason: string | null | undefined): string | undefined {
  return reason ? (ENTRY_REASON_TEXTS as Record<string, string>)[reason] : undefined
}

export function lineProblemText(problem: string | null | undefined): string | undefined {
  return problem ? (LINE_PROBLEM_TEXTS as Record<string, string>)[problem] : undefined
}

export function formatDateTime(value: Timestamp | null | undefined): string {
  if (!value) return "—"
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString()
}

/** "3 s", "4 min", "2 h 5 min" for a duration in milliseconds. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—"
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`
  const min = Math.floor(s / 60)
  if (min < 60) return `${min} min ${Math.round(s % 60)} s`
  return `${Math.floor(min / 60)} h ${min % 60} min`
}

/** Digits of the currency's minor unit (USD 2, JPY 0), as the browser's Intl knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * An exact decimal string rounded half-up (away from zero) to `digits`, on the digits themselves: no float ever
 * touches the amount, so the display rounds as Medusa and the Checkout charge do (docs/money.md).
 */
export function roundDecimal(value: string | number, digits: number): string {
  const text = typeof value === "number" ? String(value) : value.trim()
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text)
  if (!match) return text
  let [, sign, int, frac = ""] = match
  const exp = match[4] ? Number(match[4]) : 0
  let digitsAll = (int || "0") + frac
  let point = (int || "0").length + exp
  if (point < 0) {
    digitsAll = "0".repeat(-point) + digitsAll
    point = 0
  }
  if (point > digitsAll.length) digitsAll = digitsAll + "0".repeat(point - digitsAll.length)
  const keep = point + digits
  let kept = digitsAll.slice(0, keep).padEnd(keep, "0")
  const next = digitsAll.charAt(keep)
  if (next && next >= "5") {
    // add one at the last kept digit
    const chars = kept.split("")
    let i = chars.length - 1
    while (i >= 0) {
      if (chars[i] === "9") {
        chars[i] = "0"
        i--
      } else {
        chars[i] = String(Number(chars[i]) + 1)
        break
      }
    }
    kept = (i < 0 ? "1" : "") + chars.join("")
    if (i < 0) point += 1
  }
  const intPart = kept.slice(0, kept.length - digits).replace(/^0+(?=\d)/, "") || "0"
  const fracPart = digits > 0 ? kept.slice(kept.length - digits) : ""
  const isZero = /^0*$/.test(intPart + fracPart)
  return `${sign === "-" && !isZero ? "-" : ""}${intPart}${fracPart ? `.${fracPart}` : ""}`
}

/**
 * Money for display: rounded to the currency's minor unit ("$12.94"); `exact` gives the figure as stored
 * ("12.935983125 USD") for the hover.
 */
export function formatMoney(amount: string | number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "—"
  if (!currency) return String(amount)
  const code = currency.toUpperCase()
  const digits = currencyDigits(code)
  const rounded = roundDecimal(amount, digits)
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: code,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(Number(rounded))
  } catch {
    return `${rounded} ${code}`
  }
}

export function exactMoney(amount: string | number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return ""
  return `${amount}${currency ? ` ${currency.toUpperCase()}` : ""} (exact)`
}

export function formatPercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 1000) / 10}%`
}

/** The start of a long id, for tables (the full id is in the title attribute). */
export function shortId(id: string | null | undefined, keep = 14): string {
  if (!id) return "—"
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id
}

/** "Alex Rivera", else the email, else the id. */
export function personName(person: CustomerRef | UserRef | null | undefined, fallbackId?: string | null): string {
  if (!person) return fallbackId ?? "—"
  const name = [person.first_name, person.last_name].filter(Boolean).join(" ")
  return name || person.email || person.id
}

/** Who made a move: "Robin Staff", "Amazon", "The plugin". */
export function formatActor(actor: string | null | undefined, user?: UserRef | null): string {
  if (!actor) return "—"
  if (actor.startsWith("staff")) return user ? personName(user) : "Staff"
  if (actor === "amazon") return "Amazon"
  if (actor === "system") return "The plugin"
  return humanize(actor)
}

/** A weighed quantity "0.455 kg" or a count "2 × "; the value as Amazon sent it, without trailing ".0" for counts. */
export function formatQuantity(quantity: { value: string; unit: string } | undefined): string {
  if (!quantity) return "—"
  const unit = quantity.unit.trim().toLowerCase()
  if (["unit", "units", "each", "ea", "item", "items", "piece", "pieces", "pc", "pcs", "count"].includes(unit)) {
    return `${quantity.value.replace(/\.0+$/, "")} ×`
  }
  return `${quantity.value} ${quantity.unit}`
}

/**
 * What a finished full sync is, as staff should read it: a sync "completes" when every product has been compared and
 * queued, but its items may still be on their way to Amazon. Until none is pending or uploading it shows as uploading.
 */
export function syncShownStatus(
  sync: Pick<JwoCatalogSync, "status">,
  state: Pick<CatalogStoreState, "totals">
): JwoCatalogSync["status"] | "uploading" {
  if (sync.status === "completed" && (state.totals.uploading ?? 0) + (state.totals.pending ?? 0) > 0) return "uploading"
  return sync.status
}
