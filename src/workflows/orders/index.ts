export * from "./finish-order"
export * from "./store-pickup"
export * from "./order-receipt"
