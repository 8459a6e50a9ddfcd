import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { JwoPaymentProviderService } from "./service"

export { JwoPaymentProviderService } from "./service"

export default ModuleProvider(Modules.PAYMENT, {
  services: [JwoPaymentProviderService],
})
