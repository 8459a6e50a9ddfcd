import type { QueryGraphFunction } from "@medusajs/framework/types"
import { customerGroupWarnings } from "./entry"
import type { JwoOptions } from "./options"

/** Medusa's modules a split deployment needs on Redis: what each instance would otherwise keep to itself. */
const SHARED_MODULES = [
  { key: "event_bus", name: "event bus (@medusajs/medusa/event-bus-redis)", why: "events emitted on a server instance never reach the workers' subscribers" },
  { key: "workflows", name: "workflow engine (@medusajs/medusa/workflow-engine-redis)", why: "workflow executions are not shared between instances" },
  { key: "locking", name: "locking (@medusajs/medusa/locking with locking-redis)", why: "locks do not hold across instances" },
] as const

/**
 * Boot warnings about the deployment (docs/deploy.md): an instance in `server` or `worker` mode whose event bus,
 * workflow engine or locking are not Medusa's Redis modules is half of a split that cannot work. `modules` is the
 * app's resolved module configuration (configManager.config.modules).
 */
export function deploymentWarnings(workerMode: string | undefined, modules: Record<string, unknown> | undefined): string[] {
  if (workerMode !== "server" && workerMode !== "worker") return []
  const resolveOf = (key: string): string => {
    const entry = modules?.[key] as { resolve?: unknown; options?: { providers?: { resolve?: unknown }[] } } | boolean | undefined
    if (!entry || typeof entry !== "object") return ""
    const providers = (entry.options?.providers ?? []).map((p) => String(p.resolve ?? ""))
    return [String(entry.resolve ?? ""), ...providers].join(" ")
  }
  return SHARED_MODULES.filter(({ key }) => !/redis/.test(resolveOf(key))).map(
    ({ name, why }) => `this instance runs in ${workerMode} mode, but its ${name} is not on Redis: ${why}; register Medusa's Redis modules (docs/deploy.md)`
  )
}

/**
 * The configured customer groups (`customerGroups.*`, ids or exact names) that do not exist in Medusa, as warnings.
 * Read with the application's query (Medusa's customer groups): at boot by the module (the application's container,
 * as the queue handlers use it), and by the admin stores list (`warnings`).
 */
export async function missingCustomerGroupWarnings(query: { graph: QueryGraphFunction }, config: JwoOptions["customerGroups"]): Promise<string[]> {
  const values = [...new Set([...config.associates, ...config.cashShoppers, ...config.blocked])]
  if (!values.length) return []
  const fields = ["id", "name"]
  const [byId, byName] = await Promise.all([
    query.graph({ entity: "customer_group", fields, filters: { id: values } }),
    query.graph({ entity: "customer_group", fields, filters: { name: values } }),
  ])
  return customerGroupWarnings(config, [...byId.data, ...byName.data] as { id: string; name: string | null }[])
}
