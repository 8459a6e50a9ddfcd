import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  createRemoteLinkStep,
  createServiceZonesWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
} from "@medusajs/medusa/core-flows"
import { JWO_MODULE } from "../../modules/jwo"
import type JwoModuleService from "../../modules/jwo/service"
import { storePickupMemo } from "./pickup-memo"

/** The names the plugin gives what it makes, and how it finds them again. */
export const JWO_PICKUP = {
  shippingOptionName: "Just Walk Out",
  shippingOptionType: { label: "Just Walk Out", description: "Taken in a Just Walk Out store, paid through Amazon", code: "jwo" },
  shippingProfile: { name: "Just Walk Out", type: "jwo" },
  /** Marks the plugin's service zone (metadata) and shipping option (data). */
  marker: "jwo_pickup",
} as const

export type StorePickup = {
  jwo_store_id: string
  /** Where the store's goods leave from: its stock location, else the first location of its sales channel. */
  location_id: string | null
  fulfillment_set_id: string | null
  service_zone_id: string | null
  shipping_option_id: string | null
  /** Why there is no pickup option (no stock location). */
  missing: string | null
}

type PickupState = StorePickup & {
  provider_id: string
  provider_linked: boolean
  shipping_profile_id: string | null
  currency_code: string
  country_code: string
  /** Names free to use for what is missing (fulfillment set and service zone names are unique in Medusa). */
  set_name: string
  zone_name: string
}

/**
 * What exists of a store's pickup: its location, the location's `pickup` fulfillment set (the plugin's, or one the
 * merchant made in Medusa Admin), the plugin's service zone in it and the "Just Walk Out" shipping option, the
 * fulfillment provider's link to the location and the plugin's shipping profile. Read-only.
 */
