import type { MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "node:crypto"
import { createApiKeysWorkflow, linkSalesChannelsToApiKeyWorkflow } from "@medusajs/medusa/core-flows"

/** A publishable API key for the store routes, linked to the given sales channel. */
export async function createPublishableKey(container: MedusaContainer, salesChannelId: string) {
  const {
    result: [key],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "JWO app", type: "publishable", created_by: "test" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [salesChannelId] } })
  return key.token
}

type Http = { post: (url: string, body: unknown, config?: { headers?: Record<string, string> }) => Promise<any> }

/**
 * A customer made the way the retailer's app makes one: register with Medusa's emailpass auth, create the customer
 * through the store API, log in. Returns its id and the headers of a logged-in store request.
 */
export async function registerShopper(api: Http, publishableKey: string, name = "shopper") {
  const email = `${name}-${randomUUID().slice(0, 8)}@jwo.test`
  const password = "correct horse battery staple"
  const pk = { "x-publishable-api-key": publishableKey }
  const registered = await api.post("/auth/customer/emailpass/register", { email, password })
  const created = await api.post(
    "/store/customers",
    { email, first_name: name, last_name: "Test" },
    { headers: { ...pk, authorization: `Bearer ${registered.data.token}` } }
  )
  const login = await api.post("/auth/customer/emailpass", { email, password })
  return {
    id: created.data.customer.id as string,
    email,
    headers: { ...pk, authorization: `Bearer ${login.data.token}` },
  }
}
