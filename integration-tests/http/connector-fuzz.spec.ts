import { randomUUID } from "node:crypto"
import fc from "fast-check"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { JWO_MODULE } from "../../src/modules/jwo"
import type JwoModuleService from "../../src/modules/jwo/service"
import { EXTERNAL_IDENTIFIER_TYPES } from "../../src/api/jwo/v1/order/purchases/validators"
import { INBOUND_BODY_LIMIT_BYTES, MAX_FIELD_ERRORS } from "../../src/api/jwo/inbound"
import { createAdminHeaders } from "../helpers/admin"
import { applyTestAppEnv, INBOUND_SECRET } from "../helpers/env"
import { createStoreFixtures, storeBody } from "../helpers/fixtures"
import { createPublishableKey, registerShopper } from "../helpers/shoppers"
import { purchaseBody } from "../helpers/purchases"

/**
 * Fuzz of Amazon's two connector routes (issue 17.7): thousands of mutated bodies (wrong types, removed and duplicated
 * fields, huge and deeply nested values, odd Unicode with NUL and lone surrogates, wrong content types, broken JSON and
 * UTF-8). Every answer must be below 500, every 4xx in Amazon's error shape, and a refused body stores nothing.
 *
 * The app runs in workerMode "server": accepted trips are stored (that is what the route does) but no worker prices
 * them, so the run measures the routes only. JWO_FUZZ_RUNS (per route) and JWO_FUZZ_SEED replay or widen a run; the
 * seed is printed, and a failure names the seed and the requests that failed.
 */
jest.setTimeout(300_000)
applyTestAppEnv({ MEDUSA_WORKER_MODE: "server" })

const RUNS = Number(process.env.JWO_FUZZ_RUNS || 1500)
const SEED = Number(process.env.JWO_FUZZ_SEED || Math.floor(Math.random() * 2 ** 31))
const CONCURRENCY = 4
const STORE = "STORE-SEA-1"
const PURCHASES = "/jwo/v1/order/purchases"
const IDENTITY = "/jwo/v1/identity/identity-keys"

// ---------------------------------------------------------------------------------------------------------------
// Bodies as text: duplicated keys and raw (pre-serialised) deep values cannot be expressed as plain JS objects.

/** JSON text put into the body verbatim (a value nested too deep for a recursive serialiser). */
class RawJson {
  constructor(readonly text: string) {}
}
/** A key written twice in the JSON text; JSON.parse keeps the last one. */
const DUPLICATE = Symbol("duplicate key")
type Duplicate = { key: string; value: unknown; first: boolean }

