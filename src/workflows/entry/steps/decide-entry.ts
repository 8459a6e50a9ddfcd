import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { EntryDecisionInsert } from "../../../modules/jwo/service"
import {
  acceptedAnswer,
  CONNECTIVITY_TEST_REASON,
  CONNECTIVITY_TEST_VISITOR,
  type EntryAnswer,
  type EntryRefusalReason,
  isConnectivityTestKey,
  refusedAnswer,
  type VisitorType,
} from "../../../modules/jwo/entry"
import { decodeIdentityKey, hashRecognitionToken, verifyScanKeyCode } from "../../../modules/jwo/scan-key"
import { lookUpVisitor } from "./visitor"

/** An Identity Connector request that passed the contract's field rules. */
export type IdentityKeyRequest = {
  requestId: string
  identityKey: string
  storeId: string
  authEvent: { id: string; timestamp: string; location: string }
  keyChannel?: string
}

/** What the gate decided, ready to be stored (or the stored decision for a repeated authEvent.id). */
export type EntryDecisionData = Omit<EntryDecisionInsert, "visitor_type" | "duration_ms"> & {
  visitor_type: VisitorType | null
  /** Not stored on the decision: what the recognition record says now (to skip needless updates). */
  record_last_used_at?: Date | null
  record_visitor_type?: string | null
}

type GateStore = { id: string; enabled: boolean; connectivity_test_enabled: boolean; connectivity_test_keys: string[] | null }

/** Store rows the gate reads, kept for a few seconds (a busy gate reads the same row for every scan). */
const GATE_STORE_TTL_MS = 5000
const gateStores = new Map<string, { store: GateStore | null; until: number }>()

async function gateStore(jwo: JwoModuleService, amazonStoreId: string): Promise<GateStore | null> {
  const cached = gateStores.get(amazonStoreId)
  if (cached && cached.until > Date.now()) return cached.store
  const [store] = await jwo.listJwoStores(
    { amazon_store_id: amazonStoreId },
    { take: 1, select: ["id", "enabled", "connectivity_test_enabled", "connectivity_test_keys"] }
  )
  const found = (store as GateStore | undefined) ?? null
  gateStores.set(amazonStoreId, { store: found, until: Date.now() + GATE_STORE_TTL_MS })
  return found
}

/** Forgets cached store rows at once (this instance); other instances see a change within GATE_STORE_TTL_MS. */
export function forgetGateStores() {
  gateStores.clear()
}

export type DecideEntryResult =
  | { kind: "unknown_store" }
  | { kind: "decided"; decision: EntryDecisionData }

/**
 * Decides a gate scan, read-only. The checks run in the contract's order: store enabled, then the Scan Key Code
 * (alphanumeric, prefix, signature, freshness against authEvent.timestamp), then its recognition record (known,
 * active), then the customer (exists, not blocked). A repeated authEvent.id is decided again here; the stored first
 * decision wins at the insert (record-entry-decision).
 */
export const decideEntryStep = createStep(
  "jwo-decide-entry-step",
  async (input: IdentityKeyRequest, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    // No replay lookup first: a repeated authEvent.id is decided again and its insert loses to the stored decision
    // at the unique index, whose answer is then given (record-entry-decision). One round trip less per scan.
    const store = await gateStore(jwo, input.storeId)
    if (!store) return new StepResponse<DecideEntryResult>({ kind: "unknown_store" })

    const eventTime = new Date(input.authEvent.timestamp)
    const base = {
      auth_event_id: input.authEvent.id,
      request_id: input.requestId,
      jwo_store_id: store.id,
      amazon_store_id: input.storeId,
      location: input.authEvent.location,
      key_channel: input.keyChannel ?? null,
      event_time: eventTime,
      customer_id: null as string | null,
      recognition_record_id: null as string | null,
      connectivity_test: false,
    }
    const refuse = (reason: EntryRefusalReason, extra: Partial<EntryDecisionData> = {}) => {
      const answer = refusedAnswer(reason)
      return new StepResponse<DecideEntryResult>({
        kind: "decided",
        decision: {
          ...base,
          ...extra,
          result: "rejected",
          reason,
          visitor_id: null,
          visitor_type: null,
          response_status: answer.status,
          response_body: answer.body,
        },
      })
    }
    const accept = (visitorId: string, type: VisitorType, extra: Partial<EntryDecisionData> = {}) => {
      const answer = acceptedAnswer(visitorId, type)
      return new StepResponse<DecideEntryResult>({
        kind: "decided",
        decision: {
          ...base,
          reason: null,
          ...extra,
          result: "accepted",
          visitor_id: visitorId,
          visitor_type: type,
          response_status: answer.status,
          response_body: answer.body,
        },
      })
    }

    if (!store.enabled) return refuse("STORE_DISABLED")

    const decoded = decodeIdentityKey(input.identityKey)
    const text = decoded.ok ? decoded.text : undefined
    if (isConnectivityTestKey(store, input.identityKey, text)) {
      return accept(CONNECTIVITY_TEST_VISITOR.id, CONNECTIVITY_TEST_VISITOR.type, {
        reason: CONNECTIVITY_TEST_REASON,
        connectivity_test: true,
      })
    }
    // The route has checked that the key is Base64; this is the same check.
    if (text === undefined) return refuse("MALFORMED")

    const { scanKey } = jwo.getOptions()
    const verified = verifyScanKeyCode(text, {
      prefix: scanKey.prefix,
      secrets: scanKey.secrets,
      eventTime,
      freshnessSeconds: scanKey.freshnessSeconds,
      clockSkewSeconds: scanKey.clockSkewSeconds,
    })
    if (!verified.ok) return refuse(verified.reason)

    const [record] = await jwo.listJwoRecognitionRecords(
      { token_hash: hashRecognitionToken(verified.recognitionToken) },
      { take: 1, select: ["id", "customer_id", "status", "visitor_type", "last_used_at"] }
    )
    if (!record) return refuse("UNKNOWN_RECOGNITION")
    const who = {
      customer_id: record.customer_id,
      recognition_record_id: record.id,
      record_last_used_at: record.last_used_at,
      record_visitor_type: record.visitor_type,
    }
    if (record.status !== "active") return refuse("REVOKED", who)

    const visitor = await lookUpVisitor(container, record.customer_id)
    if (!visitor.exists) return refuse("CUSTOMER_NOT_FOUND", who)
    if (visitor.blocked) return refuse(visitor.reason, who)
    return accept(record.customer_id, visitor.type, who)
  }
)
