import { catalogSettings } from "../config"

describe("catalogSettings", () => {
  const saved = { ...process.env }
  beforeEach(() => {
    for (const key of Object.keys(process.env)) if (key.startsWith("JWO_CATALOG_")) delete process.env[key]
  })
  afterAll(() => {
    process.env = saved
  })

  it("uses the defaults, then the plugin's catalog options", () => {
    expect(catalogSettings()).toMatchObject({ coalesceMs: 3000, pageSize: 250, pollFirstMs: 2000, syncLeaseMs: 60_000 })
    expect(catalogSettings({ coalesceMs: 500, pageSize: 100 })).toMatchObject({ coalesceMs: 500, pageSize: 100, pollFirstMs: 2000 })
  })

  it("lets a JWO_CATALOG_* variable override the option, and ignores one that is not a number ≥ 0", () => {
    process.env.JWO_CATALOG_COALESCE_MS = "800"
    process.env.JWO_CATALOG_PAGE_SIZE = "-3"
    process.env.JWO_CATALOG_POLL_FIRST_MS = "soon"
    expect(catalogSettings({ coalesceMs: 500, pageSize: 100, pollFirstMs: 1000 })).toMatchObject({ coalesceMs: 800, pageSize: 100, pollFirstMs: 1000 })
  })
})
