import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { setTimeout as sleep } from "node:timers/promises"
import { randomUUID } from "node:crypto"

/**
 * Medusa's stock steps (reservations, inventory adjustments, fulfilment) lock the inventory items with
 * `locking.execute`, which waits only 5 s for a key. A key whose holder died stays locked for Medusa's 60 s lease,
 * and a waiter that times out keeps the keys of the set it had already taken, for a whole lease too. So one worker
 * killed inside a reservation used to start a convoy: each trip with overlapping goods timed out and left more keys
 * behind; the chaos run found trips still `pricing` five minutes after the last kill, all on
 * "Timed-out acquiring lock.".
 *
 * Before Medusa takes a trip's inventory keys, the plugin waits until all of them are free at once, without holding
 * them: it takes them under its own owner and gives them straight back (also a part it got when another is held).
 * A dead holder's keys are then waited out once (at most their lease), and no waiter of ours leaves keys behind.
 */
export const STOCK_KEYS_WAIT = {
  /** Before the store's stock lock: long enough for a dead holder's 60 s lease to end. */
  beforeLockMs: 75_000,
  /** Under the store's stock lock: a live holder (a storefront checkout) lets go within this. */
  underLockMs: 5_000,
  pollMs: 250,
} as const

export const STOCK_KEYS_TIMEOUT_MESSAGE = "Timed-out waiting for Medusa's inventory item locks"

export async function waitForFreeLocks(container: MedusaContainer, keys: string[], timeoutMs: number): Promise<{ waited_ms: number }> {
  const unique = [...new Set(keys)].sort()
  if (!unique.length) return { waited_ms: 0 }
  const locking = container.resolve(Modules.LOCKING)
  const ownerId = `jwo-probe:${randomUUID()}`
  const started = Date.now()
  for (;;) {
    // Short expiry: a probe that dies between these two calls holds nothing for long.
    const free = await locking.acquire(unique, { ownerId, expire: 5 }).then(
      () => true,
      () => false
    )
    await locking.release(unique, { ownerId })
    if (free) return { waited_ms: Date.now() - started }
    if (Date.now() - started >= timeoutMs) {
      throw new MedusaError(MedusaError.Types.CONFLICT, `${STOCK_KEYS_TIMEOUT_MESSAGE} after ${Math.round(timeoutMs / 1000)} s`)
    }
    await sleep(STOCK_KEYS_WAIT.pollMs)
  }
}

/** Waits until every one of `keys` (inventory item ids) is free of Medusa's locks (see above); no keys, no wait. */
export const awaitStockKeysStep = createStep(
  "jwo-await-stock-keys-step",
  async (input: { keys: string[] | null; timeout_ms: number }, { container }) => {
    if (!input.keys?.length) return new StepResponse({ waited_ms: 0 })
    return new StepResponse(await waitForFreeLocks(container as unknown as MedusaContainer, input.keys, input.timeout_ms))
  }
)

/** The inventory items Medusa locks for these lines: those of stock-managed variants. */
export function stockKeysOf(items: { variant?: { manage_inventory?: boolean; inventory_items?: { inventory_item_id?: string }[] } | null }[]): string[] {
  const keys = new Set<string>()
  for (const item of items ?? []) {
    if (!item?.variant?.manage_inventory) continue
    for (const link of item.variant.inventory_items ?? []) if (link?.inventory_item_id) keys.add(link.inventory_item_id)
  }
  return [...keys].sort()
}

export const STOCK_KEY_FIELDS = ["items.variant.manage_inventory", "items.variant.inventory_items.inventory_item_id"]

/**
 * Medusa's cart completion locks the cart (key: the cart id, any owner, a 2-minute lease), so a worker killed inside
 * it left the trip waiting two minutes. A trip's cart is completed only by the trip's own run, which holds the trip's
 * lease and the store's stock lock: a cart lock found then is a dead run's, and is given back.
 */
export async function releaseDeadRunCartLock(container: MedusaContainer, cartId: string): Promise<void> {
  await container.resolve(Modules.LOCKING).release(cartId)
}
