/** Staff see everything of a recognition record but the token hash. */
export const adminRecognitionRecordFields = [
  "id",
  "customer_id",
  "status",
  "visitor_type",
  "device_name",
  "last_issued_at",
  "last_used_at",
  "revoked_at",
  "revoked_by",
  "created_at",
  "updated_at",
] as const
