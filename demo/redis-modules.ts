/**
 * Medusa's Redis modules, as a production deployment registers them (docs/deploy.md): event bus, workflow engine,
 * locking and cache on the shared Redis, the same four as the README's medusa-config.ts (which the deploy suite and
 * the demo's production profile run). The chaos run boots this repository's app with these
 * (JWO_MEDUSA_REDIS_MODULES=true); `npm run demo` and the test app keep Medusa's in-process defaults.
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
