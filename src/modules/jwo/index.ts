import { Module } from "@medusajs/framework/utils"
import JwoModuleService from "./service"
import jwoOptionsLoader from "./loaders/options"

export const JWO_MODULE = "jwo"

export default Module(JWO_MODULE, {
  service: JwoModuleService,
  loaders: [jwoOptionsLoader],
})

export { JwoModuleService }
export type { JwoOptions, JwoOptionsInput } from "./options"
