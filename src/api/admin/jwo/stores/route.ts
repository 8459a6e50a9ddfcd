import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createJwoStoreWorkflow } from "../../../../workflows/stores"
import type { AdminCreateJwoStoreType } from "./validators"
import { refetchJwoStore, withEntrySettings } from "./helpers"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: jwo_stores, metadata } = await query.graph({
    entity: "jwo_store",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({ jwo_stores: jwo_stores.map((store) => withEntrySettings(req, store)), count: metadata?.count, offset: metadata?.skip, limit: metadata?.take })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminCreateJwoStoreType>, res: MedusaResponse) {
  const { result } = await createJwoStoreWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ jwo_store: await refetchJwoStore(req, result.id) })
}
