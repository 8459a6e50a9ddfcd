import { EllipsisHorizontal, PencilSquare, Trash, XCircle, CheckCircle } from "@medusajs/icons"
import { DropdownMenu, IconButton, toast, usePrompt } from "@medusajs/ui"
import type { AdminJwoStore } from "../../../../types"
import { errorMessage, useDeleteJwoStore, useUpdateJwoStore } from "../../../hooks/api"

/** Edit, enable or disable (confirmed), delete (confirmed) one store. */
export const StoreActionsMenu = ({ store, onEdit }: { store: AdminJwoStore; onEdit: () => void }) => {
  const prompt = usePrompt()
  const update = useUpdateJwoStore(store.id)
  const remove = useDeleteJwoStore(store.id)

  const toggle = async () => {
    const enabling = !store.enabled
    const confirmed = await prompt({
      title: enabling ? `Enable ${store.name}?` : `Disable ${store.name}?`,
      description: enabling
        ? "Its gates open again for known, unblocked customers."
        : "Every scan at its gates is refused (STORE_DISABLED) until it is enabled again. Trips Amazon sends are still recorded and charged.",
      confirmText: enabling ? "Enable" : "Disable",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    update.mutate(
      { enabled: enabling },
      {
        onSuccess: () => toast.success(`${store.name} ${enabling ? "enabled" : "disabled"}`),
        onError: (e) => toast.error(`Could not ${enabling ? "enable" : "disable"} the store`, { description: errorMessage(e) }),
      }
    )
  }

  const onDelete = async () => {
    const confirmed = await prompt({
      title: `Delete ${store.name}?`,
      description: `Amazon's calls for ${store.amazon_store_id} will be refused as an unknown store. Its trips, entries and catalog records stay; the Amazon store id can be used again.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    remove.mutate(undefined, {
      onSuccess: () => toast.success(`${store.name} deleted`),
      onError: (e) => toast.error("Could not delete the store", { description: errorMessage(e) }),
    })
  }

  return (
    <DropdownMenu>
      <DropdownMenu.Trigger asChild>
        <IconButton size="small" variant="transparent" aria-label={`Actions for ${store.name}`}>
          <EllipsisHorizontal />
        </IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end">
        <DropdownMenu.Item className="gap-x-2" onClick={onEdit}>
          <PencilSquare className="text-ui-fg-subtle" /> Edit
        </DropdownMenu.Item>
        <DropdownMenu.Item className="gap-x-2" onClick={toggle}>
          {store.enabled ? <XCircle className="text-ui-fg-subtle" /> : <CheckCircle className="text-ui-fg-subtle" />}
          {store.enabled ? "Disable" : "Enable"}
        </DropdownMenu.Item>
        <DropdownMenu.Separator />
        <DropdownMenu.Item className="gap-x-2" onClick={onDelete}>
          <Trash className="text-ui-fg-subtle" /> Delete
        </DropdownMenu.Item>
      </DropdownMenu.Content>
    </DropdownMenu>
  )
}