function serialize(value: unknown): string {
  if (value instanceof RawJson) return value.text
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : serialize(item))).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`)
    const duplicate = (value as { [DUPLICATE]?: Duplicate })[DUPLICATE]
    if (duplicate) {
      const entry = `${JSON.stringify(duplicate.key)}:${serialize(duplicate.value)}`
      if (duplicate.first) entries.unshift(entry)
      else entries.push(entry)
    }
    return `{${entries.join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

type Path = (string | number)[]
/** Every node of a body (the root included), skipping raw values. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix)
  if (value instanceof RawJson || value === null || typeof value !== "object") return out
  for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key], out)
  return out
}
const at = (root: any, path: Path) => path.reduce((node, key) => (node == null ? undefined : node[key]), root)

// ---------------------------------------------------------------------------------------------------------------
// Values

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z")
const validTime = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T23:59:59Z"), noInvalidDate: true })
  .map(isoSeconds)
const textId = fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/)
const base64Of = (text: string) => Buffer.from(text, "utf8").toString("base64")

const ODD_CHARACTERS = [
  "\u0000", "\u0001", "\u0008", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f", "\u0085", "\u009f",
  "\u00a0", "\u00ad", "\ufeff", "\u200b", "\u200d", "\u200e", "\u202e", "\u2028", "\u2029", "\ufffd", "\uffff",
  "\ud800", "\udbff", "\udc00", "\udfff", "😀", "👩‍👩‍👧", "e\u0301", "ß", "İ", "Ⅻ", "１", "٣",
  "\\", "\"", "'", "`", "<script>", "%00", "' OR 1=1 --", "${x}", "{{x}}", "../", "\\u0000",
]
const oddCharacter = fc.oneof(
  fc.constantFrom(...ODD_CHARACTERS),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: "binary", minLength: 1, maxLength: 3 })
)
const oddString = fc
  .array(fc.oneof(oddCharacter, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(""))
const hugeString = fc
  .tuple(fc.integer({ min: 256, max: 300_000 }), fc.constantFrom("x", "0", "é", "😀", "\u0000", "\ud800"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)))
const deepValue = fc
  .tuple(fc.integer({ min: 2, max: 20_000 }), fc.constantFrom("array", "object"))
  .map(([depth, kind]) =>
    kind === "array" ? new RawJson("[".repeat(depth) + "]".repeat(depth)) : new RawJson('{"a":'.repeat(depth) + "1" + "}".repeat(depth))
  )
const longArray = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.jsonValue({ maxDepth: 1 }))
  .map(([length, item]) => Array.from({ length }, () => structuredClone(item)))
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 })
)
const nearlyValid = fc.constantFrom(
  "", " ", "SKU", "sku", "SKU ", " SKU", "SCANCODE", "SCAN_CODE", "UPC", "upc", "EAN13", "QR", "INVALID_TYPE",
  "ENTRY", "EXIT", "MANUAL_IN_STORE", "OPTICAL", "NFC", "SHOPPER", "VIP", "FINANCIAL", "CASH_SHOPPER",
  "1.0", "0", "0.0", "-1", "1e3", "１", "1,5", ".5", "5.", "00000000001", "NaN", "Infinity",
  "2024-02-30T00:00:00Z", "2024-03-22T17:00:00+01:00", "2024-03-22T24:00:00Z", "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z", "2024-03-22T17:00:00.1234567890Z", "2024-03-22t17:00:00z",
  "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE", "g0000000-0000-0000-0000-000000000000",
  "====", "QUFB", "QUFBQ=", "x".repeat(255), "x".repeat(256), "x".repeat(1000), "x".repeat(1001),
  STORE, "STORE-SEA-1\u0000", "__proto__", "constructor"
)
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongType },
  { weight: 4, arbitrary: oddString },
  { weight: 4, arbitrary: nearlyValid },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: longArray }
)

// ---------------------------------------------------------------------------------------------------------------
// Mutations of a valid body

type Mutation =
  | { kind: "set"; pick: number; value: unknown }
  | { kind: "delete"; pick: number }
  | { kind: "inject"; pick: number; text: string; where: number }
  | { kind: "duplicateElement"; pick: number }
  | { kind: "addField"; pick: number; key: string; value: unknown }
  | { kind: "duplicateKey"; pick: number; value: unknown; first: boolean }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("set" as const), pick: fc.nat(), value: nastyValue }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("inject" as const), pick: fc.nat(), text: oddString, where: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicateElement" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("addField" as const),
      pick: fc.nat(),
      key: fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "", "id", "requestId"), oddString),
      value: nastyValue,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("duplicateKey" as const), pick: fc.nat(), value: nastyValue, first: fc.boolean() }),
  }
)

/** Values are copied into a body: fast-check may hand out one instance (fc.constant) to many samples. */
const copy = (value: unknown) => (value instanceof RawJson ? value : structuredClone(value))

function mutate(base: unknown, mutations: Mutation[]): unknown {
  let body: any = structuredClone(base)
  for (const m of mutations) {
    const all = pathsOf(body)
    const nodes = (keep: (value: unknown, path: Path) => boolean) => all.filter((path) => keep(at(body, path), path))
    const choose = (paths: Path[]) => (paths.length ? paths[m.pick % paths.length] : undefined)
    if (m.kind === "set") {
      const path = choose(all)!
      if (path.length === 0) body = copy(m.value)
      else at(body, path.slice(0, -1))[path[path.length - 1]] = copy(m.value)
    } else if (m.kind === "delete") {
      const path = choose(all.filter((p) => p.length > 0))
      if (!path) continue
      const parent = at(body, path.slice(0, -1))
      if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1)
      else delete parent[path[path.length - 1]]
    } else if (m.kind === "inject") {
      const path = choose(nodes((v) => typeof v === "string"))
      if (!path) continue
      const text: string = at(body, path)
      const where = m.where % (text.length + 1)
      const value = text.slice(0, where) + m.text + text.slice(where)
      if (path.length === 0) body = value
      else at(body, path.slice(0, -1))[path[path.length - 1]] = value
    } else if (m.kind === "duplicateElement") {
      const path = choose(nodes((v) => Array.isArray(v) && v.length > 0))
      if (!path) continue
      const array: unknown[] = at(body, path)
      array.push(structuredClone(array[m.pick % array.length]))
    } else if (m.kind === "addField") {
      const path = choose(nodes((v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof RawJson)))
      if (!path) continue
      Object.defineProperty(at(body, path), m.key, { value: copy(m.value), enumerable: true, writable: true, configurable: true })
    } else if (m.kind === "duplicateKey") {
      const path = choose(
        nodes((v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof RawJson) && Object.keys(v).length > 0)
      )
      if (!path) continue
      const node = at(body, path)
      const keys = Object.keys(node)
      node[DUPLICATE] = { key: keys[m.pick % keys.length], value: copy(m.value), first: m.first } satisfies Duplicate
    }
  }
  return body
}

// ---------------------------------------------------------------------------------------------------------------
// Transport: content type and the bytes of the body

type Transport =
  | { kind: "asIs" }
  | { kind: "contentType"; value: string | null }
  | { kind: "truncate"; where: number }
  | { kind: "append"; text: string }
  | { kind: "flipByte"; where: number; byte: number }
  | { kind: "invalidUtf8"; where: number; bytes: readonly number[] }
  | { kind: "bom" }
  | { kind: "replace"; text: string }
  | { kind: "oversize" }

const transport: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 30, arbitrary: fc.constant({ kind: "asIs" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("contentType" as const),
      value: fc.constantFrom(
        null,
        "",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "application/json-patch+json",
        "application/xml",
        "json",
        "APPLICATION/JSON",
        "application/json; charset=utf-8",
        "application/json;charset=latin1"
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), where: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("append" as const), text: fc.constantFrom("}", "]", ",", "x", " {}", "\u0000", "//") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("flipByte" as const), where: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("invalidUtf8" as const),
      where: fc.nat(),
      bytes: fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("replace" as const),
      text: fc.constantFrom("", " ", "\n", "null", "0", "[]", '""', "true", "{", "{}", "[{}]", '{"a":1,}', "{'a':1}", "NaN", "\u0000"),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "oversize" as const }) }
)

