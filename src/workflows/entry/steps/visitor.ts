import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { visitorStatusFor, type VisitorStatus } from "../../../modules/jwo/entry"

export type VisitorLookup = { exists: false } | ({ exists: true } & VisitorStatus)

/**
 * A customer's standing at the gate right now: missing (deleted), blocked (by group or by staff), or their visitor
 * type from their customer groups. Read-only; used by both the gate and the app's code issuing.
 */
export async function lookUpVisitor(container: MedusaContainer, customerId: string): Promise<VisitorLookup> {
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
  return { exists: true, ...visitorStatusFor(groups, jwo.getOptions().customerGroups, blocks.length > 0) }
}
