export * from "./connectivity-check"
export { submitCheckoutWorkflow, submitCheckoutWorkflowId, CHECKOUT_EVENTS, type SubmitCheckoutOutcome } from "./submit-checkout"
