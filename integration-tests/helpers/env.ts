/** Environment every HTTP suite boots the app with. */
export const INBOUND_SECRET = "test-inbound-secret-0000000001"
export const INBOUND_SECRET_NEXT = "test-inbound-secret-0000000002"

export function testAppEnv(extra: Record<string, string> = {}) {
  return {
    JWO_INBOUND_SECRETS: `${INBOUND_SECRET},${INBOUND_SECRET_NEXT}`,
    JWO_QUEUE_PREFIX: `jwo-test-${process.pid}-${Date.now()}`,
    MEDUSA_ADMIN_DISABLE: "true",
    ...extra,
  }
}
