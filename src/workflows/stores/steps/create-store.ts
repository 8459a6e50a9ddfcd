import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import type { AdminJwoStoreInput } from "../../../types"

/** The create body, as the admin API and the admin's store form share it (src/types). */
export type CreateJwoStoreInput = AdminJwoStoreInput

export const createJwoStoreStep = createStep(
  "jwo-create-store-step",
  async (input: CreateJwoStoreInput, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const store = await jwo.createJwoStores({ ...input, address_country_code: input.address_country_code.toLowerCase() })
    return new StepResponse(store, store.id)
  },
  async (id, { container }) => {
    if (!id) return
    await container.resolve<JwoModuleService>(JWO_MODULE).deleteJwoStores(id)
  }
)
