/**
 * Data for the browser suite, run by the suite as `medusa exec ./integration-tests/browser/seed.ts` against its own
 * database: the grocery of the HTTP tests (region, taxes, sales channel, stock location, products), the JWO store
 * STORE-NYC-1 for it, three customers, and an admin user who logs in with a password. Writes the ids it made as JSON
 * to the file named by JWO_BROWSER_SEED_OUT.
 */
import { writeFileSync } from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow, createUsersWorkflow } from "@medusajs/medusa/core-flows"
import { createJwoStoreWorkflow } from "../../src/workflows/stores"
import { createGrocery, nyStoreBody } from "../helpers/catalog"
import { BROWSER_ADMIN } from "./helpers/constants"


export default async function seedBrowserSuite({ container }: ExecArgs) {
  const out = process.env.JWO_BROWSER_SEED_OUT
  if (!out) throw new Error("JWO_BROWSER_SEED_OUT must name the file the seed writes its ids to")

  const grocery = await createGrocery(container)
  const { result: store } = await createJwoStoreWorkflow(container).run({ input: nyStoreBody(grocery) })
  const { result: customers } = await createCustomersWorkflow(container).run({
    input: {
      customersData: [
        { email: "alex.rivera@jwo.test", first_name: "Alex", last_name: "Rivera", has_account: true },
        { email: "sam.okafor@jwo.test", first_name: "Sam", last_name: "Okafor", has_account: true },
        { email: "kim.lee@jwo.test", first_name: "Kim", last_name: "Lee", has_account: true },
      ],
    },
  })

  // An admin user with a password, as `medusa user -e … -p …` makes one.
  const {
    result: [user],
  } = await createUsersWorkflow(container).run({
    input: { users: [{ email: BROWSER_ADMIN.email, first_name: BROWSER_ADMIN.first_name, last_name: BROWSER_ADMIN.last_name }] },
  })
  const auth = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await auth.register("emailpass", {
    body: { email: BROWSER_ADMIN.email, password: BROWSER_ADMIN.password },
  } as any)
  if (error || !authIdentity) throw new Error(`could not register the admin user: ${error}`)
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: user.id } })

  writeFileSync(
    out,
    JSON.stringify({
      user_id: user.id,
      jwo_store_id: store.id,
      amazon_store_id: store.amazon_store_id,
      region_id: grocery.region.id,
      sales_channel_id: grocery.salesChannel.id,
      stock_location_id: grocery.stockLocation.id,
      customers: customers.map((c) => ({ id: c.id, email: c.email, first_name: c.first_name, last_name: c.last_name })),
    })
  )
}
