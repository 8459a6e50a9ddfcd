import {
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  StoreGetRecognitionRecordsParams,
  StoreIssueScanKey,
  StoreIssueScanKeyParams,
} from "./store/jwo/validators"
import {
  AdminBlockJwoCustomer,
  AdminGetJwoEntriesParams,
  AdminGetJwoEntryStatsParams,
  AdminGetJwoRecognitionRecordsParams,
} from "./admin/jwo/entries/validators"
import { AdminBulkJwoTrips, AdminGetJwoTripsParams, AdminResolveJwoTrip, AdminRetryJwoTrip } from "./admin/jwo/trips/validators"
import { AdminGetJwoStatsParams } from "./admin/jwo/stats/validators"
import { jwoInboundGuard } from "./jwo/inbound"
import {
  AdminGetJwoCatalogItemsParams,
  AdminGetJwoCatalogParams,
  AdminGetJwoCatalogSyncsParams,
  AdminGetJwoCatalogUploadsParams,
  AdminRetryJwoCatalogItems,
  AdminStartJwoCatalogSync,
} from "./admin/jwo/catalog/validators"
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

    // The retailer's app: a logged-in customer (the publishable key is checked by Medusa on every /store route).
    { matcher: "/store/jwo*", middlewares: [authenticate("customer", ["session", "bearer"])] },
    {
      matcher: "/store/jwo/scan-keys",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(StoreIssueScanKey), validateAndTransformQuery(StoreIssueScanKeyParams, {})],
    },
    {
      matcher: "/store/jwo/recognition-records",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(StoreGetRecognitionRecordsParams, { isList: true, defaultLimit: 20 })],
    },

    {
      matcher: "/admin/jwo/entries",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoEntriesParams, { isList: true, defaultLimit: 50 })],
    },
    {
      matcher: "/admin/jwo/entries/stats",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoEntryStatsParams, {})],
    },
    {
      matcher: "/admin/jwo/recognition-records",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoRecognitionRecordsParams, { isList: true, defaultLimit: 50 })],
    },
    {
      matcher: "/admin/jwo/customers/:id/block",
      methods: ["POST"],
      middlewares: [validateAndTransformBody(AdminBlockJwoCustomer)],
    },
    {
      matcher: "/admin/jwo/trips",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoTripsParams, { isList: true, defaultLimit: 20 })],
    },
    { matcher: "/admin/jwo/trips/:id/retry", methods: ["POST"], middlewares: [validateAndTransformBody(AdminRetryJwoTrip)] },
    { matcher: "/admin/jwo/trips/:id/resolve", methods: ["POST"], middlewares: [validateAndTransformBody(AdminResolveJwoTrip)] },
    { matcher: "/admin/jwo/trips/bulk", methods: ["POST"], middlewares: [validateAndTransformBody(AdminBulkJwoTrips)] },
    // The dashboard's figures (GET /admin/jwo/stats) and the configuration staff may see (GET /admin/jwo/settings).
    { matcher: "/admin/jwo/stats", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetJwoStatsParams, {})] },
    // Catalog sync (docs/catalog.md)
    { matcher: "/admin/jwo/catalog", methods: ["GET"], middlewares: [validateAndTransformQuery(AdminGetJwoCatalogParams, {})] },
    {
      matcher: "/admin/jwo/catalog/items",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoCatalogItemsParams, { isList: true, defaultLimit: 50 })],
    },
    {
      matcher: "/admin/jwo/catalog/uploads",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoCatalogUploadsParams, { isList: true, defaultLimit: 20 })],
    },
    {
      matcher: "/admin/jwo/catalog/syncs",
      methods: ["GET"],
      middlewares: [validateAndTransformQuery(AdminGetJwoCatalogSyncsParams, { isList: true, defaultLimit: 20 })],
    },
    { matcher: "/admin/jwo/catalog/syncs", methods: ["POST"], middlewares: [validateAndTransformBody(AdminStartJwoCatalogSync)] },
    { matcher: "/admin/jwo/catalog/retry", methods: ["POST"], middlewares: [validateAndTransformBody(AdminRetryJwoCatalogItems)] },
  ],
})