type Attempt = { body: unknown; mutations: Mutation[]; transport: Transport }

function encode(attempt: Attempt): { bytes: Buffer; contentType: string | null } {
  const t = attempt.transport
  let text = serialize(attempt.body)
  if (t.kind === "oversize") text = text.replace(/^\{/, `{"padding":"${"x".repeat(INBOUND_BODY_LIMIT_BYTES)}",`)
  if (t.kind === "replace") text = t.text
  if (t.kind === "truncate") text = text.slice(0, t.where % Math.max(text.length, 1))
  if (t.kind === "append") text += t.text
  let bytes = Buffer.from(text, "utf8")
  if (t.kind === "bom") bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])
  if (t.kind === "flipByte" && bytes.length) {
    bytes = Buffer.from(bytes)
    bytes[t.where % bytes.length] = t.byte
  }
  if (t.kind === "invalidUtf8") {
    const where = t.where % (bytes.length + 1)
    bytes = Buffer.concat([bytes.subarray(0, where), Buffer.from(t.bytes), bytes.subarray(where)])
  }
  return { bytes, contentType: t.kind === "contentType" ? t.value : "application/json" }
}

/** What the server parses out of the bytes (the same decoding as the inbound guard), to know which ids it saw. */
function parsedAsServer(bytes: Buffer): any {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes))
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------------------------

type Answer = { status: number; contentType: string; text: string; json: any }
type Sent = { attempt: Attempt; bytes: Buffer; contentType: string | null; answer: Answer }

