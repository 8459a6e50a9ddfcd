/**
 * Gate decisions of the Identity Connector: pure code (no I/O). `checkScanKey` reads the code; the module service
 * (`verifyIdentityKey`) fetches the facts in one query (store, recognition record, customer, groups, staff block);
 * `decideEntry` decides.
 */
import type { JwoOptions } from "./options"
import {
  decodeIdentityKey,
  hashRecognitionToken,
  type ScanKeyFailureReason,
  verifyScanKeyCode,
} from "./scan-key"
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

/** The customer-group options and the visitor type their members get (what silently does not happen when a group is missing). */
export const CUSTOMER_GROUP_OPTIONS = [
  { key: "associates", effect: "its members enter as SHOPPER instead of ASSOCIATE" },
  { key: "cashShoppers", effect: "its members enter as SHOPPER instead of CASH_SHOPPER" },
  { key: "blocked", effect: "its members are NOT refused at the gate" },
] as const

/**
 * One warning per configured customer group (id or exact name) that no Medusa customer group matches: the option
 * then silently does nothing. `existing` are the groups found for the configured values.
 */
export function customerGroupWarnings(config: JwoOptions["customerGroups"], existing: CustomerGroupRef[]): string[] {
  const warnings: string[] = []
  for (const { key, effect } of CUSTOMER_GROUP_OPTIONS) {
    for (const value of config[key]) {
      if (existing.some((group) => group.id === value || group.name === value)) continue
      warnings.push(
        `customerGroups.${key}: no customer group "${value}" exists (by id or exact name), so ${effect}; create it in Medusa (Customers > Customer Groups) or fix the option`
      )
    }
  }
  return warnings
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

/** An Identity Connector request that passed the contract's field rules (jwo-contract.md §4). */
export type IdentityKeyScan = {
  requestId: string
  identityKey: string
  storeId: string
  authEvent: { id: string; timestamp: string; location: string }
  keyChannel?: string
}

/**
 * What the scanned code says, before any lookup: its decoded text (undefined when the key is not Base64), and
 * either the SHA-256 of its recognition token (signature and freshness checked) or why the code is refused.
 */
export type ScanKeyCheck = {
  text: string | undefined
  result: { ok: true; token_hash: string } | { ok: false; reason: EntryRefusalReason }
}

/** Reads and verifies the scanned code against `authEvent.timestamp` (never our clock). */
export function checkScanKey(scan: IdentityKeyScan, scanKey: JwoOptions["scanKey"]): ScanKeyCheck {
  const decoded = decodeIdentityKey(scan.identityKey)
  // The route has checked that the key is Base64; this is the same check.
  if (!decoded.ok) return { text: undefined, result: { ok: false, reason: "MALFORMED" } }
  const verified = verifyScanKeyCode(decoded.text, {
    prefix: scanKey.prefix,
    secrets: scanKey.secrets,
    eventTime: new Date(scan.authEvent.timestamp),
    freshnessSeconds: scanKey.freshnessSeconds,
    clockSkewSeconds: scanKey.clockSkewSeconds,
  })
  if (!verified.ok) return { text: decoded.text, result: verified }
  return { text: decoded.text, result: { ok: true, token_hash: hashRecognitionToken(verified.recognitionToken) } }
}

/** The JWO store of the scan, as the gate reads it. */
export type GateStoreFacts = {
  id: string
  enabled: boolean
  connectivity_test_enabled: boolean
  connectivity_test_keys: string[] | null
}

/** The recognition record the code's token names. */
export type GateRecordFacts = {
  id: string
  customer_id: string
  status: string
  visitor_type: string | null
  last_used_at: Date | null
}

/** The record's customer right now: deleted (or never there), or their groups and whether staff blocked them. */
export type GateCustomerFacts = { exists: false } | { exists: true; groups: CustomerGroupRef[]; blocked_by_staff: boolean }

/** Everything the gate decides on, read at the moment of the scan (nothing cached). */
export type GateFacts = {
  store: GateStoreFacts
  /** null when the code was refused before its token was looked up, or no live record has that token. */
  record: GateRecordFacts | null
  /** null when there is no record. */
  customer: GateCustomerFacts | null
}

/** A gate decision, ready to be stored once per `authEvent.id` (jwo_entry_decision), and its answer. */
export type EntryDecision = {
  auth_event_id: string
  request_id: string
  jwo_store_id: string
  amazon_store_id: string
  location: string
  key_channel: string | null
  event_time: Date
  result: "accepted" | "rejected"
  reason: string | null
  customer_id: string | null
  recognition_record_id: string | null
  visitor_id: string | null
  visitor_type: VisitorType | null
  connectivity_test: boolean
  response_status: EntryAnswer["status"]
  response_body: Record<string, unknown>
  /**
   * Set when an accepted entry should mark its recognition record as used (not stored on the decision): "last used"
   * is kept to the minute, and the record's visitor type follows the customer's groups.
   */
  touch_record: { id: string; visitor_type: VisitorType } | null
}

/** How stale a recognition record's `last_used_at` may get before an accepted scan writes it again. */
export const RECORD_TOUCH_INTERVAL_MS = 60_000

/**
 * Decides a gate scan from the facts. The checks run in the contract's order: store enabled, connectivity-test key,
 * the Scan Key Code (alphanumeric, prefix, signature, freshness), its recognition record (known, active), then the
 * customer (exists, not blocked by staff or group) and their visitor type.
 */
export function decideEntry(
  scan: IdentityKeyScan,
  key: ScanKeyCheck,
  facts: GateFacts,
  customerGroups: JwoOptions["customerGroups"],
  now: Date = new Date()
): EntryDecision {
  const { store, record, customer } = facts
  const base = {
    auth_event_id: scan.authEvent.id,
    request_id: scan.requestId,
    jwo_store_id: store.id,
    amazon_store_id: scan.storeId,
    location: scan.authEvent.location,
    key_channel: scan.keyChannel ?? null,
    event_time: new Date(scan.authEvent.timestamp),
    customer_id: null as string | null,
    recognition_record_id: null as string | null,
    connectivity_test: false,
    touch_record: null as EntryDecision["touch_record"],
  }
  const refuse = (reason: EntryRefusalReason, who: Partial<EntryDecision> = {}): EntryDecision => {
    const answer = refusedAnswer(reason)
    return {
      ...base,
      ...who,
      result: "rejected",
      reason,
      visitor_id: null,
      visitor_type: null,
      response_status: answer.status,
      response_body: answer.body,
    }
  }
  const accept = (visitorId: string, type: VisitorType, extra: Partial<EntryDecision> = {}): EntryDecision => {
    const answer = acceptedAnswer(visitorId, type)
    return {
      ...base,
      reason: null,
      ...extra,
      result: "accepted",
      visitor_id: visitorId,
      visitor_type: type,
      response_status: answer.status,
      response_body: answer.body,
    }
  }

  if (!store.enabled) return refuse("STORE_DISABLED")
  if (isConnectivityTestKey(store, scan.identityKey, key.text)) {
    return accept(CONNECTIVITY_TEST_VISITOR.id, CONNECTIVITY_TEST_VISITOR.type, {
      reason: CONNECTIVITY_TEST_REASON,
      connectivity_test: true,
    })
  }
  if (!key.result.ok) return refuse(key.result.reason)
  if (!record) return refuse("UNKNOWN_RECOGNITION")
  const who = { customer_id: record.customer_id, recognition_record_id: record.id }
  if (record.status !== "active") return refuse("REVOKED", who)
  if (!customer || !customer.exists) return refuse("CUSTOMER_NOT_FOUND", who)
  const status = visitorStatusFor(customer.groups, customerGroups, customer.blocked_by_staff)
  if (status.blocked) return refuse(status.reason, who)
  const stale = !record.last_used_at || now.getTime() - new Date(record.last_used_at).getTime() > RECORD_TOUCH_INTERVAL_MS
  const touch = stale || record.visitor_type !== status.type ? { id: record.id, visitor_type: status.type } : null
  return accept(record.customer_id, status.type, { ...who, touch_record: touch })
}
