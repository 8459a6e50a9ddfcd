import { ArrowLeft } from "@medusajs/icons"
import { Button, Container } from "@medusajs/ui"
import { useNavigate, useParams } from "react-router-dom"
import { ErrorNote, LiveNote, Loading } from "../../../../components/jwo/common"
import { TripActions } from "../../../../components/jwo/trip/trip-actions"
import { TripHistory } from "../../../../components/jwo/trip/trip-history"
import { TripLines, TripStockGaps } from "../../../../components/jwo/trip/trip-lines"
import { TripPayload } from "../../../../components/jwo/trip/trip-payload"
import { TripSummary } from "../../../../components/jwo/trip/trip-summary"
import { useJwoTrip } from "../../../../hooks/api"

/** One shopping trip, live: why it is where it is, its history, lines, stock gaps, payload; Retry / Resolve. */
const JwoTripPage = () => {
  const { id } = useParams()
  const navigate = useNavigate()
  const { data, error, isFetching } = useJwoTrip(id)
  // Back to the list with its filters when we came from it, else to the list.
  const back = () => ((window.history.state as { idx?: number } | null)?.idx ? navigate(-1) : navigate("/jwo"))

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex items-center justify-between">
        <Button size="small" variant="transparent" onClick={back}>
          <ArrowLeft /> Just Walk Out
        </Button>
        <LiveNote fetching={isFetching} />
      </div>
      {error && (
        <Container className="p-0">
          <ErrorNote prefix="Could not load the trip" message={error.message} />
        </Container>
      )}
      {!error && !data && <Loading what="Loading the trip…" />}
      {data && (
        <>
          <div className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_400px]">
            <TripSummary trip={data.trip} />
            <div className="flex min-w-0 flex-col gap-y-3">
              <TripActions trip={data.trip} />
              <TripHistory history={data.trip.history} />
            </div>
          </div>
          <TripLines trip={data.trip} />
          <TripStockGaps gaps={data.trip.stock_gaps} />
          <TripPayload trip={data.trip} />
        </>
      )}
    </div>
  )
}

export const handle = {
  breadcrumb: ({ params }: { params: Record<string, string | undefined> }) => params.id ?? "Trip",
}

export default JwoTripPage
