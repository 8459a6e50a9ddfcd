import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ErrorNote, Loading, Section } from "../components/jwo/common"
import { BlockControls, RecognitionRecords, StandingFields } from "../components/jwo/customer-gate"
import { useJwoQuery } from "../lib/jwo-api"
import type { JwoCustomerStanding } from "../lib/jwo-types"

/** The customer's standing at Just Walk Out gates (Block / Unblock) and their apps (Revoke). */
const JwoCustomerGateWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, error, reload, setData } = useJwoQuery<{ jwo_customer: JwoCustomerStanding }>(
    `/admin/jwo/customers/${customer.id}`
  )

  return (
    <Section
      title="Just Walk Out"
      actions={
        <Link to={`/jwo?customer_id=${encodeURIComponent(customer.id)}`} className="txt-compact-small text-ui-fg-interactive">
          Trips
        </Link>
      }
    >
      {error && <ErrorNote prefix="Could not load the gate standing" message={error.message} />}
      {!error && !data && <Loading />}
      {data && (
        <>
          <StandingFields standing={data.jwo_customer} />
          <BlockControls standing={data.jwo_customer} onStanding={(jwo_customer) => setData({ jwo_customer })} />
        </>
      )}
      <div className="px-6 py-3">
        <Text size="small" weight="plus">
          Apps (recognition records)
        </Text>
      </div>
      <RecognitionRecords customerId={customer.id} onChange={reload} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-plugin-jwo:customer-gate",
})

export default JwoCustomerGateWidget
