import { LoaderOptions } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { parseJwoOptions } from "../options"

/**
 * Validates the plugin options once, when the module loads. A wrong option throws, which stops Medusa's boot with
 * a message naming the option. The parsed options are registered for the service (`getOptions()`).
 */
export default async function jwoOptionsLoader({ container, options, logger }: LoaderOptions) {
  const parsed = parseJwoOptions(options)
  if (parsed.inboundAuth.allowUnauthenticated) {
    logger?.warn(
      "medusa-plugin-jwo: inboundAuth.allowUnauthenticated is true: anyone can call /jwo/v1/* (Identity and Ordering connectors). Use this for local development only."
    )
  }
  if (!parsed.redisUrl) {
    logger?.warn(
      "medusa-plugin-jwo: no redisUrl: the plugin's queues run in-process and lose pending work on restart (demo only)."
    )
  }
  container.register("jwoOptions", asValue(parsed))
}
