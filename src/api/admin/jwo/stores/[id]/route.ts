import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteJwoStoreWorkflow, updateJwoStoreWorkflow } from "../../../../../workflows/stores"
import type { AdminUpdateJwoStoreType } from "../validators"
import { refetchJwoStore } from "../helpers"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json({ jwo_store: await refetchJwoStore(req, req.params.id) })
}

export async function POST(req: AuthenticatedMedusaRequest<AdminUpdateJwoStoreType>, res: MedusaResponse) {
  await refetchJwoStore(req, req.params.id)
  await updateJwoStoreWorkflow(req.scope).run({ input: { ...req.validatedBody, id: req.params.id } })
  res.json({ jwo_store: await refetchJwoStore(req, req.params.id) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await refetchJwoStore(req, req.params.id)
  await deleteJwoStoreWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "jwo_store", deleted: true })
}
