import type { MedusaContainer } from "@medusajs/framework/types"
import { generateJwtToken, Modules } from "@medusajs/framework/utils"

/** An admin user made through Medusa's user and auth modules, and the headers that authenticate as it. */
export async function createAdminHeaders(container: MedusaContainer) {
  const users = container.resolve(Modules.USER)
  const auth = container.resolve(Modules.AUTH)
  const email = `admin-${Math.random().toString(36).slice(2)}@jwo.test`
  const user = await users.createUsers({ email, first_name: "Test", last_name: "Admin" })
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email }],
    app_metadata: { user_id: user.id },
  })
  const token = generateJwtToken(
    { actor_id: user.id, actor_type: "user", auth_identity_id: identity.id, app_metadata: { user_id: user.id } },
    { secret: process.env.JWT_SECRET || "supersecret", expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` } }
}
