import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { JWO_MODULE } from "../../../modules/jwo"
import type JwoModuleService from "../../../modules/jwo/service"
import { storePickupMemo } from "../../orders/pickup-memo"
import type { CreateJwoStoreInput } from "./create-store"

export type UpdateJwoStoreInput = Partial<CreateJwoStoreInput> & { id: string }

export const updateJwoStoreStep = createStep(
  "jwo-update-store-step",
  async (input: UpdateJwoStoreInput, { container }) => {
    const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
    const previous = await jwo.retrieveJwoStore(input.id)
    const update = input.address_country_code
      ? { ...input, address_country_code: input.address_country_code.toLowerCase() }
      : input
    const store = await jwo.updateJwoStores(update)
    storePickupMemo.forget(input.id)
    return new StepResponse(store, previous)
  },
  async (previous, { container }) => {
    if (!previous) return
    const { created_at, updated_at, deleted_at, ...restore } = previous as typeof previous & Record<string, unknown>
    await container.resolve<JwoModuleService>(JWO_MODULE).updateJwoStores(restore)
  }
)