/** Amazon's error shape (jwo-contract.md §3): `errorMsg`, optionally `errors[{path, message}]` and a `reason`. */
function amazonShapeProblem(answer: Answer): string | undefined {
  if (!/^application\/json/.test(answer.contentType)) return `content-type ${answer.contentType}`
  const body = answer.json
  if (body === null || typeof body !== "object" || Array.isArray(body)) return "not a JSON object"
  if (typeof body.errorMsg !== "string" || body.errorMsg.length === 0) return "no errorMsg"
  const extra = Object.keys(body).filter((key) => !["errorMsg", "errors", "reason"].includes(key))
  if (extra.length) return `unexpected keys ${extra.join(", ")}`
  if (body.errors !== undefined) {
    if (!Array.isArray(body.errors) || body.errors.length === 0) return "errors is not a non-empty array"
    const bad = body.errors.find((e: any) => typeof e?.path !== "string" || typeof e?.message !== "string" || Object.keys(e).length !== 2)
    if (bad) return `malformed entry in errors: ${JSON.stringify(bad).slice(0, 200)}`
  }
  if (body.reason !== undefined && typeof body.reason !== "string") return "reason is not a string"
  return undefined
}

const describeSent = (sent: Sent) => ({
  status: sent.answer.status,
  answer: sent.answer.text.slice(0, 300),
  contentType: sent.contentType,
  transport: sent.attempt.transport.kind,
  mutations: sent.attempt.mutations.map((m) => m.kind),
  body: sent.bytes.toString("utf8").slice(0, 400),
  bytes: sent.bytes.length,
})

/** Sends every attempt, CONCURRENCY at a time, with the inbound secret. */
async function sendAll(baseUrl: string, path: string, attempts: Attempt[], prepare: (body: unknown) => unknown | Promise<unknown> = (b) => b) {
  const sent: Sent[] = new Array(attempts.length)
  let next = 0
  const worker = async () => {
    for (let index = next++; index < attempts.length; index = next++) {
      const attempt = { ...attempts[index], body: await prepare(attempts[index].body) }
      const { bytes, contentType } = encode(attempt)
      const headers: Record<string, string> = { "x-jwo-connector-secret": INBOUND_SECRET }
      if (contentType !== null) headers["content-type"] = contentType
      const response = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: Uint8Array.from(bytes) })
      const text = await response.text()
      let json: any
      try {
        json = text ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
      sent[index] = { attempt, bytes, contentType, answer: { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json } }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return sent
}

const histogram = (sent: Sent[]) =>
  sent.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s.answer.status]: (counts[s.answer.status] ?? 0) + 1 }), {})

/** Checks every answer; returns the failures (at most a few, with what was sent). */
function problemsOf(sent: Sent[], success: { status: number; check: (json: any) => boolean }, allowed: number[]) {
  const problems: (ReturnType<typeof describeSent> & { problem: string })[] = []
  for (const s of sent) {
    const { status } = s.answer
    let problem: string | undefined
    if (status >= 500) problem = "answered 5xx"
    else if (!allowed.includes(status)) problem = `status ${status} is not one of ${allowed.join(", ")}`
    else if (status >= 400) problem = amazonShapeProblem(s.answer)
    else if (status !== success.status || !success.check(s.answer.json)) problem = "malformed success answer"
    if (problem) problems.push({ problem, ...describeSent(s) })
  }
  return problems
}

