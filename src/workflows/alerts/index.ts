import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { sendNotificationsStep } from "@medusajs/medusa/core-flows"
import { buildAlert, type JwoAlertInput, type JwoAlertNotification } from "./build-alert"

export { buildAlert, type JwoAlertInput } from "./build-alert"

/**
 * Whether the app has Medusa's notification module, which the bell reads (`feed` channel). Without it the plugin's
 * alerts are only log warnings, as before.
 */
export function alertsReachTheBell(container: MedusaContainer): boolean {
  return container.hasRegistration(Modules.NOTIFICATION)
}

export const buildJwoAlertStep = createStep("jwo-build-alert-step", async (input: JwoAlertInput, { container }) => {
  const built = await buildAlert(container, input)
  return new StepResponse(built ? [built] : ([] as JwoAlertNotification[]))
})

export const sendJwoAlertWorkflowId = "jwo-send-alert"

/**
 * Sends one alert to the notification bell: the notification module's `feed` channel, template "admin-ui", data
 * `{ title, description, url }`, as Medusa's own exports notify (core-flows' sendNotificationsStep). Sent once per
 * idempotency key.
 */
export const sendJwoAlertWorkflow = createWorkflow(sendJwoAlertWorkflowId, (input: JwoAlertInput) => {
  const notifications = buildJwoAlertStep(input)
  const sent = when({ notifications }, ({ notifications }) => notifications.length > 0).then(() =>
    sendNotificationsStep(transform({ notifications }, ({ notifications }) => notifications))
  )
  return new WorkflowResponse(transform({ sent }, ({ sent }) => sent?.length ?? 0))
})

/**
 * What the alert subscribers and the spike job call: runs the workflow when the bell can show it, and never throws
 * (an alert that cannot be sent is a warning, not a failed event).
 */
export async function sendJwoAlert(container: MedusaContainer, input: JwoAlertInput): Promise<boolean> {
  if (!alertsReachTheBell(container)) return false
  try {
    await sendJwoAlertWorkflow(container).run({ input })
    return true
  } catch (error) {
    container.resolve("logger").warn(`medusa-plugin-jwo: alert ${input.kind} not sent: ${(error as Error).message}`)
    return false
  }
}
