import { Table } from "@medusajs/ui"

/** Medusa's table pagination for an offset/limit list. */
export const Pager = ({
  count,
  pageSize,
  pageIndex,
  onPage,
}: {
  count: number
  pageSize: number
  pageIndex: number
  onPage: (pageIndex: number) => void
}) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex + 1 < pageCount}
      previousPage={() => onPage(pageIndex - 1)}
      nextPage={() => onPage(pageIndex + 1)}
    />
  )
}
