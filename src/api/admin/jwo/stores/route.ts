import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createJwoStoreWorkflow } from "../../../../workflows/stores"
import type { AdminCreateJwoStoreType } from "./validators"
import { refetchJwoStore, withEntrySettings } from "./helpers"
import { JWO_MODULE } from "../../../../modules/jwo"
import type JwoModuleService from "../../../../modules/jwo/service"
import { missingCustomerGroupWarnings } from "../../../../modules/jwo/boot-checks"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: jwo_stores, metadata } = await query.graph({
    entity: "jwo_store",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  // What is configured but silently does nothing (the settings page shows these): customer groups that do not exist.
  const warnings = await missingCustomerGroupWarnings(query, req.scope.resolve<JwoModuleService>(JWO_MODULE).getOptions().customerGroups)
  res.json({
    jwo_stores: jwo_stores.map((store) => withEntrySettings(req, store)),
    count: metadata?.count,
    offset: metadata?.skip,
    limit: metadata?.take,
    warnings,
  })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminCreateJwoStoreType>, res: MedusaResponse) {
  const { result } = await createJwoStoreWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ jwo_store: await refetchJwoStore(req, result.id) })
}
