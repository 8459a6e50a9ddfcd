import type { ListPage, Timestamp, UserRef } from "./common"

export type AdminJwoCustomerStanding = {
  id: string
  may_enter: boolean
  visitor_type: string | null
  blocked_by_staff: boolean
  blocked_by_group: boolean
  block: { reason: string | null; blocked_by: string | null; user?: UserRef | null; created_at: Timestamp } | null
  active_recognition_records: number
}
export type AdminJwoCustomerResponse = { jwo_customer: AdminJwoCustomerStanding }

export type AdminJwoRecognitionRecord = {
  id: string
  customer_id: string
  status: "active" | "revoked"
  visitor_type: string
  device_name: string | null
  last_issued_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
  revoked_by: string | null
  created_at: Timestamp
  updated_at: Timestamp
}
export type AdminJwoRecognitionRecordListResponse = ListPage & { recognition_records: AdminJwoRecognitionRecord[] }
export type AdminJwoRecognitionRecordResponse = { recognition_record: AdminJwoRecognitionRecord }
