import type { Sandbox } from "../server"
import { clock, plain, signedPost, start } from "./helpers"

const UPLOAD = "/v1/catalog/upload"
const STATUS = "/v1/catalog/getCatalogUploadStatus"

function item(i: number, overrides: Record<string, unknown> = {}) {
  return {
    item_sku: `SKU-${i}`,
    external_product_id: "012345678905", // valid UPC-A
    external_product_id_type: "UPC",
    item_name: `Item ${i}`,
    store_id: "STORE-1",
    ...overrides,
  }
}
const items = (n: number) => Array.from({ length: n }, (_, i) => item(i))

describe("sandbox Catalog API", () => {
  let sandbox: Sandbox
  const upload = (body: unknown) => signedPost(sandbox.url, UPLOAD, body)
  const status = (ingestionId: string) => signedPost(sandbox.url, STATUS, { ingestionId })

  beforeAll(async () => {
    sandbox = await start({ storeIds: ["STORE-1", "STORE-2"], catalogRateLimit: false })
  })
  afterAll(() => sandbox.close())
  beforeEach(() => sandbox.reset())

  it("accepts an upload: 201 {ingestionId}", async () => {
    const res = await upload({ catalogItems: [item(1), item(2, { store_id: "STORE-2" })] })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ ingestionId: expect.any(String) })
    expect(sandbox.state.uploads.get(res.body.ingestionId)!.items).toHaveLength(2)
  })

  it("accepts 10,000 items and refuses 10,001", async () => {
    expect((await upload({ catalogItems: items(10_000) })).status).toBe(201)
    const res = await upload({ catalogItems: items(10_001) })
    expect(res).toMatchObject({ status: 400, body: { errorMsg: "Request contains 10001 catalog items; at most 10000 are allowed per request" } })
  })

  it.each([
    ["not JSON", "{oops", "Invalid request body"],
    ["no catalogItems", { items: [] }, "Invalid request body: catalogItems must be an array"],
    ["empty catalogItems", { catalogItems: [] }, "Invalid request body: catalogItems must not be empty"],
    ["item_sku missing", { catalogItems: [item(1, { item_sku: undefined })] }, "Invalid request body: catalogItems[0].item_sku is required"],
    ["external_product_id missing", { catalogItems: [item(1, { external_product_id: "" })] }, "Invalid request body: catalogItems[0].external_product_id is required"],
    ["item_name missing", { catalogItems: [item(1), item(2, { item_name: undefined })] }, "Invalid request body: catalogItems[1].item_name is required"],
    ["store_id missing", { catalogItems: [item(1, { store_id: undefined })] }, "Invalid request body: catalogItems[0].store_id is required"],
    ["a field over 255", { catalogItems: [item(1, { item_name: "x".repeat(256) })] }, "Invalid request body: catalogItems[0].item_name is longer than 255 characters"],
    [
      "more than 50 additional ids",
      { catalogItems: [item(1, { additional_external_product_information: Array.from({ length: 51 }, () => ({ external_product_id: "4006381333931" })) })] },
      "Invalid request body: catalogItems[0].additional_external_product_information has 51 entries; at most 50 are allowed",
    ],
    ["an unknown store id", { catalogItems: [item(1), item(2, { store_id: "STORE-9" })] }, "One or more StoreID's present in the request is incorrect"],
  ])("refuses a request with %s → 400", async (_name, body, errorMsg) => {
    const res = await upload(body)
    expect(res).toMatchObject({ status: 400, body: { errorMsg } })
    expect(sandbox.state.uploads.size).toBe(0)
  })

  it("accepts exactly 255 characters and 50 additional ids", async () => {
    const res = await upload({
      catalogItems: [item(1, { item_name: "x".repeat(255), additional_external_product_information: Array.from({ length: 50 }, () => ({ external_product_id: "4006381333931" })) })],
    })
    expect(res.status).toBe(201)
  })

  it("refuses unsigned catalog calls with 403", async () => {
    expect((await plain("POST", `${sandbox.url}${UPLOAD}`, { catalogItems: items(1) })).status).toBe(403)
    expect((await plain("POST", `${sandbox.url}${STATUS}`, { ingestionId: "x" })).status).toBe(403)
  })

  it("moves an upload INQUEUE → INPROGRESS → DONE over successive polls, with a report link when DONE", async () => {
    const { body } = await upload({ catalogItems: items(2) })
    expect((await status(body.ingestionId)).body).toEqual({ processingStatus: "INQUEUE" })
    expect((await status(body.ingestionId)).body).toEqual({ processingStatus: "INPROGRESS" })
    const done = await status(body.ingestionId)
    expect(done).toMatchObject({ status: 200, body: { processingStatus: "DONE", reportDownloadLink: expect.stringContaining(`${sandbox.url}/reports/`) } })
  })

  it("refuses a status request for an unknown or missing ingestionId", async () => {
    expect(await status("nope")).toMatchObject({ status: 400, body: { errorMsg: "No catalog upload with ingestionId nope" } })
    const res = await signedPost(sandbox.url, STATUS, {})
    expect(res).toMatchObject({ status: 400, body: { errorMsg: "Invalid request body: ingestionId must be 1 to 255 characters" } })
  })

  it("reports per-item results: accepted, bad check digit, and SKUs rejected through the control API", async () => {
    expect((await plain("POST", `${sandbox.url}/_sandbox/catalog/reject`, { skus: ["SKU-3"], message: "Duplicate SKU in store" })).status).toBe(200)
    const { body } = await upload({
      catalogItems: [item(1), item(2, { external_product_id: "012345678901" }), item(3), item(4, { external_product_id: "4011" })],
    })
    let link: string | undefined
    for (let i = 0; i < 3 && !link; i++) link = (await status(body.ingestionId)).body.reportDownloadLink
    const report = await plain("GET", link!)
    expect(report.status).toBe(200)
    expect(report.body).toEqual({
      ingestionId: body.ingestionId,
      processingStatus: "DONE",
      summary: { total: 4, accepted: 2, rejected: 2 },
      items: [
        { item_sku: "SKU-1", store_id: "STORE-1", status: "ACCEPTED" },
        { item_sku: "SKU-2", store_id: "STORE-1", status: "REJECTED", message: expect.stringMatching(/^external_product_id: .*check digit is wrong \(expected 5\)/) },
        { item_sku: "SKU-3", store_id: "STORE-1", status: "REJECTED", message: "Duplicate SKU in store" },
        { item_sku: "SKU-4", store_id: "STORE-1", status: "ACCEPTED" },
      ],
    })
    const listed = await plain("GET", `${sandbox.url}/_sandbox/uploads`)
    expect(listed.body.uploads).toEqual([
      expect.objectContaining({ ingestionId: body.ingestionId, itemCount: 4, processingStatus: "DONE", reportSummary: { total: 4, accepted: 2, rejected: 2 } }),
    ])
    const one = await plain("GET", `${sandbox.url}/_sandbox/uploads/${body.ingestionId}`)
    expect(one.body).toMatchObject({ ingestionId: body.ingestionId, polls: 3, items: expect.arrayContaining([expect.objectContaining({ item_sku: "SKU-4" })]), report: report.body })
  })

  it("serves a report only through an unexpired, untampered link, fetched without a signature", async () => {
    const c = clock()
    const timed = await start({ now: c.now, catalogTiming: { mode: "polls", pollsPerStep: 0 }, reportLinkValiditySeconds: 3600 })
    try {
      const { body } = await signedPost(timed.url, UPLOAD, { catalogItems: items(1) })
      const link: string = (await signedPost(timed.url, STATUS, { ingestionId: body.ingestionId })).body.reportDownloadLink
      expect(link).toMatch(/\?X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=3600&X-Amz-Signature=[0-9a-f]{64}$/)

      expect((await plain("GET", link, undefined, { authorization: "AWS4-HMAC-SHA256 Credential=..." })).body.errorMsg).toMatch(/^Only one auth mechanism allowed/)
      expect(await plain("GET", link.replace("X-Amz-Expires=3600", "X-Amz-Expires=9999"))).toMatchObject({ status: 403 })
      c.advance(59 * 60_000)
      expect((await plain("GET", link)).status).toBe(200)
      c.advance(2 * 60_000)
      expect(await plain("GET", link)).toMatchObject({ status: 403, body: { errorMsg: "Request has expired" } })
    } finally {
      await timed.close()
    }
  })

  it("can progress by time instead of polls", async () => {
    const c = clock()
    const timed = await start({ now: c.now, catalogTiming: { mode: "time", inQueueMs: 1000, inProgressMs: 2000 } })
    try {
      const { body } = await signedPost(timed.url, UPLOAD, { catalogItems: items(1) })
      const poll = async () => (await signedPost(timed.url, STATUS, { ingestionId: body.ingestionId })).body.processingStatus
      expect([await poll(), await poll()]).toEqual(["INQUEUE", "INQUEUE"])
      c.advance(1000)
      expect(await poll()).toBe("INPROGRESS")
      c.advance(2000)
      expect(await poll()).toBe("DONE")
    } finally {
      await timed.close()
    }
  })

  it("ends the next upload in FATAL when told to through the control API", async () => {
    expect((await plain("POST", `${sandbox.url}/_sandbox/catalog/fail`, { status: "FATAL" })).status).toBe(201)
    const failed = (await upload({ catalogItems: items(1) })).body.ingestionId
    const fine = (await upload({ catalogItems: items(1) })).body.ingestionId
    for (let i = 0; i < 2; i++) await status(failed)
    expect((await status(failed)).body).toEqual({ processingStatus: "FATAL" })
    for (let i = 0; i < 2; i++) await status(fine)
    expect((await status(fine)).body.processingStatus).toBe("DONE")
  })

  it("answers the 11th catalog request within one second with 429, across both endpoints", async () => {
    const c = clock()
    const limited = await start({ now: c.now })
    try {
      const { body } = await signedPost(limited.url, UPLOAD, { catalogItems: items(1) })
      for (let i = 0; i < 9; i++) {
        const res = i % 2 ? await signedPost(limited.url, UPLOAD, { catalogItems: items(1) }) : await signedPost(limited.url, STATUS, { ingestionId: body.ingestionId })
        expect(res.status).not.toBe(429)
      }
      const eleventh = await signedPost(limited.url, UPLOAD, { catalogItems: items(1) })
      expect(eleventh).toMatchObject({ status: 429, body: { errorMsg: "Too Many Requests" } })
      expect((await signedPost(limited.url, STATUS, { ingestionId: body.ingestionId })).status).toBe(429)
      c.advance(999)
      expect((await signedPost(limited.url, UPLOAD, { catalogItems: items(1) })).status).toBe(429)
      c.advance(1)
      expect((await signedPost(limited.url, UPLOAD, { catalogItems: items(1) })).status).toBe(201)
    } finally {
      await limited.close()
    }
  })
})
