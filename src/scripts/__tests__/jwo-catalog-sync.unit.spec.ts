import { parseCatalogSyncArgs } from "../jwo-catalog-sync"

describe("parseCatalogSyncArgs (the words `medusa exec` passes, and the environment)", () => {
  it("takes store ids, force and wait as positional words", () => {
    expect(parseCatalogSyncArgs(["STORE-1", "jwostore_2", "force", "wait"], {})).toEqual({ stores: ["STORE-1", "jwostore_2"], force: true, wait: true })
    expect(parseCatalogSyncArgs([], {})).toEqual({ stores: [], force: false, wait: false })
    // yargs turns a numeric word into a number
    expect(parseCatalogSyncArgs([1234], {})).toEqual({ stores: ["1234"], force: false, wait: false })
    // a store literally named "force"
    expect(parseCatalogSyncArgs(["store=force"], {})).toEqual({ stores: ["force"], force: false, wait: false })
  })

  it("takes the same from JWO_SYNC_STORES, JWO_SYNC_FORCE and JWO_SYNC_WAIT", () => {
    expect(parseCatalogSyncArgs([], { JWO_SYNC_STORES: "A, B", JWO_SYNC_FORCE: "true", JWO_SYNC_WAIT: "1" })).toEqual({ stores: ["A", "B"], force: true, wait: true })
    expect(parseCatalogSyncArgs(["C"], { JWO_SYNC_STORES: "A", JWO_SYNC_FORCE: "false" })).toEqual({ stores: ["A", "C"], force: false, wait: false })
  })

  it("refuses an unknown flag with the usage instead of ignoring it", () => {
    expect(() => parseCatalogSyncArgs(["--everything"], {})).toThrow(/Unknown argument --everything\. Usage: npx medusa exec/)
  })
})
