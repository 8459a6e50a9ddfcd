import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import { demoPluginOptions } from "./demo/plugin-options"
import { medusaRedisModules } from "./demo/redis-modules"

/**
 * The app that runs this repository as a Medusa app: for the tests and `npm run demo`. Never shipped; a real
 * store installs the built plugin through `plugins: [...]` (see README).
 */
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const redisUrl = process.env.REDIS_URL || undefined
// JWO_PLUGIN_OPTIONS (JSON) replaces the options wholesale: the tests use it to boot with wrong options.
const pluginOptions = process.env.JWO_PLUGIN_OPTIONS
  ? JSON.parse(process.env.JWO_PLUGIN_OPTIONS)
  : demoPluginOptions(process.env.JWO_REDIS_URL ?? redisUrl)

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: (process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server") || "shared",
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000,http://localhost:5173",
      authCors: process.env.AUTH_CORS || "http://localhost:9000,http://localhost:5173,http://localhost:8000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    {
      resolve: "./src/modules/jwo",
      options: pluginOptions,
    },
    // The plugin's payment provider ("payment taken by Amazon"): provider id pp_jwo_jwo, enabled on the JWO regions.
    {
      resolve: "@medusajs/medusa/payment",
      options: { providers: [{ resolve: "./src/providers/jwo-payment", id: "jwo" }] },
    },
    // Medusa's notification module with the local provider: the admin's notification bell reads the `feed` channel,
    // where the plugin's alerts go (README "Alerts").
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email", "feed"] } },
        ],
      },
    },
    // Production shape (server and workers on shared Redis): Medusa's Redis event bus, workflow engine, locking, cache.
    ...(process.env.JWO_MEDUSA_REDIS_MODULES === "true" && redisUrl ? medusaRedisModules(redisUrl) : []),
  ],
})
