import { spawn } from "node:child_process"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { applyTestAppEnv } from "../helpers/env"
import { modulePluginOptions } from "../fixtures/plugin-options"

jest.setTimeout(120_000)
applyTestAppEnv()

/** Runs `medusa start` against the suite's migrated database; resolves when it answers /health or exits. */
function bootMedusa(clientUrl: string, pluginOptions: object, port: number) {
  return new Promise<{ healthy: boolean; exitCode: number | null; output: string }>((resolve) => {
    // Its own process group, so stopping it stops medusa under npx too (killing npx alone leaves Medusa listening).
    const child = spawn("npx", ["medusa", "start"], {
      cwd: process.cwd(),
      detached: true,
      env: {
        ...process.env,
        DATABASE_URL: clientUrl,
        PORT: String(port),
        MEDUSA_ADMIN_DISABLE: "true",
        // Warnings are what this test reads (the suites run at "error").
        LOG_LEVEL: "warn",
        JWO_PLUGIN_OPTIONS: JSON.stringify(pluginOptions),
      },
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    let healthy = false
    const poll = setInterval(async () => {
      if (await fetch(`http://localhost:${port}/health`).then((r) => r.ok, () => false)) {
        clearInterval(poll)
        healthy = true
        process.kill(-child.pid!, "SIGKILL")
      }
    }, 500)
    child.on("exit", (exitCode) => {
      clearInterval(poll)
      resolve({ healthy, exitCode: healthy ? null : exitCode, output })
    })
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ dbConfig }) => {
    // `medusa start` runs with NODE_ENV=production, where the plugin requires a Redis URL.
    const redisUrl = process.env.JWO_REDIS_URL || "redis://localhost:6379"

    it("refuses to start listing every wrong option in one boot (its own checks and those across options), and starts once they are fixed, warning about a missing customer group", async () => {
      const bad = modulePluginOptions({
        redisUrl,
        scanKey: { prefix: "JWO", secrets: "s".repeat(40), freshnessSeconds: 500 },
        // A check across options (the key without its secret), in the same boot as the simple one above.
        amazon: { ...modulePluginOptions().amazon, secretAccessKey: undefined },
      })
      const refused = await bootMedusa(dbConfig.clientUrl, bad, 9571)
      expect(refused.healthy).toBe(false)
      expect(refused.exitCode).not.toBe(0)
      expect(refused.output).toContain("medusa-plugin-jwo cannot start: 2 plugin options are wrong.")
      expect(refused.output).toContain("scanKey.freshnessSeconds: must be between 30 and 90 seconds")
      expect(refused.output).toContain("amazon.secretAccessKey: accessKeyId and secretAccessKey go together")
      expect(refused.output).not.toContain("s".repeat(40))

      const good = modulePluginOptions({
        redisUrl,
        scanKey: { prefix: "JWO", secrets: "s".repeat(40), freshnessSeconds: 90 },
        customerGroups: { blocked: "Blocked at JWO" },
      })
      const started = await bootMedusa(dbConfig.clientUrl, good, 9572)
      expect(started.output).not.toContain("cannot start")
      expect(started.healthy).toBe(true)
      // (Production logs are JSON lines: the group's name is in escaped quotes.)
      expect(started.output).toMatch(/"level":"warn","message":"medusa-plugin-jwo: customerGroups\.blocked: no customer group \\"Blocked at JWO\\" exists/)
    })
  },
})
