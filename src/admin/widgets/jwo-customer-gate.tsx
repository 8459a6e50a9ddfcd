import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminCustomer, DetailWidgetProps } from "@medusajs/framework/types"
import { Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ErrorNote, Loading, Section } from "../components/jwo/common"
import { BlockControls, RecognitionRecords, StandingFields } from "../components/jwo/customer-gate"
import { useJwoCustomer } from "../hooks/api"

/** The customer's standing at Just Walk Out gates (Block / Unblock) and their apps (Revoke). */
const JwoCustomerGateWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { data, error } = useJwoCustomer(customer.id)

  return (
    <Section
      testId="jwo-customer-gate"
      title="Just Walk Out"
      subtitle="May this customer enter the stores, and with which apps."
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
          <BlockControls standing={data.jwo_customer} />
        </>
      )}
      <div className="px-6 py-3">
        <Text size="small" weight="plus">
          Apps (recognition records)
        </Text>
      </div>
      <RecognitionRecords customerId={customer.id} />
    </Section>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-plugin-jwo:customer-gate",
})

export default JwoCustomerGateWidget