/** A JSON string as Postgres stores it: lone surrogates become U+FFFD; a string with U+0000 cannot be stored at all. */
const storable = (value: unknown): value is string => typeof value === "string" && !value.includes("\u0000")
const asStored = (value: string) => value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\ufffd")

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shopperHeaders: Record<string, string>
    let scanCode = { code: "", issuedAt: 0 }
    /** A Scan Key Code at most 20 s old (codes are fresh for 60 s), issued through the store API as the app does. */
    let issuing: Promise<string> | undefined
    const freshCode = async () => {
      if (Date.now() - scanCode.issuedAt < 20_000) return scanCode.code
      return (issuing ??= api
        .post("/store/jwo/scan-keys", {}, { headers: shopperHeaders })
        .then(({ data }: any) => {
          scanCode = { code: data.scan_key.code, issuedAt: Date.now() }
          return scanCode.code
        })
        .finally(() => (issuing = undefined)))
    }

    beforeAll(async () => {
      const container = getContainer()
      const admin = await createAdminHeaders(container)
      const fixtures = await createStoreFixtures(container)
      await api.post("/admin/jwo/stores", storeBody(fixtures), admin)
      const publishableKey = await createPublishableKey(container, fixtures.salesChannel.id)
      shopperHeaders = (await registerShopper(api, publishableKey, "fuzz")).headers
      console.log(`connector fuzz: seed ${SEED}, ${RUNS} bodies per route (replay with JWO_FUZZ_SEED=${SEED})`)
    })

    // The database is restored before every test: a code issued in an earlier test may name a record that is gone.
    beforeEach(() => {
      scanCode = { code: "", issuedAt: 0 }
    })

    const base = () => api.defaults.baseURL as string
    const jwo = () => getContainer().resolve<JwoModuleService>(JWO_MODULE)
    const post = async (path: string, body: unknown, contentType = "application/json") => {
      const response = await fetch(`${base()}${path}`, {
        method: "POST",
        headers: { "content-type": contentType, "x-jwo-connector-secret": INBOUND_SECRET },
        body: typeof body === "string" ? body : body instanceof Uint8Array ? Uint8Array.from(body) : JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json: text ? JSON.parse(text) : undefined }
    }
    const tripCount = async () => (await jwo().listAndCountJwoShoppingTrips({}, { take: 1, select: ["id"] }))[1]
    const tripsWithIds = async (ids: string[]) => {
      const found: string[] = []
      for (const part of chunks(ids, 500)) {
        const trips = await jwo().listJwoShoppingTrips({ idempotent_shopping_trip_id: part }, { select: ["idempotent_shopping_trip_id"] })
        found.push(...trips.map((t: any) => t.idempotent_shopping_trip_id))
      }
      return found
    }

    describe("the holes of issue 17.7, over HTTP", () => {
      it("refuses a NUL or a lone surrogate in a cart string, and an unknown externalIdentifiers type (CP-3.27), with a 400 naming the field and nothing stored", async () => {
        const cases: [(b: any) => void, string][] = [
          [(b) => (b.cartItems[0].id = "\u0000"), "cartItems.0.id"],
          [(b) => (b.cartItems[0].quantity.unit = "kg\u0000"), "cartItems.0.quantity.unit"],
          [(b) => (b.cartItems[0].lineItemId = "\ud800"), "cartItems.0.lineItemId"],
          [(b) => (b.shoppingTrip.authEvents[0].scanResult = { id: "visitor\u0000", type: "SHOPPER" }), "shoppingTrip.authEvents.0.scanResult.id"],
          [(b) => (b.shopperDeviceId = "\u001b[2J"), "shopperDeviceId"],
          [(b) => (b.cartItems[0].externalIdentifiers = [{ id: "012345678905", type: "INVALID_TYPE" }]), "cartItems.0.externalIdentifiers.0.type"],
        ]
        const before = await tripCount()
        for (const [change, path] of cases) {
          const body: any = purchaseBody(STORE, [{ id: "SKU-WATER", lineItemId: "l1" }])
          change(body)
          const response = await post(PURCHASES, body)
          expect(response.status).toBe(400)
          expect(amazonShapeProblem(response)).toBeUndefined()
          expect(response.json.errors.map((e: any) => e.path)).toContain(path)
          expect(response.json.errorMsg).toMatch(new RegExp(`^${path.replace(/\./g, "\\.")}: `))
        }
        // A NUL in the trip id or the store id reaches Postgres before the insert (the idempotency and store lookups).
        for (const [change, path] of [
          [(b: any) => (b.idempotentShoppingTripId = "trip\u0000"), "idempotentShoppingTripId"],
          [(b: any) => (b.storeId = `${STORE}\u0000`), "storeId"],
        ] as const) {
          const body: any = purchaseBody(STORE, [{ id: "SKU-WATER" }])
          change(body)
          const response = await post(PURCHASES, body)
          expect(response).toMatchObject({ status: 400, json: { errors: expect.arrayContaining([expect.objectContaining({ path })]) } })
        }
        expect(await tripCount()).toBe(before)
        // The same cart without the bad character is accepted.
        expect((await post(PURCHASES, purchaseBody(STORE, [{ id: "SKU-WATER", externalIdentifiers: [{ id: "012345678905", type: "EAN" }] }]))).status).toBe(201)
        expect(await tripCount()).toBe(before + 1)
      })

      it("refuses a NUL in the identity body's store id and an unknown keyChannel with a 400, storing no gate decision", async () => {
        const body = {
          requestId: randomUUID(),
          identityKey: base64Of(await freshCode()),
          storeId: `${STORE}\u0000`,
          authEvent: { id: randomUUID(), timestamp: isoSeconds(new Date()), location: "ENTRY" },
        }
        let response = await post(IDENTITY, body)
        expect(response).toMatchObject({ status: 400, json: { errors: [expect.objectContaining({ path: "storeId" })] } })
        response = await post(IDENTITY, { ...body, storeId: STORE, keyChannel: "NFC" })
        expect(response).toMatchObject({ status: 400, json: { errors: [expect.objectContaining({ path: "keyChannel" })] } })
        expect(await jwo().listJwoEntryDecisions({ auth_event_id: body.authEvent.id })).toEqual([])
        response = await post(IDENTITY, { ...body, storeId: STORE, keyChannel: "OPTICAL" })
        expect(response.status).toBe(200)
      })
    })

    describe("body size and encoding", () => {
      it(`accepts a body up to ${INBOUND_BODY_LIMIT_BYTES} bytes and answers a larger one 413 in Amazon's shape, also without a Content-Length`, async () => {
        const body = purchaseBody(STORE, [{ id: "SKU-WATER" }]) as any
        const text = JSON.stringify({ ...body, padding: "" })
        const fitting = text.replace('"padding":""', `"padding":"${"x".repeat(INBOUND_BODY_LIMIT_BYTES - Buffer.byteLength(text))}"`)
        expect(Buffer.byteLength(fitting)).toBe(INBOUND_BODY_LIMIT_BYTES)
        expect((await post(PURCHASES, fitting)).status).toBe(201)

        const tooBig = fitting.replace('"padding":"', '"padding":"x')
        let response = await post(PURCHASES, tooBig)
        expect(response.status).toBe(413)
        expect(amazonShapeProblem(response)).toBeUndefined()
        response = await post(IDENTITY, tooBig)
        expect(response.status).toBe(413)
        expect(amazonShapeProblem(response)).toBeUndefined()

        // Chunked, no Content-Length: the limit is counted while reading.
        const bytes = Buffer.from(JSON.stringify({ ...body, idempotentShoppingTripId: `trip-${randomUUID()}`, padding: "y".repeat(3 * INBOUND_BODY_LIMIT_BYTES) }))
        const chunked = await fetch(`${base()}${PURCHASES}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-jwo-connector-secret": INBOUND_SECRET },
          body: new ReadableStream({
            start(controller) {
              for (let offset = 0; offset < bytes.length; offset += 65536) controller.enqueue(bytes.subarray(offset, offset + 65536))
              controller.close()
            },
          }),
          duplex: "half",
        } as RequestInit)
        expect(chunked.status).toBe(413)
        expect(await chunked.json()).toEqual({ errorMsg: `Request body is larger than ${INBOUND_BODY_LIMIT_BYTES} bytes` })
      })

      it(`lists at most ${MAX_FIELD_ERRORS} broken fields, the first one in errorMsg`, async () => {
        const body: any = purchaseBody(STORE, [])
        body.cartItems = Array.from({ length: 5000 }, (_, i) => ({ id: `SKU-${i}`, type: "EAN", quantity: { value: "1.0", unit: "unit" } }))
        const response = await post(PURCHASES, body)
        expect(response.status).toBe(400)
        expect(response.json.errorMsg).toBe("cartItems.0.type: cartItems[].type must be one of SKU, SCANCODE")
        expect(response.json.errors).toHaveLength(MAX_FIELD_ERRORS)
        expect(response.json.errors[MAX_FIELD_ERRORS - 1].path).toBe(`cartItems.${MAX_FIELD_ERRORS - 1}.type`)
      })

      it("refuses a body that is not UTF-8 with a 400 in Amazon's shape", async () => {
        const text = JSON.stringify(purchaseBody(STORE, [{ id: "SKU-WATER" }]))
        const at = text.indexOf("SKU-WATER")
        const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at))])
        const response = await post(PURCHASES, bytes)
        expect(response).toMatchObject({ status: 400, json: { errorMsg: "Request body is not valid UTF-8" } })
      })
    })

    describe("fuzz", () => {
      it(`Create Purchases: ${RUNS} mutated bodies, no 5xx, every 4xx in Amazon's shape, nothing stored for a refused body`, async () => {
        const authEvent = fc.record(
          {
            id: fc.oneof(fc.uuid(), textId),
            timestamp: validTime,
            location: fc.constantFrom("ENTRY", "MANUAL_IN_STORE"),
            payloadType: fc.constantFrom("FINANCIAL", "SCAN_CODE"),
            scanResult: fc.record(
              { id: textId, type: fc.constantFrom("SHOPPER", "ASSOCIATE", "CASH_SHOPPER") },
              { requiredKeys: [] }
            ),
          },
          { requiredKeys: ["id", "payloadType"] }
        )
        const cartItem = fc.record(
          {
            id: fc.oneof(fc.constantFrom("SKU-WATER", "012345678905", "4006381333931"), textId),
            type: fc.constantFrom("SKU", "SCANCODE"),
            quantity: fc.record({ value: fc.constantFrom("1.0", "0.455", "2", "12.5", "1"), unit: fc.constantFrom("unit", "each", "kg", "lb") }),
            externalIdentifiers: fc.array(
              fc.record({ id: fc.stringMatching(/^\d{8,14}$/), type: fc.constantFrom(...EXTERNAL_IDENTIFIER_TYPES) }),
              { maxLength: 2 }
            ),
            lineItemId: fc.uuid(),
          },
          { requiredKeys: ["id", "type", "quantity"] }
        )
        const purchase = fc
          .record({
            requestId: fc.uuid(),
            idempotentShoppingTripId: fc.uuid().map((id) => `fuzz-${id}`),
            storeId: fc.oneof({ weight: 9, arbitrary: fc.constant(STORE) }, { weight: 1, arbitrary: textId }),
            times: fc.tuple(validTime, validTime).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
            authEvents: fc.array(authEvent, { minLength: 1, maxLength: 3 }),
            cartItems: fc.array(cartItem, { maxLength: 5 }),
            shopperIdentity: fc.option(fc.record({ id: textId }), { nil: undefined }),
            shopperDeviceId: fc.option(textId, { nil: undefined }),
            paymentSource: fc.option(fc.record({ id: textId }), { nil: undefined }),
          })
          .map(({ times, authEvents, ...rest }) => ({
            ...rest,
            shoppingTrip: { startTime: times[0], endTime: times[1], authEvents },
          }))
        const attempts = fc.sample(
          fc.record({
            body: purchase,
            mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 9, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
            transport,
          }),
          { numRuns: RUNS, seed: SEED }
        )
        const bodies: Attempt[] = attempts.map((a) => ({ ...a, body: mutate(a.body, a.mutations) }))

        const before = await tripCount()
        const started = Date.now()
        const sent = await sendAll(base(), PURCHASES, bodies)
        const seconds = (Date.now() - started) / 1000
        console.log(`connector fuzz, Create Purchases: ${sent.length} bodies in ${seconds.toFixed(1)} s, answers ${JSON.stringify(histogram(sent))} (seed ${SEED})`)

        const problems = problemsOf(sent, { status: 201, check: (json) => typeof json?.purchaseId === "string" && Object.keys(json).length === 1 }, [201, 400, 409, 413])
        expect({ seed: SEED, failed: problems.length, first: problems.slice(0, 5) }).toEqual({ seed: SEED, failed: 0, first: [] })

        // Nothing stored for a refused body: the trips added are exactly the ids of the accepted bodies.
        const tripIdOf = (s: Sent) => parsedAsServer(s.bytes)?.idempotentShoppingTripId
        const accepted = new Set(sent.filter((s) => s.answer.status === 201).map(tripIdOf))
        const refused = [...new Set(sent.filter((s) => s.answer.status >= 400).map(tripIdOf))].filter(
          (id): id is string => storable(id) && !accepted.has(id)
        )
        expect({ seed: SEED, stored: await tripsWithIds(refused.map(asStored)) }).toEqual({ seed: SEED, stored: [] })
        expect(await tripCount()).toBe(before + accepted.size)
        // The fuzz reached both outcomes: some bodies were accepted, most refused.
        expect(accepted.size).toBeGreaterThan(RUNS / 50)
        expect(refused.length).toBeGreaterThan(RUNS / 2)
      })

      it(`Verify Identity Keys: ${RUNS} mutated bodies, no 5xx, every 4xx in Amazon's shape, no gate decision stored for a 400`, async () => {
        const NOW = "__now__"
        const SCAN_CODE = "__scan_code__"
        const identity = fc.record(
          {
            requestId: fc.uuid(),
            identityKey: fc.oneof(
              { weight: 5, arbitrary: fc.constant(SCAN_CODE) },
              { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,80}$/).map(base64Of) },
              { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }
            ),
            storeId: fc.oneof({ weight: 9, arbitrary: fc.constant(STORE) }, { weight: 1, arbitrary: textId }),
            authEvent: fc.record({
              id: fc.uuid(),
              timestamp: fc.oneof({ weight: 4, arbitrary: fc.constant(NOW) }, { weight: 1, arbitrary: validTime }),
              location: fc.constantFrom("ENTRY", "MANUAL_IN_STORE"),
            }),
            keyChannel: fc.constant("OPTICAL"),
          },
          { requiredKeys: ["requestId", "identityKey", "storeId", "authEvent"] }
        )
        const attempts = fc.sample(
          fc.record({
            body: identity,
            mutations: fc.oneof({ weight: 1, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 9, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
            transport,
          }),
          { numRuns: RUNS, seed: SEED + 1 }
        )
        const bodies: Attempt[] = attempts.map((a) => ({ ...a, body: mutate(a.body, a.mutations) }))
        // The code and the scan time are filled in when the body is sent, so a fresh code can open the gate.
        const now = async (body: any) => {
          if (body?.identityKey === SCAN_CODE) body.identityKey = base64Of(await freshCode())
          if (body?.authEvent?.timestamp === NOW) body.authEvent.timestamp = isoSeconds(new Date())
          return body
        }

        const decisionCount = async () => (await jwo().listAndCountJwoEntryDecisions({}, { take: 1, select: ["id"] }))[1]
        const before = await decisionCount()
        const started = Date.now()
        const sent = await sendAll(base(), IDENTITY, bodies, now)
        const seconds = (Date.now() - started) / 1000
        console.log(`connector fuzz, Verify Identity Keys: ${sent.length} bodies in ${seconds.toFixed(1)} s, answers ${JSON.stringify(histogram(sent))} (seed ${SEED + 1})`)

        const visitorTypes = ["SHOPPER", "ASSOCIATE", "CASH_SHOPPER"]
        const problems = problemsOf(
          sent,
          { status: 200, check: (json) => typeof json?.visitorDetails?.id === "string" && visitorTypes.includes(json.visitorDetails.type) },
          [200, 400, 401, 413]
        )
        expect({ seed: SEED + 1, failed: problems.length, first: problems.slice(0, 5) }).toEqual({ seed: SEED + 1, failed: 0, first: [] })

        // Only decisions (200, 401) are stored, once per authEvent.id; a 400 stores nothing.
        const eventIdOf = (s: Sent) => parsedAsServer(s.bytes)?.authEvent?.id
        const decided = new Set(sent.filter((s) => [200, 401].includes(s.answer.status)).map(eventIdOf))
        const refused = [...new Set(sent.filter((s) => s.answer.status === 400 || s.answer.status === 413).map(eventIdOf))].filter(
          (id): id is string => storable(id) && !decided.has(id)
        )
        const stored: string[] = []
        for (const part of chunks(refused.map(asStored), 500)) {
          const decisions = await jwo().listJwoEntryDecisions({ auth_event_id: part }, { select: ["auth_event_id"] })
          stored.push(...decisions.map((d: any) => d.auth_event_id))
        }
        expect({ seed: SEED + 1, stored }).toEqual({ seed: SEED + 1, stored: [] })
        expect(await decisionCount()).toBe(before + decided.size)
        expect(sent.filter((s) => s.answer.status === 200).length).toBeGreaterThan(RUNS / 50)
        expect(refused.length).toBeGreaterThan(RUNS / 2)
      })
    })
  },
})
