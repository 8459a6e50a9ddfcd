import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { CustomerRef, UserRef } from "../../../types"

const PERSON_FIELDS = ["id", "email", "first_name", "last_name"]

async function byIds<T extends { id: string }>(scope: MedusaContainer, entity: string, ids: (string | null | undefined)[]): Promise<Map<string, T>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))]
  if (!unique.length) return new Map()
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields: PERSON_FIELDS, filters: { id: unique } })
  return new Map((data as T[]).map((row) => [row.id, row]))
}

/** Customers by id, in one query (deleted ones are simply absent): staff see names and emails, not ids. */
export function customersById(scope: MedusaContainer, ids: (string | null | undefined)[]) {
  return byIds<CustomerRef>(scope, "customer", ids)
}

/** Admin users by id, for actors stored as "staff:<user id>". */
export function usersById(scope: MedusaContainer, ids: (string | null | undefined)[]) {
  return byIds<UserRef>(scope, "user", ids)
}

/** "staff:user_123" → "user_123"; anything else → null. */
export function staffUserId(actor: string | null | undefined): string | null {
  return actor?.startsWith("staff:") ? actor.slice("staff:".length) || null : null
}
