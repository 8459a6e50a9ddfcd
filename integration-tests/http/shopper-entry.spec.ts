import { randomUUID } from "node:crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createCustomerGroupsWorkflow,
  deleteCustomersWorkflow,
  linkCustomersToCustomerGroupWorkflow,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { issueScanKeyCode } from "../../src/modules/jwo/scan-key"
import { JWO_MODULE } from "../../src/modules/jwo"
import type JwoModuleService from "../../src/modules/jwo/service"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"
import { createPublishableKey, registerShopper } from "../helpers/shoppers"

jest.setTimeout(90_000)
const NEW_SECRET = "scan-key-secret-new-0000000000000001"
const OLD_SECRET = "scan-key-secret-old-0000000000000002"
const RETIRED_SECRET = "scan-key-secret-retired-000000000003"
applyTestAppEnv({
  JWO_SCAN_KEY_PREFIX: "JWO",
  JWO_SCAN_KEY_SECRETS: `${NEW_SECRET},${OLD_SECRET}`,
  JWO_SCAN_KEY_FRESHNESS_SECONDS: "60",
  JWO_ASSOCIATE_GROUPS: "Test Associates",
  JWO_CASH_SHOPPER_GROUPS: "Test Cash Shoppers",
  JWO_BLOCKED_GROUPS: "Test Blocked",
})

