export * from "./workflows/receive-purchase"
export * from "./workflows/staff-trip-actions"
