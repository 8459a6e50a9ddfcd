import { Button, Drawer, Input, Label, Select, Switch, Text, Textarea, clx, toast } from "@medusajs/ui"
import { useEffect, useMemo, useState, type ReactNode } from "react"
import type { AdminJwoStore, AdminJwoStoreInput, CheckoutPricingMode } from "../../../../types"
import {
  errorMessage,
  useCreateJwoStore,
  useRegionOptions,
  useSalesChannelOptions,
  useStockLocationOptions,
  useUpdateJwoStore,
} from "../../../hooks/api"

const NONE = "__none__"

type FormState = {
  name: string
  amazon_store_id: string
  sales_channel_id: string
  region_id: string
  stock_location_id: string
  address_country_code: string
  address_province: string
  address_city: string
  address_postal_code: string
  address_line_1: string
  enabled: boolean
  checkout_pricing_mode: CheckoutPricingMode
  checkout_use_test_host: boolean
  connectivity_test_enabled: boolean
  connectivity_test_keys: string
}

function initialState(store?: AdminJwoStore | null): FormState {
  return {
    name: store?.name ?? "",
    amazon_store_id: store?.amazon_store_id ?? "",
    sales_channel_id: store?.sales_channel_id ?? "",
    region_id: store?.region_id ?? "",
    stock_location_id: store?.stock_location_id ?? "",
    address_country_code: store?.address_country_code ?? "",
    address_province: store?.address_province ?? "",
    address_city: store?.address_city ?? "",
    address_postal_code: store?.address_postal_code ?? "",
    address_line_1: store?.address_line_1 ?? "",
    enabled: store?.enabled ?? true,
    checkout_pricing_mode: store?.checkout_pricing_mode ?? "line",
    checkout_use_test_host: store?.checkout_use_test_host ?? false,
    connectivity_test_enabled: store?.connectivity_test_enabled ?? false,
    connectivity_test_keys: (store?.connectivity_test_keys ?? []).join("\n"),
  }
}

/** The body for the API: empty optional texts are null; keys one per line. The API validates everything. */
function toBody(form: FormState): AdminJwoStoreInput {
  const text = (value: string) => (value.trim() ? value.trim() : null)
  const keys = form.connectivity_test_keys
    .split(/\r?\n/)
    .map((k) => k.trim())
    .filter(Boolean)
  return {
    name: form.name.trim(),
    amazon_store_id: form.amazon_store_id.trim(),
    sales_channel_id: form.sales_channel_id,
    region_id: form.region_id,
    stock_location_id: form.stock_location_id || null,
    address_country_code: form.address_country_code,
    address_province: text(form.address_province),
    address_city: text(form.address_city),
    address_postal_code: text(form.address_postal_code),
    address_line_1: text(form.address_line_1),
    enabled: form.enabled,
    checkout_pricing_mode: form.checkout_pricing_mode,
    checkout_use_test_host: form.checkout_use_test_host,
    connectivity_test_enabled: form.connectivity_test_enabled,
    connectivity_test_keys: keys.length ? keys : null,
  }
}

/** Only what changed, for an update (the API takes a partial body and refuses an empty one). */
function changes(before: AdminJwoStoreInput, after: AdminJwoStoreInput): Partial<AdminJwoStoreInput> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof AdminJwoStoreInput)[]) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) out[key] = after[key]
  }
  return out as Partial<AdminJwoStoreInput>
}

