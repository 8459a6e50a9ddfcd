import { Select } from "@medusajs/ui"
import { useJwoStores } from "../../hooks/api"

const ALL = "__all__"

/** A store filter: "All stores" or one JWO store (value is the JWO store id, "" for all). */
export const StoreSelect = ({ value, onChange }: { value: string; onChange: (value: string) => void }) => {
  const { data } = useJwoStores()
  const stores = data?.jwo_stores ?? []
  if (stores.length < 2 && !value) return null
  return (
    <div className="w-[200px]">
      <Select size="small" value={value || ALL} onValueChange={(v) => onChange(v === ALL ? "" : v)}>
        <Select.Trigger>
          <Select.Value placeholder="All stores" />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL}>All stores</Select.Item>
          {stores.map((store) => (
            <Select.Item key={store.id} value={store.id}>
              {store.name} ({store.amazon_store_id})
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </div>
  )
}

/** A select with an "All" entry (value "" for all). */
export const FilterSelect = ({
  value,
  onChange,
  allLabel,
  options,
}: {
  value: string
  onChange: (value: string) => void
  allLabel: string
  options: { value: string; label: string }[]
}) => (
  <div className="w-[200px]">
    <Select size="small" value={value || ALL} onValueChange={(v) => onChange(v === ALL ? "" : v)}>
      <Select.Trigger>
        <Select.Value placeholder={allLabel} />
      </Select.Trigger>
      <Select.Content>
        <Select.Item value={ALL}>{allLabel}</Select.Item>
        {options.map((option) => (
          <Select.Item key={option.value} value={option.value}>
            {option.label}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)