const STORE = "STORE-SEA-1"
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64")
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z")

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: { headers: Record<string, string> }
    let publishableKey: string
    let jwoStoreId: string
    let groups: Record<"associates" | "cash" | "blocked", string>
    type Shopper = Awaited<ReturnType<typeof registerShopper>>
    let shopper: Shopper, associate: Shopper, cashShopper: Shopper, other: Shopper

    beforeAll(async () => {
      const container = getContainer()
      admin = await createAdminHeaders(container)
      const fixtures = await createStoreFixtures(container)
      jwoStoreId = (await api.post("/admin/jwo/stores", storeBody(fixtures), admin)).data.jwo_store.id
      publishableKey = await createPublishableKey(container, fixtures.salesChannel.id)
      ;[shopper, associate, cashShopper, other] = await Promise.all(
        ["shopper", "associate", "cash", "other"].map((name) => registerShopper(api, publishableKey, name))
      )
      const { result } = await createCustomerGroupsWorkflow(container).run({
        input: { customersData: [{ name: "Test Associates" }, { name: "Test Cash Shoppers" }, { name: "Test Blocked" }] },
      })
      groups = { associates: result[0].id, cash: result[1].id, blocked: result[2].id }
      await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groups.associates, add: [associate.id] } })
      await linkCustomersToCustomerGroupWorkflow(container).run({ input: { id: groups.cash, add: [cashShopper.id] } })
    })

    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error("expected the request to fail")
        },
        (error: any) => error.response
      )

    const issueCode = async (who: Shopper, body: Record<string, unknown> = {}, query = "") =>
      (await api.post(`/store/jwo/scan-keys${query}`, body, { headers: who.headers })).data.scan_key

    /** Amazon's Identity Gateway: POST the connector route with the secret header. */
    const scan = async (body: unknown, secret: string | null = INBOUND_SECRET) => {
      const headers: Record<string, string> = { "content-type": "application/json" }
      if (secret !== null) headers["x-jwo-connector-secret"] = secret
      const response = await fetch(`${api.defaults.baseURL}/jwo/v1/identity/identity-keys`, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, json: text ? JSON.parse(text) : undefined, text }
    }
    const scanBody = (code: string, overrides: { at?: Date; authEventId?: string; storeId?: string } = {}) => ({
      requestId: randomUUID(),
      identityKey: b64(code),
      storeId: overrides.storeId ?? STORE,
      authEvent: {
        id: overrides.authEventId ?? randomUUID(),
        timestamp: isoSeconds(overrides.at ?? new Date()),
        location: "ENTRY",
      },
      keyChannel: "OPTICAL",
    })

    describe("Scan Key Codes from the store API", () => {
      it("issues a code that matches the Merchant Portal QR pattern, and opens the gate as SHOPPER", async () => {
        const key = await issueCode(shopper, { device_name: "Pixel 8" })
        expect(key).toMatchObject({
          code: expect.stringMatching(/^JWO1/),
          visitor_type: "SHOPPER",
          recognition_record_id: expect.stringMatching(/^jworec_/),
          recognition_token: expect.stringMatching(/^[A-Z2-7]{26}$/),
        })
        const issued = Date.parse(key.issued_at)
        expect(Date.parse(key.expires_at) - issued).toBe(60_000)
        expect(Date.parse(key.refresh_at) - issued).toBe(30_000)

        const { data } = await api.get(`/admin/jwo/stores/${jwoStoreId}`, admin)
        expect(data.jwo_store.qr_pattern).toBe("^JWO1[0-9]{10}[A-Z2-7]{52}$")
        expect(new RegExp(data.jwo_store.qr_pattern).test(key.code)).toBe(true)

        const response = await scan(scanBody(key.code))
        expect(response.status).toBe(200)
        expect(response.json).toEqual({ visitorDetails: { id: shopper.id, type: "SHOPPER" } })
      })

      it("gives associates ASSOCIATE and cash shoppers CASH_SHOPPER", async () => {
        for (const [who, type] of [
          [associate, "ASSOCIATE"],
          [cashShopper, "CASH_SHOPPER"],
        ] as const) {
          const key = await issueCode(who)
          expect(key.visitor_type).toBe(type)
          const response = await scan(scanBody(key.code))
          expect(response.json).toEqual({ visitorDetails: { id: who.id, type } })
        }
      })

      it("keeps one recognition record per app when the app sends its token back, and returns the QR code as SVG", async () => {
        const first = await issueCode(shopper)
        const again = await issueCode(shopper, { recognition_token: first.recognition_token }, "?qr=svg")
        expect(again.recognition_record_id).toBe(first.recognition_record_id)
        expect(again.recognition_token).toBeUndefined()
        expect(again.qr_svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
        const { data } = await api.get("/store/jwo/recognition-records", { headers: shopper.headers })
        expect(data.recognition_records.map((r: any) => r.id)).toEqual([first.recognition_record_id])
        expect(data.recognition_records[0]).not.toHaveProperty("token_hash")
      })

      it("requires a logged-in customer and refuses unknown fields", async () => {
        let response = await failure(
          api.post("/store/jwo/scan-keys", {}, { headers: { "x-publishable-api-key": publishableKey } })
        )
        expect(response.status).toBe(401)
        response = await failure(api.post("/store/jwo/scan-keys", { color: "red" }, { headers: shopper.headers }))
        expect(response.status).toBe(400)
        expect(response.data.message).toMatch(/color/)
      })

      it("refuses a code to a blocked customer with 403", async () => {
        await api.post(`/admin/jwo/customers/${other.id}/block`, { reason: "shoplifting" }, admin)
        const response = await failure(api.post("/store/jwo/scan-keys", {}, { headers: other.headers }))
        expect(response.status).toBe(403)
        expect(response.data.message).toMatch(/may not enter/)
      })

      it("refuses a code to a customer in the blocked group with 403", async () => {
        const blocked = await registerShopper(api, publishableKey, "group-blocked")
        await linkCustomersToCustomerGroupWorkflow(getContainer()).run({ input: { id: groups.blocked, add: [blocked.id] } })
        const response = await failure(api.post("/store/jwo/scan-keys", {}, { headers: blocked.headers }))
        expect(response.status).toBe(403)
      })

      it("lets a customer revoke one of their own records by id, leaving the others", async () => {
        const kept = await issueCode(shopper)
        const revoked = await issueCode(shopper)
        expect(revoked.recognition_record_id).not.toBe(kept.recognition_record_id)
        const { data } = await api.post(`/store/jwo/recognition-records/${revoked.recognition_record_id}/revoke`, {}, { headers: shopper.headers })
        expect(data.recognition_record).toMatchObject({ id: revoked.recognition_record_id, status: "revoked" })
        expect((await scan(scanBody(revoked.code))).json).toMatchObject({ reason: "REVOKED" })
        expect((await scan(scanBody(kept.code))).status).toBe(200)
      })
    })

    describe("POST /jwo/v1/identity/identity-keys refusals (401, reason, never the key)", () => {
      const expectRefused = (response: { status: number; json: any; text: string }, reason: string, code?: string) => {
        expect(response.status).toBe(401)
        expect(response.json).toEqual({ errorMsg: `Entry refused: ${reason}`, reason })
        if (code) {
          expect(response.text).not.toContain(code)
          expect(response.text).not.toContain(b64(code))
        }
      }

      it("refuses a code older than the window, and one from the future beyond the clock skew", async () => {
        const key = await issueCode(shopper)
        const issued = Date.parse(key.issued_at)
        expectRefused(await scan(scanBody(key.code, { at: new Date(issued + 61_000) })), "EXPIRED", key.code)
        expect((await scan(scanBody(key.code, { at: new Date(issued + 60_000) }))).status).toBe(200)
        expectRefused(await scan(scanBody(key.code, { at: new Date(issued - 10_000) })), "FROM_FUTURE", key.code)
        expect((await scan(scanBody(key.code, { at: new Date(issued - 5_000) }))).status).toBe(200)
      })

      it("refuses a tampered signature, a wrong prefix and a non-alphanumeric payload", async () => {
        const { code } = await issueCode(shopper)
        const last = code.at(-1) === "A" ? "B" : "A"
        expectRefused(await scan(scanBody(code.slice(0, -1) + last)), "BAD_SIGNATURE", code)
        expectRefused(await scan(scanBody("XYZ" + code.slice(3))), "WRONG_PREFIX", code)
        expectRefused(await scan(scanBody(code.slice(0, 10) + "-" + code.slice(11))), "NOT_ALPHANUMERIC", code)
        expectRefused(await scan(scanBody("JWO1234")), "MALFORMED")
      })

      it("accepts a code signed with the previous secret (rotation) and refuses a retired one", async () => {
        const { recognition_token } = await issueCode(shopper)
        const sign = (secret: string) =>
          issueScanKeyCode({ prefix: "JWO", secret, recognitionToken: recognition_token, issuedAt: new Date() })
        expect((await scan(scanBody(sign(OLD_SECRET)))).json).toEqual({ visitorDetails: { id: shopper.id, type: "SHOPPER" } })
        expectRefused(await scan(scanBody(sign(RETIRED_SECRET))), "BAD_SIGNATURE")
      })

      it("refuses a revoked record (customer's sign-out and staff revoke), an unknown token, a blocked and a deleted customer", async () => {
        const a = await issueCode(shopper)
        const b = await issueCode(shopper)
        const revoked = await api.post("/store/jwo/recognition-records/revoke", {}, { headers: shopper.headers })
        expect(revoked.data.revoked).toBeGreaterThanOrEqual(2)
        expectRefused(await scan(scanBody(a.code)), "REVOKED", a.code)
        expectRefused(await scan(scanBody(b.code)), "REVOKED", b.code)

        const c = await issueCode(shopper)
        await api.post(`/admin/jwo/recognition-records/${c.recognition_record_id}/revoke`, {}, admin)
        expectRefused(await scan(scanBody(c.code)), "REVOKED")
        // Someone else's record is not the customer's to revoke.
        const others = await issueCode(cashShopper)
        const notOwn = await failure(
          api.post(`/store/jwo/recognition-records/${others.recognition_record_id}/revoke`, {}, { headers: shopper.headers })
        )
        expect(notOwn.status).toBe(404)

        const unknownToken = issueScanKeyCode({ prefix: "JWO", secret: NEW_SECRET, recognitionToken: "A".repeat(26), issuedAt: new Date() })
        expectRefused(await scan(scanBody(unknownToken)), "UNKNOWN_RECOGNITION")

        // Blocked by staff, then unblocked: the same app gets in again.
        const d = await issueCode(associate)
        await api.post(`/admin/jwo/customers/${associate.id}/block`, {}, admin)
        expectRefused(await scan(scanBody(d.code)), "CUSTOMER_BLOCKED")
        const { data } = await api.post(`/admin/jwo/customers/${associate.id}/unblock`, {}, admin)
        expect(data.jwo_customer).toMatchObject({ may_enter: true, visitor_type: "ASSOCIATE", blocked_by_staff: false })
        expect((await scan(scanBody(d.code))).status).toBe(200)

        // Blocked by group.
        const e = await issueCode(cashShopper)
        await linkCustomersToCustomerGroupWorkflow(getContainer()).run({ input: { id: groups.blocked, add: [cashShopper.id] } })
        expectRefused(await scan(scanBody(e.code)), "CUSTOMER_BLOCKED")
        expect((await api.get(`/admin/jwo/customers/${cashShopper.id}`, admin)).data.jwo_customer).toMatchObject({
          may_enter: false,
          blocked_by_group: true,
        })

        // Deleted.
        const leaving = await registerShopper(api, publishableKey, "leaving")
        const f = await issueCode(leaving)
        expect((await scan(scanBody(f.code))).status).toBe(200)
        await deleteCustomersWorkflow(getContainer()).run({ input: { ids: [leaving.id] } })
        expectRefused(await scan(scanBody(f.code)), "CUSTOMER_NOT_FOUND")
      })

      it("refuses entry to a disabled store", async () => {
        const { code } = await issueCode(shopper)
        await api.post(`/admin/jwo/stores/${jwoStoreId}`, { enabled: false }, admin)
        expectRefused(await scan(scanBody(code)), "STORE_DISABLED")
        // Enabled again: the gate sees it at once (the update forgets the gate's cached store row).
        await api.post(`/admin/jwo/stores/${jwoStoreId}`, { enabled: true }, admin)
        expect((await scan(scanBody(code))).status).toBe(200)
      })
    })

    describe("POST /jwo/v1/identity/identity-keys field rules (400 in Amazon's shape)", () => {
      const valid = () => scanBody("JWO1")
      const cases: [string, (body: any) => unknown, string][] = [
        ["a missing requestId", (b) => delete b.requestId, "requestId"],
        ["a requestId that is not a UUID", (b) => (b.requestId = "req-1"), "requestId"],
        ["an identityKey over 1000 characters", (b) => (b.identityKey = "QUFB".repeat(251)), "identityKey"],
        ["an identityKey that is not Base64", (b) => (b.identityKey = "not base64!"), "identityKey"],
        ["a missing identityKey", (b) => delete b.identityKey, "identityKey"],
        ["a missing storeId", (b) => delete b.storeId, "storeId"],
        ["a storeId over 255 characters", (b) => (b.storeId = "S".repeat(256)), "storeId"],
        ["an unknown storeId", (b) => (b.storeId = "NO-SUCH-STORE"), "storeId"],
        ["a missing authEvent", (b) => delete b.authEvent, "authEvent"],
        ["an authEvent that is not an object", (b) => (b.authEvent = "ENTRY"), "authEvent"],
        ["a missing authEvent.id", (b) => delete b.authEvent.id, "authEvent.id"],
        ["an authEvent.id that is not a UUID", (b) => (b.authEvent.id = "evt-1"), "authEvent.id"],
        ["a missing authEvent.timestamp", (b) => delete b.authEvent.timestamp, "authEvent.timestamp"],
        ["an authEvent.timestamp that is not ISO-8601 UTC", (b) => (b.authEvent.timestamp = "2024-02-09 17:53:57"), "authEvent.timestamp"],
        ["a missing authEvent.location", (b) => delete b.authEvent.location, "authEvent.location"],
        ["an unknown authEvent.location", (b) => (b.authEvent.location = "EXIT"), "authEvent.location"],
        ["an unknown keyChannel", (b) => (b.keyChannel = "NFC"), "keyChannel"],
      ]
      it.each(cases)("refuses %s", async (_name, mutate, path) => {
        const body = valid()
        mutate(body)
        const response = await scan(body)
        expect(response.status).toBe(400)
        expect(response.json.errorMsg).toEqual(expect.stringContaining(path))
        expect(response.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]))
      })

      it("refuses an empty body, a body that is not an object, and a missing or wrong secret", async () => {
        expect(await scan("")).toMatchObject({ status: 400, json: { errorMsg: "Request body is empty" } })
        expect((await scan("[]")).status).toBe(400)
        expect(await scan(valid(), null)).toMatchObject({ status: 401, json: { errorMsg: "Unauthorized" } })
        expect(await scan(valid(), "wrong-secret")).toMatchObject({ status: 401, json: { errorMsg: "Unauthorized" } })
      })

      it("accepts unknown extra fields (Amazon may add attributes)", async () => {
        const { code } = await issueCode(shopper)
        const response = await scan({ ...scanBody(code), newAttribute: { x: 1 } })
        expect(response.status).toBe(200)
      })
    })

    describe("the gate at the limit (issue 16)", () => {
      /** SQL the app sends to Postgres while `work` runs (every module shares this knex pool). */
      const statementsDuring = async (work: () => Promise<unknown>) => {
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const seen: string[] = []
        const listener = (q: { sql: string }) => seen.push(q.sql)
        knex.on("query", listener)
        try {
          await work()
        } finally {
          knex.removeListener("query", listener)
        }
        return seen
      }
      // The gate's own tables and Medusa's workflow engine; background work (trip dispatch, jobs) touches neither.
      const GATE_SQL = /jwo_recognition_record|jwo_entry_decision|jwo_customer_block|customer_group|workflow_execution/

      it("decides a scan in two statements, without a transaction or the workflow engine", async () => {
        const { code, recognition_record_id } = await issueCode(associate)
        const usedAt = async () =>
          (await getContainer().resolve<JwoModuleService>(JWO_MODULE).listJwoRecognitionRecords({ id: recognition_record_id }))[0].last_used_at
        expect(await usedAt()).toBeNull()
        await scan(scanBody(code)) // marks the record as used (in the insert's statement): the scans below need no update
        const firstUse = await usedAt()
        expect(firstUse).toBeInstanceOf(Date)
        const scans = 5
        const sql = await statementsDuring(async () => {
          for (let i = 0; i < scans; i++) expect((await scan(scanBody(code))).status).toBe(200)
          // A refusal costs the same: one read, one insert.
          expect((await scan(scanBody(code.slice(0, -1) + (code.at(-1) === "A" ? "B" : "A")))).status).toBe(401)
        })
        const gate = sql.filter((s) => GATE_SQL.test(s))
        expect(gate.filter((s) => /workflow_execution/.test(s))).toEqual([])
        expect(gate).toHaveLength(2 * (scans + 1))
        // One read gathers store, record, customer, groups and block; one insert stores the decision.
        expect(gate.filter((s) => /FROM jwo_store s/.test(s) && /customer_group_customer/.test(s) && /jwo_customer_block/.test(s))).toHaveLength(scans + 1)
        expect(gate.filter((s) => /INSERT INTO jwo_entry_decision/.test(s) && /ON CONFLICT \(auth_event_id\)/.test(s))).toHaveLength(scans + 1)
        expect(sql.filter((s) => /^\s*(begin|commit|rollback)/i.test(s))).toEqual([])
        // "Last used" is kept to the minute: the scans above did not write the record again.
        expect(await usedAt()).toEqual(firstUse)

        // A replayed authEvent.id loses at the insert; one more statement reads the first decision, which is returned.
        const body = scanBody(code)
        const first = await scan(body)
        const replaySql = await statementsDuring(async () => expect(await scan(body)).toEqual(first))
        expect(replaySql.filter((s) => GATE_SQL.test(s))).toHaveLength(3)
      })

      it("refuses a shopper within one second of a block, a group block, a revocation or a disabled store", async () => {
        const timedRefusal = async (who: Shopper, change: () => Promise<unknown>, reason: string) => {
          const { code } = await issueCode(who)
          expect((await scan(scanBody(code))).status).toBe(200)
          await change()
          const changed = Date.now()
          const refused = await scan(scanBody(code))
          expect(refused.json).toEqual({ errorMsg: `Entry refused: ${reason}`, reason })
          expect(Date.now() - changed).toBeLessThan(1000)
        }
        const someone = await registerShopper(api, publishableKey, "gate-limit")
        await timedRefusal(someone, () => api.post(`/admin/jwo/customers/${someone.id}/block`, {}, admin), "CUSTOMER_BLOCKED")
        await api.post(`/admin/jwo/customers/${someone.id}/unblock`, {}, admin)
        await timedRefusal(
          someone,
          () => linkCustomersToCustomerGroupWorkflow(getContainer()).run({ input: { id: groups.blocked, add: [someone.id] } }),
          "CUSTOMER_BLOCKED"
        )
        await linkCustomersToCustomerGroupWorkflow(getContainer()).run({ input: { id: groups.blocked, remove: [someone.id] } })
        await timedRefusal(someone, () => api.post("/store/jwo/recognition-records/revoke", {}, { headers: someone.headers }), "REVOKED")
        await timedRefusal(someone, () => api.post(`/admin/jwo/stores/${jwoStoreId}`, { enabled: false }, admin), "STORE_DISABLED")
        await api.post(`/admin/jwo/stores/${jwoStoreId}`, { enabled: true }, admin)
      })
    })

    describe("idempotency on authEvent.id", () => {
      it("returns the first decision for a repeated authEvent.id, even after the customer was blocked", async () => {
        const { code } = await issueCode(shopper)
        const authEventId = randomUUID()
        const first = await scan(scanBody(code, { authEventId }))
        expect(first.status).toBe(200)
        await api.post(`/admin/jwo/customers/${shopper.id}/block`, {}, admin)
        const again = await scan(scanBody(code, { authEventId }))
        expect(again).toEqual(first)
        const { data } = await api.get(`/admin/jwo/entries?auth_event_id=${authEventId}`, admin)
        expect(data.count).toBe(1)
      })

      it("stores one record for 20 concurrent identical deliveries, and all get the same answer", async () => {
        const { code } = await issueCode(shopper)
        const body = scanBody(code)
        const answers = await Promise.all(Array.from({ length: 20 }, () => scan(body)))
        expect(new Set(answers.map((a) => `${a.status} ${a.text}`)).size).toBe(1)
        expect(answers[0].status).toBe(200)
        const { data } = await api.get(`/admin/jwo/entries?auth_event_id=${body.authEvent.id}`, admin)
        expect(data.count).toBe(1)
      })
    })

    describe("connectivity-test identities", () => {
      it("are off by default, and when a store opts in, map its keys to the test visitor and are recorded", async () => {
        const testKey = "JWOCONNECTIVITYTEST1"
        expect((await scan({ ...scanBody(testKey) })).json.reason).toBe("MALFORMED")
        const { data } = await api.post(
          `/admin/jwo/stores/${jwoStoreId}`,
          { connectivity_test_enabled: true, connectivity_test_keys: [testKey] },
          admin
        )
        expect(data.jwo_store).toMatchObject({ connectivity_test_enabled: true, connectivity_test_keys: [testKey] })
        const body = scanBody(testKey)
        const response = await scan(body)
        expect(response.json).toEqual({ visitorDetails: { id: "jwo-connectivity-test-visitor", type: "SHOPPER" } })
        const entries = (await api.get(`/admin/jwo/entries?auth_event_id=${body.authEvent.id}`, admin)).data.entries
        expect(entries[0]).toMatchObject({ result: "accepted", reason: "CONNECTIVITY_TEST", connectivity_test: true })
      })
    })

    describe("admin: entries, stats, recognition records", () => {
      it("lists decisions with filters and counts them per result and reason for the last hour and day", async () => {
        const { code } = await issueCode(shopper)
        const issued = Date.parse((await issueCode(shopper)).issued_at)
        await scan(scanBody(code))
        await scan(scanBody(code, { at: new Date(issued + 120_000) }))
        await scan(scanBody(code, { at: new Date(issued + 180_000) }))
        await scan(scanBody("XYZ" + code.slice(3)))

        let { data } = await api.get(`/admin/jwo/entries?result=rejected&jwo_store_id=${jwoStoreId}`, admin)
        expect(data.count).toBe(3)
        expect(data.entries.every((e: any) => e.result === "rejected" && e.amazon_store_id === STORE)).toBe(true)
        ;({ data } = await api.get("/admin/jwo/entries?reason=EXPIRED", admin))
        expect(data.count).toBe(2)
        ;({ data } = await api.get(`/admin/jwo/entries?from=${new Date(Date.now() + 60_000).toISOString()}`, admin))
        expect(data.count).toBe(0)
        ;({ data } = await api.get(`/admin/jwo/entries?to=${new Date(Date.now() - 3600_000).toISOString()}`, admin))
        expect(data.count).toBe(0)
        ;({ data } = await api.get(`/admin/jwo/entries?to=${new Date(Date.now() + 60_000).toISOString()}`, admin))
        expect(data.count).toBe(4)
        const bad = await failure(api.get("/admin/jwo/entries?result=maybe", admin))
        expect(bad.status).toBe(400)

        ;({ data } = await api.get(`/admin/jwo/entries/stats?jwo_store_id=${jwoStoreId}`, admin))
        for (const window of [data.entry_stats.last_hour, data.entry_stats.last_day]) {
          expect(window).toMatchObject({
            total: 4,
            accepted: 1,
            rejected: 3,
            acceptance_rate: 0.25,
            by_reason: { EXPIRED: 2, WRONG_PREFIX: 1 },
          })
        }

        // A decision two hours old counts in the last day but not in the last hour.
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
        const [oldest] = await knex("jwo_entry_decision").where({ reason: "WRONG_PREFIX" }).select("id")
        await knex("jwo_entry_decision").where({ id: oldest.id }).update({ created_at: new Date(Date.now() - 2 * 3600_000) })
        ;({ data } = await api.get(`/admin/jwo/entries/stats?jwo_store_id=${jwoStoreId}`, admin))
        expect(data.entry_stats.last_hour).toMatchObject({ total: 3, rejected: 2, by_reason: { EXPIRED: 2 } })
        expect(data.entry_stats.last_hour.by_reason.WRONG_PREFIX).toBeUndefined()
        expect(data.entry_stats.last_day).toMatchObject({ total: 4, rejected: 3, by_reason: { EXPIRED: 2, WRONG_PREFIX: 1 } })
      })

      it("lists a customer's recognition records without the token hash", async () => {
        await issueCode(cashShopper)
        const { data } = await api.get(`/admin/jwo/recognition-records?customer_id=${cashShopper.id}`, admin)
        expect(data.count).toBe(1)
        expect(data.recognition_records[0]).toMatchObject({ customer_id: cashShopper.id, status: "active" })
        expect(JSON.stringify(data)).not.toContain("token_hash")
      })
    })
  },
})