const findStorePickupStep = createStep("jwo-find-store-pickup-step", async (input: { jwo_store_id: string }, { container }) => {
  const jwo = container.resolve<JwoModuleService>(JWO_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const providerId = jwo.getOptions().trips.fulfillmentProviderId
  const store = await jwo.retrieveJwoStore(input.jwo_store_id)

  const { data: channels } = await query.graph({ entity: "sales_channel", fields: ["id", "stock_locations.id"], filters: { id: store.sales_channel_id } })
  const channelLocations: string[] = (channels[0]?.stock_locations ?? []).filter(Boolean).map((l: any) => l.id)
  const locationId = store.stock_location_id ?? channelLocations[0] ?? null
  const { data: regions } = await query.graph({ entity: "region", fields: ["currency_code"], filters: { id: store.region_id } })
  const base = {
    jwo_store_id: store.id,
    location_id: locationId,
    fulfillment_set_id: null,
    service_zone_id: null,
    shipping_option_id: null,
    missing: null,
    provider_id: providerId,
    provider_linked: false,
    shipping_profile_id: null,
    currency_code: regions[0]?.currency_code ?? "usd",
    country_code: store.address_country_code.toLowerCase(),
    set_name: "",
    zone_name: "",
  }
  if (!locationId) {
    return new StepResponse<PickupState>({
      ...base,
      missing: `the store's sales channel ${store.sales_channel_id} has no stock location, so its orders cannot be fulfilled from one`,
    })
  }

  const [provider] = await fulfillment.listFulfillmentProviders({ id: [providerId] })
  if (!provider) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `The fulfillment provider ${providerId} (plugin option trips.fulfillmentProviderId) is not registered in this app: ` +
        `register it in the fulfillment module's providers (Medusa's manual provider is "@medusajs/medusa/fulfillment-manual", id "manual"), or set the option to one that is`
    )
  }
  const { data: locations } = await query.graph({
    entity: "stock_location",
    fields: [
      "id",
      "name",
      "fulfillment_providers.id",
      "fulfillment_sets.id",
      "fulfillment_sets.name",
      "fulfillment_sets.type",
      "fulfillment_sets.metadata",
      "fulfillment_sets.service_zones.id",
      "fulfillment_sets.service_zones.name",
      "fulfillment_sets.service_zones.metadata",
      "fulfillment_sets.service_zones.shipping_options.id",
      "fulfillment_sets.service_zones.shipping_options.data",
      "fulfillment_sets.service_zones.shipping_options.provider_id",
    ],
    filters: { id: locationId },
  })
  const location = locations[0] as any
  if (!location) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Stock location ${locationId} of JWO store ${store.id} does not exist`)
  const pickupSets = (location.fulfillment_sets ?? []).filter((s: any) => s?.type === "pickup")
  const set = pickupSets.find((s: any) => s.metadata?.[JWO_PICKUP.marker]) ?? pickupSets[0] ?? null
  const zone = (set?.service_zones ?? []).find((z: any) => z?.metadata?.[JWO_PICKUP.marker]) ?? null
  const option = (zone?.shipping_options ?? []).find((o: any) => o?.data?.[JWO_PICKUP.marker] && o.provider_id === providerId) ?? null
  const [profile] = await fulfillment.listShippingProfiles({ type: JWO_PICKUP.shippingProfile.type }, { take: 1 })

  const free = async (kind: "set" | "zone", wanted: string): Promise<string> => {
    const taken = kind === "set" ? await fulfillment.listFulfillmentSets({ name: wanted }) : await fulfillment.listServiceZones({ name: wanted })
    return taken.length ? `${wanted} (${location.id})` : wanted
  }
  const providerLinked = (location.fulfillment_providers ?? []).some((p: any) => p?.id === providerId)
  // A whole pickup is remembered for this version of the store row (pickup-memo.ts): finished orders skip this read.
  storePickupMemo.set(store.id, store.updated_at, {
    location_id: locationId,
    fulfillment_set_id: set?.id,
    service_zone_id: zone?.id,
    shipping_option_id: providerLinked && profile ? option?.id : undefined,
  })
  return new StepResponse<PickupState>({
    ...base,
    fulfillment_set_id: set?.id ?? null,
    service_zone_id: zone?.id ?? null,
    shipping_option_id: option?.id ?? null,
    provider_linked: providerLinked,
    shipping_profile_id: profile?.id ?? null,
    set_name: set ? "" : await free("set", `${location.name} pickup`),
    zone_name: zone ? "" : await free("zone", `Just Walk Out — ${location.name}`),
  })
})

/**
 * A `pickup` fulfillment set at the location, with the plugin's service zone (the store's country), linked to the
 * location, as Medusa Admin's "Pickup" switch on a location makes it. The compensation deletes both.
 */
const createPickupSetStep = createStep(
  "jwo-create-pickup-fulfillment-set-step",
  async (input: { location_id: string; set_name: string; zone_name: string; country_code: string }, { container }) => {
    const fulfillment = container.resolve(Modules.FULFILLMENT)
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    const [set] = await fulfillment.createFulfillmentSets([
      {
        name: input.set_name,
        type: "pickup",
        metadata: { [JWO_PICKUP.marker]: true },
        service_zones: [{ name: input.zone_name, metadata: { [JWO_PICKUP.marker]: true }, geo_zones: [{ type: "country", country_code: input.country_code }] }],
      } as any,
    ])
    const linked = { [Modules.STOCK_LOCATION]: { stock_location_id: input.location_id }, [Modules.FULFILLMENT]: { fulfillment_set_id: set.id } }
    await link.create([linked])
    const zoneId = (set.service_zones ?? [])[0]?.id as string
    return new StepResponse({ fulfillment_set_id: set.id, service_zone_id: zoneId }, { set_id: set.id, linked })
  },
  async (made, { container }) => {
    if (!made) return
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss([made.linked])
    await container.resolve(Modules.FULFILLMENT).deleteFulfillmentSets([made.set_id])
  }
)

export const ensureStorePickupWorkflowId = "jwo-ensure-store-pickup"

/**
 * `jwo-ensure-store-pickup` (input `{ jwo_store_id }`): makes sure a JWO store's orders can be fulfilled in the
 * store, the Medusa-native way for goods handed over at a location: a `pickup` fulfillment set at the store's stock
 * location, a service zone for the store's country, and a "Just Walk Out" shipping option (the manual provider by
 * default, `trips.fulfillmentProviderId`; price 0; not offered to storefronts: rule `enabled_in_store` false, never a
 * return option). Creates only what is missing: run when a store is created or changed, and before every finished
 * order. A store without a stock location gets nothing (`missing` says why): its orders are completed unfulfilled.
 */
export const ensureStorePickupWorkflow = createWorkflow(ensureStorePickupWorkflowId, (input: { jwo_store_id: string }) => {
  const found = findStorePickupStep(input)
  const has = transform({ found }, ({ found }) => Boolean(found.location_id))

  when({ found, has }, ({ found, has }) => has && !found.provider_linked).then(() => {
    createRemoteLinkStep(
      transform({ found }, ({ found }) => [
        { [Modules.STOCK_LOCATION]: { stock_location_id: found.location_id! }, [Modules.FULFILLMENT]: { fulfillment_provider_id: found.provider_id } },
      ])
    )
  })
  const profiles = when({ found, has }, ({ found, has }) => has && !found.shipping_profile_id).then(() =>
    createShippingProfilesWorkflow.runAsStep({ input: { data: [{ name: JWO_PICKUP.shippingProfile.name, type: JWO_PICKUP.shippingProfile.type }] } })
  )
  const set = when({ found, has }, ({ found, has }) => has && !found.fulfillment_set_id).then(() =>
    createPickupSetStep(
      transform({ found }, ({ found }) => ({ location_id: found.location_id!, set_name: found.set_name, zone_name: found.zone_name, country_code: found.country_code }))
    )
  )
  // A pickup set the merchant made (Medusa Admin's "Pickup" on the location) gets the plugin's zone added.
  const zones = when({ found, has }, ({ found, has }) => has && Boolean(found.fulfillment_set_id) && !found.service_zone_id).then(() =>
    createServiceZonesWorkflow.runAsStep({
      input: transform({ found }, ({ found }) => ({
        data: [
          {
            name: found.zone_name,
            fulfillment_set_id: found.fulfillment_set_id!,
            geo_zones: [{ type: "country" as const, country_code: found.country_code }],
            metadata: { [JWO_PICKUP.marker]: true },
          } as any,
        ],
      })),
    })
  )
  const ids = transform({ found, profiles, set, zones }, ({ found, profiles, set, zones }) => ({
    shipping_profile_id: found.shipping_profile_id ?? (profiles as any[] | undefined)?.[0]?.id ?? null,
    service_zone_id: found.service_zone_id ?? (set as any)?.service_zone_id ?? (zones as any[] | undefined)?.[0]?.id ?? null,
  }))
  when({ found, has }, ({ found, has }) => has && !found.shipping_option_id).then(() =>
    createShippingOptionsWorkflow.runAsStep({
      input: transform({ found, ids }, ({ found, ids }) => [
        {
          name: JWO_PICKUP.shippingOptionName,
          service_zone_id: ids.service_zone_id!,
          shipping_profile_id: ids.shipping_profile_id!,
          provider_id: found.provider_id,
          price_type: "flat" as const,
          prices: [{ currency_code: found.currency_code, amount: 0 }],
          type: { ...JWO_PICKUP.shippingOptionType },
          data: { [JWO_PICKUP.marker]: true },
          rules: [
            { attribute: "enabled_in_store", operator: "eq" as const, value: "false" },
            { attribute: "is_return", operator: "eq" as const, value: "false" },
          ],
        },
      ]),
    })
  )
  const after = findStorePickupStep(input).config({ name: "jwo-find-store-pickup-after-step" })
  const pickup = transform({ after }, ({ after }): StorePickup => ({
    jwo_store_id: after.jwo_store_id,
    location_id: after.location_id,
    fulfillment_set_id: after.fulfillment_set_id,
    service_zone_id: after.service_zone_id,
    shipping_option_id: after.shipping_option_id,
    missing: after.missing,
  }))
  return new WorkflowResponse(pickup)
})
