export * from "./connectivity-check"
export { submitCheckout, enqueueCheckout, CHECKOUT_EVENTS } from "./submit-checkout"
