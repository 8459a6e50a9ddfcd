import { parseItem, parseWalkArgs, runWalk } from "../walk-cli"

const required = ["--store-id", "S1", "--scan-key-code", "JWO1ABC", "--item", "SKU-1", "--secret", "s3cret"]

describe("medusa-plugin-jwo walk: arguments", () => {
  it("reads cart lines as SKU, SKU=qty and SKU=qty:unit, keeping quantities as decimal strings", () => {
    expect(parseItem("JWO-BEV-003")).toEqual({ id: "JWO-BEV-003", type: "SKU", quantity: { value: "1", unit: "unit" } })
    expect(parseItem("A=2")).toEqual({ id: "A", type: "SKU", quantity: { value: "2", unit: "unit" } })
    expect(parseItem("JWO-PRD-001=0.455:kg")).toEqual({ id: "JWO-PRD-001", type: "SKU", quantity: { value: "0.455", unit: "kg" } })
    for (const bad of ["A=", "A=-1", "A=1:", "A=x", "=2"]) expect(() => parseItem(bad)).toThrow(/SKU=QUANTITY/)
  })

  it("takes defaults and environment, and flags win over the environment", () => {
    const parsed = parseWalkArgs(["walk", ...required, "--item=B=0.5:kg"], {})
    expect(parsed).toEqual({
      help: false,
      config: {
        pluginBaseUrl: "http://localhost:9000",
        sandboxUrl: "http://127.0.0.1:4010",
        storeId: "S1",
        scanCode: "JWO1ABC",
        secret: "s3cret",
        cartItems: [
          { id: "SKU-1", type: "SKU", quantity: { value: "1", unit: "unit" } },
          { id: "B", type: "SKU", quantity: { value: "0.5", unit: "kg" } },
        ],
        chargeTimeoutMs: 60_000,
      },
    })
    const fromEnv = parseWalkArgs(["--scan-key-code", "C", "--item", "A"], { JWO_STORE_ID: "E1", JWO_INBOUND_SECRET: "e", JWO_PLUGIN_URL: "http://m:9000", JWO_SANDBOX_URL: "http://s:1" })
    expect(fromEnv).toMatchObject({ config: { storeId: "E1", secret: "e", pluginBaseUrl: "http://m:9000", sandboxUrl: "http://s:1" } })
    expect(parseWalkArgs([...required, "--store-id", "S2"], { JWO_STORE_ID: "E1" })).toMatchObject({ config: { storeId: "S2" } })
  })

  it.each([
    [["--scan-key-code", "C", "--item", "A", "--secret", "s"], /--store-id is required/],
    [["--store-id", "S", "--item", "A", "--secret", "s"], /--scan-key-code is required/],
    [["--store-id", "S", "--scan-key-code", "C", "--item", "A"], /--secret \(or JWO_INBOUND_SECRET\) is required/],
    [["--store-id", "S", "--scan-key-code", "C", "--secret", "s"], /at least one --item/],
    [[...required, "--timeout", "0"], /--timeout must be a whole number/],
    [[...required, "--plugin-url", "localhost:9000"], /--plugin-url must be an http\(s\) URL/],
    [[...required, "--store"], /Unknown argument "--store"/],
    [[...required, "--item"], /--item needs a value/],
  ])("refuses %j naming the fix", (argv, message) => {
    expect(() => parseWalkArgs(argv as string[], {})).toThrow(message)
  })

  it("prints usage for --help and exits 2 on bad arguments without calling anything", async () => {
    const out: string[] = []
    const err: string[] = []
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }
    expect((await runWalk(["walk", "--help"], {}, io)).code).toBe(0)
    expect(out.join("\n")).toMatch(/^Usage: medusa-plugin-jwo walk/)
    expect((await runWalk(["walk", "--store-id", "S"], {}, io)).code).toBe(2)
    expect(err).toEqual(["[jwo-walk] --scan-key-code is required (POST /store/jwo/scan-keys as the logged-in customer returns one)"])
  })
})
