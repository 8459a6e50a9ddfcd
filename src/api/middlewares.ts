import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { jwoInboundGuard } from "./jwo/inbound"
import {
  AdminCreateJwoStore,
  AdminGetJwoStoreParams,
  AdminGetJwoStoresParams,
  AdminUpdateJwoStore,
} from "./admin/jwo/stores/validators"
import { listJwoStoresQueryConfig, retrieveJwoStoreQueryConfig } from "./admin/jwo/stores/query-config"

export default defineMiddlewares({
  routes: [
    // Amazon's connectors: the guard reads and checks the body itself, so Medusa's parser is off here.
    { matcher: "/jwo/v1*", bodyParser: false, middlewares: [jwoInboundGuard] },

    {
      matcher: "/admin/jwo/stores",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoStoresParams, listJwoStoresQueryConfig)],
    },
    {
      matcher: "/admin/jwo/stores",
      methods: ["POST"],
      middlewares: [
        validateAndTransformBody(AdminCreateJwoStore),
        validateAndTransformQuery(AdminGetJwoStoreParams, retrieveJwoStoreQueryConfig),
      ],
    },
    {
      matcher: "/admin/jwo/stores/:id",
      methods: ["GET", "DELETE"],
      middlewares: [validateAndTransformQuery(AdminGetJwoStoreParams, retrieveJwoStoreQueryConfig)],
    },
    {
      matcher: "/admin/jwo/stores/:id",
      methods: ["POST"],
      middlewares: [
        validateAndTransformBody(AdminUpdateJwoStore),
        validateAndTransformQuery(AdminGetJwoStoreParams, retrieveJwoStoreQueryConfig),
      ],
    },
  ],
})
