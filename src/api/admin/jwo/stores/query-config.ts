export const defaultJwoStoreFields = [
  "id",
  "amazon_store_id",
  "name",
  "sales_channel_id",
  "region_id",
  "stock_location_id",
  "address_country_code",
  "address_province",
  "address_city",
  "address_postal_code",
  "address_line_1",
  "enabled",
  "connectivity_test_enabled",
  "connectivity_test_keys",
  "metadata",
  "created_at",
  "updated_at",
  "sales_channel.id",
  "sales_channel.name",
  "region.id",
  "region.name",
  "region.currency_code",
  "stock_location.id",
  "stock_location.name",
]

export const retrieveJwoStoreQueryConfig = { defaults: defaultJwoStoreFields, isList: false }
export const listJwoStoresQueryConfig = { defaults: defaultJwoStoreFields, isList: true, defaultLimit: 20 }
