import { parseCatalogReport } from "../upload"

describe("parseCatalogReport", () => {
  it("reads the sandbox's report shape, per item, for this store only", () => {
    const report = {
      ingestionId: "x",
      processingStatus: "DONE",
      summary: { total: 3, accepted: 1, rejected: 2 },
      items: [
        { item_sku: "A", store_id: "S1", status: "ACCEPTED" },
        { item_sku: "B", store_id: "S1", status: "REJECTED", message: "bad barcode" },
        { item_sku: "C", store_id: "S2", status: "ACCEPTED" },
      ],
    }
    expect(parseCatalogReport(report, "S1")).toEqual([
      { sku: "A", status: "accepted", message: null },
      { sku: "B", status: "rejected", message: "bad barcode" },
    ])
  })

  it("accepts camelCase envelopes and gives a message to a rejection without one", () => {
    expect(parseCatalogReport({ results: [{ itemSku: "A", storeId: "S1", itemStatus: "FAILED" }] }, "S1")).toEqual([
      { sku: "A", status: "rejected", message: "Amazon reported FAILED" },
    ])
  })

  it("returns null when the report has no item list", () => {
    expect(parseCatalogReport({ summary: {} }, "S1")).toBeNull()
    expect(parseCatalogReport("not json", "S1")).toBeNull()
    expect(parseCatalogReport(null, "S1")).toBeNull()
  })
})
