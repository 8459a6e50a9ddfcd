import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { visitorStatusFor, type GateCustomerFacts, type VisitorStatus } from "../../../modules/jwo/entry"

export type VisitorLookup = { exists: false } | ({ exists: true } & VisitorStatus)

/**
 * A customer's groups and staff block right now, through Medusa's query (missing when deleted). Read-only. The gate
 * reads the same facts in its own statement; it uses this only when the customer tables are in another database.
 */
export async function readVisitorFacts(container: MedusaContainer, customerId: string): Promise<GateCustomerFacts> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const [{ data: customers }, blocks] = await Promise.all([
    query.graph({ entity: "customer", fields: ["id", "groups.id", "groups.name"], filters: { id: customerId } }),
    jwo.listJwoCustomerBlocks({ customer_id: customerId }, { take: 1, select: ["id"] }),
  ])
  const customer = customers[0]
  if (!customer) return { exists: false }
  const groups = ((customer.groups ?? []) as ({ id: string; name: string | null } | null)[])
    .filter((g): g is { id: string; name: string | null } => Boolean(g))
    .map((g) => ({ id: g.id, name: g.name }))
  return { exists: true, groups, blocked_by_staff: blocks.length > 0 }
}

/**
 * A customer's standing at the gate right now: missing (deleted), blocked (by group or by staff), or their visitor
 * type from their customer groups. Read-only; used by the app's code issuing and the admin.
 */
export async function lookUpVisitor(container: MedusaContainer, customerId: string): Promise<VisitorLookup> {
  const facts = await readVisitorFacts(container, customerId)
  if (!facts.exists) return { exists: false }
  const { customerGroups } = container.resolve<JwoModuleService>(JWO_MODULE).getOptions()
  return { exists: true, ...visitorStatusFor(facts.groups, customerGroups, facts.blocked_by_staff) }
}
