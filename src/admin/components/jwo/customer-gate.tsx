import { Badge, Button, Label, Table, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import type { AdminJwoCustomerStanding, AdminJwoRecognitionRecord } from "../../../types"
import { errorMessage, useBlockJwoCustomer, useJwoRecognitionRecords, useRevokeJwoRecognitionRecord, useUnblockJwoCustomer } from "../../hooks/api"
import { formatActor, formatDateTime, humanize } from "../../lib/jwo-format"
import { Empty, ErrorNote, Field, Loading } from "./common"

/** Block (with an optional reason) or lift a staff block. */
export const BlockControls = ({ standing }: { standing: AdminJwoCustomerStanding }) => {
  const block = useBlockJwoCustomer(standing.id)
  const unblock = useUnblockJwoCustomer(standing.id)
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState("")
  const error = block.error ?? unblock.error

  const doBlock = () =>
    block.mutate(reason.trim() ? { reason: reason.trim() } : {}, {
      onSuccess: () => {
        setOpen(false)
        setReason("")
        toast.success("Blocked at every Just Walk Out gate")
      },
    })
  const doUnblock = () => unblock.mutate(undefined, { onSuccess: () => toast.success("Staff block lifted") })

  return (
    <div className="flex flex-col gap-y-2 px-6 py-4">
      {standing.blocked_by_staff ? (
        <Button size="small" variant="secondary" className="w-fit" isLoading={unblock.isPending} onClick={doUnblock}>
          Unblock
        </Button>
      ) : !open ? (
        <Button size="small" variant="danger" className="w-fit" onClick={() => setOpen(true)}>
          Block at the gates
        </Button>
      ) : (
        <>
          <Label size="small" htmlFor="jwo-block-reason">
            Reason (optional)
          </Label>
          <Textarea id="jwo-block-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          <Text size="xsmall" className="text-ui-fg-subtle">
            Their next scan at any gate is refused (CUSTOMER_BLOCKED) and their app gets no new codes.
          </Text>
          <div className="flex gap-x-2">
            <Button size="small" variant="secondary" disabled={block.isPending} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button size="small" variant="danger" isLoading={block.isPending} onClick={doBlock}>
              Block
            </Button>
          </div>
        </>
      )}
      {standing.blocked_by_group && (
        <Text size="xsmall" className="text-ui-fg-subtle">
          Blocked through a customer group: remove the customer from that group to let them in.
        </Text>
      )}
      {error && (
        <Text size="xsmall" className="text-ui-fg-error" role="alert">
          {errorMessage(error)}
        </Text>
      )}
    </div>
  )
}

/** May the customer enter, as what, and why not. */
export const StandingFields = ({ standing }: { standing: AdminJwoCustomerStanding }) => (
  <>
    <Field label="At the gate">
      <Badge size="2xsmall" color={standing.may_enter ? "green" : "red"}>
        {standing.may_enter ? "May enter" : standing.blocked_by_staff ? "Blocked by staff" : "Blocked by group"}
      </Badge>
    </Field>
    {standing.may_enter && <Field label="Enters as">{humanize(standing.visitor_type)}</Field>}
    {standing.block && (
      <Field label="Blocked">
        {`${formatDateTime(standing.block.created_at)} by ${formatActor(standing.block.blocked_by, standing.block.user)}`}
        {standing.block.reason ? ` — ${standing.block.reason}` : ""}
      </Field>
    )}
    <Field label="Active apps">{standing.active_recognition_records}</Field>
  </>
)

/** The customer's apps able to show Scan Key Codes, with Revoke for the active ones. */
export const RecognitionRecords = ({ customerId }: { customerId: string }) => {
  const prompt = usePrompt()
  const { data, error } = useJwoRecognitionRecords(customerId)
  const revoke = useRevokeJwoRecognitionRecord(customerId)

  const onRevoke = async (record: AdminJwoRecognitionRecord) => {
    const confirmed = await prompt({
      title: "Revoke this app?",
      description: `Codes shown by ${record.device_name ?? "this app"} will no longer open the gates.`,
      confirmText: "Revoke",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    revoke.mutate(record.id, {
      onSuccess: () => toast.success("App revoked"),
      onError: (e) => toast.error("Could not revoke the app", { description: errorMessage(e) }),
    })
  }

  if (error) return <ErrorNote prefix="Could not load the apps" message={error.message} />
  if (!data) return <Loading />
  if (!data.recognition_records.length) return <Empty>No app has shown a Scan Key Code for this customer.</Empty>
  return (
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>App</Table.HeaderCell>
          <Table.HeaderCell>Status</Table.HeaderCell>
          <Table.HeaderCell>Last code</Table.HeaderCell>
          <Table.HeaderCell>Last entry</Table.HeaderCell>
          <Table.HeaderCell />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {data.recognition_records.map((record) => (
          <Table.Row key={record.id} title={record.id}>
            <Table.Cell>{record.device_name ?? "Unnamed app"}</Table.Cell>
            <Table.Cell>
              <Badge size="2xsmall" color={record.status === "active" ? "green" : "grey"}>
                {record.status === "active" ? `Active · ${humanize(record.visitor_type)}` : `Revoked ${formatDateTime(record.revoked_at)}`}
              </Badge>
            </Table.Cell>
            <Table.Cell>{formatDateTime(record.last_issued_at)}</Table.Cell>
            <Table.Cell>{formatDateTime(record.last_used_at)}</Table.Cell>
            <Table.Cell className="text-right">
              {record.status === "active" && (
                <Button
                  size="small"
                  variant="transparent"
                  isLoading={revoke.isPending && revoke.variables === record.id}
                  onClick={() => onRevoke(record)}
                >
                  Revoke
                </Button>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
