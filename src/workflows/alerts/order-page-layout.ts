import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"

/** The order page's layout zone and the trip widget's id in it (`widget:` + the id of defineWidgetConfig). */
export const ORDER_LAYOUT_ZONE = "order.details"
export const ORDER_TRIP_WIDGET_ID = "widget:medusa-plugin-jwo:order-trip"

type Widgets = Record<string, { hidden?: boolean; section?: string; order?: number }>

/**
 * Medusa 2.21 places every widget after the page's own sections (its layout composer ignores `.before`), so the
 * trip widget would sit at the very bottom of the order page. This puts it first in the order page's shared default
 * layout, once: when the default layout does not mention the widget yet (none saved, or saved before the plugin was
 * installed). A layout a merchant saved with the widget in it, and everyone's personal layout, are left alone.
 */
export const ensureOrderPageLayoutStep = createStep(
  "jwo-ensure-order-page-layout-step",
  async (_: void, { container }) => {
    const unchanged = new StepResponse<boolean, { previous: unknown } | null>(false, null)
    if (!container.hasRegistration(Modules.SETTINGS)) return unchanged
    const settings = container.resolve(Modules.SETTINGS)
    const current = await settings.getSystemDefaultLayoutConfiguration(ORDER_LAYOUT_ZONE)
    const widgets = ((current?.configuration as { widgets?: Widgets } | undefined)?.widgets ?? {}) as Widgets
    if (widgets[ORDER_TRIP_WIDGET_ID]) return unchanged
    const orders = Object.values(widgets)
      .map((w) => w.order)
      .filter((o): o is number => typeof o === "number")
    const first = Math.min(0, ...orders) - 1
    await settings.setSystemDefaultLayoutConfiguration(ORDER_LAYOUT_ZONE, {
      ...(current?.configuration ?? {}),
      widgets: { ...widgets, [ORDER_TRIP_WIDGET_ID]: { order: first, section: "main" } },
    } as any)
    return new StepResponse<boolean, { previous: unknown } | null>(true, { previous: current?.configuration ?? null })
  },
  async (undo, { container }) => {
    if (!undo) return
    const settings = container.resolve(Modules.SETTINGS)
    if (undo.previous) await settings.setSystemDefaultLayoutConfiguration(ORDER_LAYOUT_ZONE, undo.previous as any)
  }
)

export const ensureOrderPageLayoutWorkflow = createWorkflow("jwo-ensure-order-page-layout", () => {
  return new WorkflowResponse(ensureOrderPageLayoutStep())
})
