/** Crockford's base32, as ULIDs write it. */
const ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/**
 * The smallest Medusa id (`prefix_` + ULID) made at or after `ms`: Medusa's ids are ULIDs, whose first 10 characters
 * are the creation time, so "ids made since T" is a primary-key range (`id >= medusaIdFloor("order", T)`).
 */
export function medusaIdFloor(prefix: string, ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > 2 ** 48 - 1) throw new RangeError(`not a ULID time: ${ms}`)
  let time = ""
  for (let rest = ms, i = 0; i < 10; i++) {
    time = ULID_ALPHABET[rest % 32] + time
    rest = Math.floor(rest / 32)
  }
  return `${prefix}_${time}${"0".repeat(16)}`
}
