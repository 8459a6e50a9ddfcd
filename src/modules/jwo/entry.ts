/**
 * Gate decisions of the Identity Connector: pure code (no I/O). The workflow `jwo-verify-identity-key` gathers the
 * facts (store, recognition record, customer and groups, staff block) and these functions decide.
 */
import type { JwoOptions } from "./options"
import type { ScanKeyFailureReason } from "./scan-key"
import { CONNECTIVITY_TEST_REASON, ENTRY_REFUSAL_REASONS, type EntryRefusalReason } from "../../types/entries"

export const VISITOR_TYPES = ["SHOPPER", "ASSOCIATE", "CASH_SHOPPER"] as const
export type VisitorType = (typeof VISITOR_TYPES)[number]

/** Why a gate stays closed (401), in the order they are checked: declared once, in the shared types. */
export { ENTRY_REFUSAL_REASONS, type EntryRefusalReason }

/** Reason stored on an accepted decision that used a store's connectivity-test identity. */
export { CONNECTIVITY_TEST_REASON }
/** The visitor every connectivity-test identity maps to. */
export const CONNECTIVITY_TEST_VISITOR = { id: "jwo-connectivity-test-visitor", type: "SHOPPER" as VisitorType }
/** At most this many connectivity-test identity keys per store. */
export const MAX_CONNECTIVITY_TEST_KEYS = 10

// Compile-time check: every reason verifyScanKeyCode can give is an entry refusal reason.
export const SCAN_KEY_REASONS_ARE_ENTRY_REASONS: readonly EntryRefusalReason[] = [] as ScanKeyFailureReason[]

export type CustomerGroupRef = { id: string; name?: string | null }

export type VisitorStatus = { blocked: true; reason: "CUSTOMER_BLOCKED" } | { blocked: false; type: VisitorType }

function inAny(groups: CustomerGroupRef[], configured: string[]): boolean {
  return groups.some((group) => configured.includes(group.id) || (!!group.name && configured.includes(group.name)))
}

/**
 * A customer's standing at the gate, from their groups (configured by id or exact name) and a staff block.
 * Blocked wins over associate, associate over cash shopper; everyone else is a SHOPPER.
 */
export function visitorStatusFor(
  groups: CustomerGroupRef[],
  config: JwoOptions["customerGroups"],
  blockedByStaff: boolean
): VisitorStatus {
  if (blockedByStaff || inAny(groups, config.blocked)) return { blocked: true, reason: "CUSTOMER_BLOCKED" }
  if (inAny(groups, config.associates)) return { blocked: false, type: "ASSOCIATE" }
  if (inAny(groups, config.cashShoppers)) return { blocked: false, type: "CASH_SHOPPER" }
  return { blocked: false, type: "SHOPPER" }
}

/** True when the store opted in to connectivity tests and the key (raw Base64 or decoded) is one of its test keys. */
export function isConnectivityTestKey(
  store: { connectivity_test_enabled?: boolean | null; connectivity_test_keys?: string[] | null },
  identityKey: string,
  decodedText: string | undefined
): boolean {
  if (!store.connectivity_test_enabled) return false
  const keys = store.connectivity_test_keys ?? []
  return keys.includes(identityKey) || (decodedText !== undefined && keys.includes(decodedText))
}

export type EntryAnswer = { status: 200 | 401; body: Record<string, unknown> }

export function acceptedAnswer(visitorId: string, type: VisitorType): EntryAnswer {
  return { status: 200, body: { visitorDetails: { id: visitorId, type } } }
}

/** The 401 body: the reason code, never the key. */
export function refusedAnswer(reason: EntryRefusalReason): EntryAnswer {
  return { status: 401, body: { errorMsg: `Entry refused: ${reason}`, reason } }
}

/** When the app should ask for a new code: halfway through the window, so a code shown at the gate is never stale. */
export function scanKeyTimes(issuedAt: Date, freshnessSeconds: number) {
  const issued = Math.floor(issuedAt.getTime() / 1000) * 1000
  return {
    issued_at: new Date(issued),
    expires_at: new Date(issued + freshnessSeconds * 1000),
    refresh_at: new Date(issued + Math.floor(freshnessSeconds / 2) * 1000),
  }
}
