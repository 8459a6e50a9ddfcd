/** Environment every HTTP suite boots the app with. */
export const INBOUND_SECRET = "test-inbound-secret-0000000001"
export const INBOUND_SECRET_NEXT = "test-inbound-secret-0000000002"

/**
 * Sets the app's environment. Call at the top of a spec file: the test runner reads medusa-config.ts before it
 * applies its own `env` option, so plugin options must come from process.env set here.
 */
export function applyTestAppEnv(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    JWO_INBOUND_SECRETS: `${INBOUND_SECRET},${INBOUND_SECRET_NEXT}`,
    JWO_QUEUE_PREFIX: `jwo-test-${process.pid}-${Date.now()}`,
    MEDUSA_ADMIN_DISABLE: "true",
    // The demo reads the sandbox's notifications queue by default; suites that test notifications set their own.
    JWO_CATALOG_NOTIFICATIONS_QUEUE_URL: "off",
    ...extra,
  })
}
