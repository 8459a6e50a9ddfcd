import { spawn } from "node:child_process"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { applyTestAppEnv } from "../helpers/env"
import { modulePluginOptions } from "../fixtures/plugin-options"

jest.setTimeout(120_000)
applyTestAppEnv()

/** Runs `medusa start` against the suite's migrated database; resolves when it answers /health or exits. */
function bootMedusa(clientUrl: string, pluginOptions: object, port: number) {
  return new Promise<{ healthy: boolean; exitCode: number | null; output: string }>((resolve) => {
    const child = spawn("npx", ["medusa", "start"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: clientUrl,
        PORT: String(port),
        MEDUSA_ADMIN_DISABLE: "true",
        JWO_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
      },
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    const poll = setInterval(async () => {
      const healthy = await fetch(`http://localhost:${port}/health`).then((r) => r.ok, () => false)
      if (healthy) {
        clearInterval(poll)
        child.kill("SIGTERM")
        resolve({ healthy: true, exitCode: null, output })
      }
    }, 500)
    child.on("exit", (exitCode) => {
      clearInterval(poll)
      resolve({ healthy: false, exitCode, output })
    })
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ dbConfig }) => {
    // `medusa start` runs with NODE_ENV=production, where the plugin requires a Redis URL.
    const redisUrl = process.env.JWO_REDIS_URL || "redis://localhost:6379"

    it("refuses to start with a freshness window of 500, naming the option, and starts once it is fixed", async () => {
      const bad = modulePluginOptions({
        redisUrl,
        scanKey: { prefix: "JWO", secrets: "s".repeat(40), freshnessSeconds: 500 },
      })
      const refused = await bootMedusa(dbConfig.clientUrl, bad, 9571)
      expect(refused.healthy).toBe(false)
      expect(refused.exitCode).not.toBe(0)
      expect(refused.output).toContain("medusa-plugin-jwo cannot start: 1 plugin option is wrong.")
      expect(refused.output).toContain("scanKey.freshnessSeconds: must be between 30 and 90 seconds")
      expect(refused.output).not.toContain("s".repeat(40))

      const good = modulePluginOptions({ redisUrl, scanKey: { prefix: "JWO", secrets: "s".repeat(40), freshnessSeconds: 90 } })
      const started = await bootMedusa(dbConfig.clientUrl, good, 9572)
      expect(started.output).not.toContain("cannot start")
      expect(started.healthy).toBe(true)
    })
  },
})