/** Field names the API's message names (Medusa: "Field 'x' …", "Unrecognized fields: 'x'", or `x "…" …`). */
function fieldsNamed(message: string): Set<string> {
  const names = new Set<string>()
  for (const match of message.matchAll(/([a-z_0-9]+)(?:'|"|\b)/g)) names.add(match[1])
  return names
}

const Row = ({ label, htmlFor, hint, error, children }: { label: string; htmlFor: string; hint?: string; error?: boolean; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <Label size="small" htmlFor={htmlFor} className={clx(error && "text-ui-fg-error")}>
      {label}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    )}
  </div>
)

const ToggleRow = ({ id, label, hint, checked, onChange }: { id: string; label: string; hint: string; checked: boolean; onChange: (v: boolean) => void }) => (
  <div className="flex items-start gap-x-3">
    <Switch id={id} checked={checked} onCheckedChange={onChange} />
    <div className="flex flex-col">
      <Label size="small" htmlFor={id}>
        {label}
      </Label>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {hint}
      </Text>
    </div>
  </div>
)

/**
 * Create or edit a JWO store in a drawer: what Amazon calls it, the Medusa records its trips are priced with, the
 * tax address, Checkout settings and the connectivity-test identities. The API validates (the same rules as for
 * `POST /admin/jwo/stores`); its message is shown and the fields it names are marked.
 */
export const StoreFormDrawer = ({
  open,
  onOpenChange,
  store,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The store to edit; none to create one. */
  store?: AdminJwoStore | null
}) => {
  const [form, setForm] = useState<FormState>(() => initialState(store))
  const create = useCreateJwoStore()
  const update = useUpdateJwoStore(store?.id ?? "")
  const salesChannels = useSalesChannelOptions()
  const regions = useRegionOptions()
  const locations = useStockLocationOptions()
  const mutation = store ? update : create

  useEffect(() => {
    if (open) {
      setForm(initialState(store))
      create.reset()
      update.reset()
    }
  }, [open, store?.id]) // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }))
  const region = regions.data?.regions.find((r) => r.id === form.region_id)
  const countries = useMemo(() => region?.countries ?? [], [region])
  // A new region: take its only country, or clear a country it does not have.
  useEffect(() => {
    if (!region) return
    const codes = countries.map((c) => c.iso_2).filter((c): c is string => Boolean(c))
    if (!codes.includes(form.address_country_code)) set("address_country_code", codes.length === 1 ? codes[0]! : "")
  }, [region?.id]) // eslint-disable-line react-hooks/exhaustive-deps

  const message = mutation.error ? errorMessage(mutation.error) : ""
  const named = fieldsNamed(message)
  const missing = !form.name.trim() || !form.amazon_store_id.trim() || !form.sales_channel_id || !form.region_id || !form.address_country_code

  const submit = () => {
    const body = toBody(form)
    if (store) {
      const diff = changes(toBody(initialState(store)), body)
      if (!Object.keys(diff).length) {
        onOpenChange(false)
        return
      }
      update.mutate(diff, {
        onSuccess: ({ jwo_store }) => {
          toast.success(`${jwo_store.name} saved`)
          onOpenChange(false)
        },
      })
    } else {
      create.mutate(body, {
        onSuccess: ({ jwo_store }) => {
          toast.success(`${jwo_store.name} created`, { description: `Amazon store id ${jwo_store.amazon_store_id}` })
          onOpenChange(false)
        },
      })
    }
  }

  const select = (
    id: string,
    value: string,
    onChange: (v: string) => void,
    options: { value: string; label: string }[],
    placeholder: string,
    allowNone = false
  ) => (
    <Select value={value || (allowNone ? NONE : undefined)} onValueChange={(v) => onChange(v === NONE ? "" : v)}>
      <Select.Trigger id={id} aria-invalid={named.has(id.replace("jwo-store-", "")) || undefined}>
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {allowNone && <Select.Item value={NONE}>None (the sales channel's first location)</Select.Item>}
        {options.map((o) => (
          <Select.Item key={o.value} value={o.value}>
            {o.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )

  const input = (key: keyof FormState, placeholder?: string) => (
    <Input
      id={`jwo-store-${key}`}
      size="small"
      value={form[key] as string}
      placeholder={placeholder}
      aria-invalid={named.has(key) || undefined}
      onChange={(e) => set(key, e.target.value as never)}
    />
  )

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <Drawer.Header>
          <Drawer.Title>{store ? `Edit ${store.name}` : "Create a Just Walk Out store"}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {message && (
            <div className="bg-ui-tag-red-bg rounded-md px-3 py-2">
              <Text size="small" className="text-ui-fg-error" role="alert">
                {message}
              </Text>
            </div>
          )}
          <div className="flex flex-col gap-y-4">
            <Row label="Name" htmlFor="jwo-store-name" error={named.has("name")}>
              {input("name", "Seattle 7th Ave")}
            </Row>
            <Row
              label="Amazon store id"
              htmlFor="jwo-store-amazon_store_id"
              hint="The storeId Amazon sends in every call, exactly as in the Merchant Portal."
              error={named.has("amazon_store_id")}
            >
              {input("amazon_store_id", "STORE-SEA-1")}
            </Row>
          </div>
          <div className="flex flex-col gap-y-4">
            <Text size="small" weight="plus">
              Priced with
            </Text>
            <Row label="Sales channel" htmlFor="jwo-store-sales_channel_id" hint="Its products are the store's catalog." error={named.has("sales_channel_id")}>
              {select(
                "jwo-store-sales_channel_id",
                form.sales_channel_id,
                (v) => set("sales_channel_id", v),
                (salesChannels.data?.sales_channels ?? []).map((c) => ({ value: c.id, label: c.name })),
                "Choose a sales channel"
              )}
            </Row>
            <Row label="Region" htmlFor="jwo-store-region_id" hint="Its currency, prices and taxes apply." error={named.has("region_id")}>
              {select(
                "jwo-store-region_id",
                form.region_id,
                (v) => set("region_id", v),
                (regions.data?.regions ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.currency_code.toUpperCase()})` })),
                "Choose a region"
              )}
            </Row>
            <Row label="Stock location" htmlFor="jwo-store-stock_location_id" hint="Where taken goods leave stock." error={named.has("stock_location_id")}>
              {select(
                "jwo-store-stock_location_id",
                form.stock_location_id,
                (v) => set("stock_location_id", v),
                (locations.data?.stock_locations ?? []).map((l) => ({ value: l.id, label: l.name })),
                "None",
                true
              )}
            </Row>
          </div>
          <div className="flex flex-col gap-y-4">
            <Text size="small" weight="plus">
              Tax address (the tax location of every trip)
            </Text>
            <Row label="Country" htmlFor="jwo-store-address_country_code" hint="One of the region's countries." error={named.has("address_country_code")}>
              {select(
                "jwo-store-address_country_code",
                form.address_country_code,
                (v) => set("address_country_code", v),
                countries.filter((c) => c.iso_2).map((c) => ({ value: c.iso_2!, label: c.display_name ?? c.iso_2!.toUpperCase() })),
                region ? "Choose a country" : "Choose the region first"
              )}
            </Row>
            <div className="grid grid-cols-2 gap-3">
              <Row label="Province or state code" htmlFor="jwo-store-address_province" hint="e.g. us-wa" error={named.has("address_province")}>
                {input("address_province", "us-wa")}
              </Row>
              <Row label="City" htmlFor="jwo-store-address_city" error={named.has("address_city")}>
                {input("address_city")}
              </Row>
              <Row label="Postal code" htmlFor="jwo-store-address_postal_code" error={named.has("address_postal_code")}>
                {input("address_postal_code")}
              </Row>
              <Row label="Address" htmlFor="jwo-store-address_line_1" error={named.has("address_line_1")}>
                {input("address_line_1")}
              </Row>
            </div>
          </div>
          <div className="flex flex-col gap-y-4">
            <Text size="small" weight="plus">
              Checkout
            </Text>
            <Row
              label="Pricing mode"
              htmlFor="jwo-store-checkout_pricing_mode"
              hint="How Amazon reads the line amounts: for the whole line (default) or per unit. The charge is the same."
            >
              {select(
                "jwo-store-checkout_pricing_mode",
                form.checkout_pricing_mode,
                (v) => set("checkout_pricing_mode", v as CheckoutPricingMode),
                [
                  { value: "line", label: "Whole line" },
                  { value: "unit", label: "Per unit" },
                ],
                "Whole line"
              )}
            </Row>
            <ToggleRow
              id="jwo-store-checkout_use_test_host"
              label="Use Amazon's test host"
              hint="Checkout calls go to the .test. host: nobody is charged (connectivity testing)."
              checked={form.checkout_use_test_host}
              onChange={(v) => set("checkout_use_test_host", v)}
            />
          </div>
          <div className="flex flex-col gap-y-4">
            <Text size="small" weight="plus">
              Gate
            </Text>
            <ToggleRow
              id="jwo-store-enabled"
              label="Enabled"
              hint="A disabled store refuses every scan (STORE_DISABLED) and its trips are still recorded."
              checked={form.enabled}
              onChange={(v) => set("enabled", v)}
            />
            <ToggleRow
              id="jwo-store-connectivity_test_enabled"
              label="Connectivity-test identities"
              hint="The keys below open the gate for Amazon's test visitor (Merchant Portal connectivity test)."
              checked={form.connectivity_test_enabled}
              onChange={(v) => set("connectivity_test_enabled", v)}
            />
            {form.connectivity_test_enabled && (
              <Row label="Test identity keys (one per line, at most 10)" htmlFor="jwo-store-connectivity_test_keys" error={named.has("connectivity_test_keys")}>
                <Textarea
                  id="jwo-store-connectivity_test_keys"
                  value={form.connectivity_test_keys}
                  rows={3}
                  onChange={(e) => set("connectivity_test_keys", e.target.value)}
                />
              </Row>
            )}
          </div>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" disabled={mutation.isPending}>
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" isLoading={mutation.isPending} disabled={missing} onClick={submit}>
            {store ? "Save" : "Create store"}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
