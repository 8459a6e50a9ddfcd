import { readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { INBOUND_ROUTES, matchesAnySecret } from "../inbound"

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return routeFiles(path)
    return /^route\.(ts|js)$/.test(name) ? [path] : []
  })
}

describe("INBOUND_ROUTES", () => {
  it("lists exactly the connector route files under src/api/jwo/v1", () => {
    const apiRoot = join(__dirname, "..", "..")
    let files: string[] = []
    try {
      files = routeFiles(join(__dirname, "..", "v1"))
    } catch {
      files = [] // no connector routes yet
    }
    const paths = files.map((file) => `/${relative(apiRoot, file).replace(/\/route\.(ts|js)$/, "")}`).sort()
    expect(paths).toEqual(Object.keys(INBOUND_ROUTES).sort())
  })
})

describe("matchesAnySecret", () => {
  const accepted = ["current-secret-0000001", "previous-secret-000002"]

  it("accepts any of the configured secrets", () => {
    expect(matchesAnySecret("current-secret-0000001", accepted)).toBe(true)
    expect(matchesAnySecret("previous-secret-000002", accepted)).toBe(true)
  })

  it("refuses a missing, empty, truncated, extended or differently-cased secret", () => {
    for (const presented of [undefined, "", "current-secret-000000", "current-secret-00000011", "CURRENT-SECRET-0000001"]) {
      expect(matchesAnySecret(presented, accepted)).toBe(false)
    }
  })

  it("refuses everything when no secret is configured", () => {
    expect(matchesAnySecret("", [])).toBe(false)
    expect(matchesAnySecret("anything", [])).toBe(false)
  })
})
