/**
 * A short in-process memo of each store's complete pickup (docs/decisions.md "A memo of the store's pickup"): the
 * location and the "Just Walk Out" shipping option that `jwo-ensure-store-pickup` found whole, so that a finished
 * order does not read them again (about 8 queries). An entry holds only for the version of the store row it was
 * found for (`updated_at`), for at most `PICKUP_MEMO_TTL_MS`, and is forgotten when a finishing that used it fails
 * (a shipping option deleted in Medusa Admin: the retry ensures the pickup again) and when the store is changed or
 * deleted on this instance.
 */
export const PICKUP_MEMO_TTL_MS = 60_000

export type MemoPickup = { location_id: string; fulfillment_set_id: string; service_zone_id: string; shipping_option_id: string }

export class PickupMemo {
  private readonly entries = new Map<string, { version: number; until: number; pickup: MemoPickup }>()

  constructor(private readonly ttlMs = PICKUP_MEMO_TTL_MS, private readonly now: () => number = Date.now) {}

  /** The remembered pickup of the store at this version of its row, if still fresh. */
  get(storeId: string, version: string | Date | null | undefined): MemoPickup | null {
    const entry = this.entries.get(storeId)
    if (!entry) return null
    if (entry.until <= this.now() || entry.version !== versionOf(version)) {
      this.entries.delete(storeId)
      return null
    }
    return entry.pickup
  }

  /** Remembers a complete pickup only (a location and a shipping option); anything less is forgotten. */
  set(storeId: string, version: string | Date | null | undefined, pickup: Partial<MemoPickup> & { missing?: string | null }): void {
    const v = versionOf(version)
    if (!pickup.location_id || !pickup.fulfillment_set_id || !pickup.service_zone_id || !pickup.shipping_option_id || pickup.missing || Number.isNaN(v)) {
      this.entries.delete(storeId)
      return
    }
    this.entries.set(storeId, {
      version: v,
      until: this.now() + this.ttlMs,
      pickup: {
        location_id: pickup.location_id,
        fulfillment_set_id: pickup.fulfillment_set_id,
        service_zone_id: pickup.service_zone_id,
        shipping_option_id: pickup.shipping_option_id,
      },
    })
  }

  forget(storeId: string): void {
    this.entries.delete(storeId)
  }
}

/** A store row's version: its `updated_at` in milliseconds (a Date from the ORM, an ISO string from SQL). */
function versionOf(version: string | Date | null | undefined): number {
  if (version === null || version === undefined) return Number.NaN
  return new Date(version).getTime()
}

/** This process's memo. */
export const storePickupMemo = new PickupMemo()
