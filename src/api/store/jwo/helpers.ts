/** What a customer sees of their recognition records: never the token hash. */
export const storeRecognitionRecordFields = [
  "id",
  "status",
  "visitor_type",
  "device_name",
  "last_issued_at",
  "last_used_at",
  "revoked_at",
  "created_at",
] as const
