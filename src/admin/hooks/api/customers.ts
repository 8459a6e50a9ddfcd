import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { FetchError } from "@medusajs/js-sdk"
import type {
  AdminJwoCustomerResponse,
  AdminJwoRecognitionRecordListResponse,
  AdminJwoRecognitionRecordResponse,
} from "../../../types"
import { sdk } from "../../lib/sdk"
import { jwoEntriesQueryKeys } from "./entries"

const CUSTOMERS = "jwo-customers"

export const jwoCustomersQueryKeys = {
  all: [CUSTOMERS] as const,
  standing: (id: string) => [CUSTOMERS, "standing", id] as const,
  recognitionRecords: (customerId: string) => [CUSTOMERS, "recognition-records", customerId] as const,
}

/** A customer's standing at the gates (may enter, as what, blocked by whom). */
export const useJwoCustomer = (id: string) =>
  useQuery({
    queryKey: jwoCustomersQueryKeys.standing(id),
    queryFn: () => sdk.client.fetch<AdminJwoCustomerResponse>(`/admin/jwo/customers/${id}`),
  })

export const useJwoRecognitionRecords = (customerId: string) =>
  useQuery({
    queryKey: jwoCustomersQueryKeys.recognitionRecords(customerId),
    queryFn: () =>
      sdk.client.fetch<AdminJwoRecognitionRecordListResponse>("/admin/jwo/recognition-records", {
        query: { customer_id: customerId, limit: 50 },
      }),
  })

function useInvalidateCustomer(id: string) {
  const queryClient = useQueryClient()
  return () => {
    queryClient.invalidateQueries({ queryKey: jwoCustomersQueryKeys.standing(id) })
    queryClient.invalidateQueries({ queryKey: jwoCustomersQueryKeys.recognitionRecords(id) })
    queryClient.invalidateQueries({ queryKey: jwoEntriesQueryKeys.all })
  }
}

/** Block at every gate, with an optional reason. */
export const useBlockJwoCustomer = (id: string) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateCustomer(id)
  return useMutation<AdminJwoCustomerResponse, FetchError, { reason?: string }>({
    mutationFn: (body) => sdk.client.fetch(`/admin/jwo/customers/${id}/block`, { method: "POST", body }),
    onSuccess: (data) => {
      queryClient.setQueryData(jwoCustomersQueryKeys.standing(id), data)
      invalidate()
    },
  })
}

/** Lift a staff block. */
export const useUnblockJwoCustomer = (id: string) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateCustomer(id)
  return useMutation<AdminJwoCustomerResponse, FetchError, void>({
    mutationFn: () => sdk.client.fetch(`/admin/jwo/customers/${id}/unblock`, { method: "POST" }),
    onSuccess: (data) => {
      queryClient.setQueryData(jwoCustomersQueryKeys.standing(id), data)
      invalidate()
    },
  })
}

/** Sign one of the customer's apps out: its codes stop opening the gates. */
export const useRevokeJwoRecognitionRecord = (customerId: string) => {
  const invalidate = useInvalidateCustomer(customerId)
  return useMutation<AdminJwoRecognitionRecordResponse, FetchError, string>({
    mutationFn: (recordId) => sdk.client.fetch(`/admin/jwo/recognition-records/${recordId}/revoke`, { method: "POST" }),
    onSuccess: () => invalidate(),
  })
}
