/**
 * Medusa's Redis modules, as a production deployment registers them (docs/deploy.md): event bus, workflow engine,
 * locking and cache on the shared Redis. The demo's production profile, the chaos test and the deploy suite boot
 * with these (JWO_MEDUSA_REDIS_MODULES=true); `npm run demo` and the test app keep Medusa's in-process defaults.
 */
export function medusaRedisModules(redisUrl: string) {
  return [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }] },
    },
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
  ]
}
