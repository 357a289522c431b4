package wire

// Status is a dossier's processing status on the gateway. The gateway, the kiosk's
// store (the status column), the uplink and the kiosk's views share this one type.
type Status string

// Dossier statuses on the gateway.
const (
	StatusReceived   Status = "received"
	StatusProcessing Status = "processing"
	StatusNeedsMore  Status = "needs_more" // needs more documents from the resident
	StatusDone       Status = "done"
	StatusRejected   Status = "rejected"
)

// FinalStatuses are the statuses after which a dossier no longer changes (the kiosk
// stops asking about it); every other status is unfinished. The kiosk's store builds
// its SQL from this list (status NOT IN …).
var FinalStatuses = []Status{StatusDone, StatusRejected}

// Final reports whether s is one of FinalStatuses.
func (s Status) Final() bool { return s == StatusDone || s == StatusRejected }

// Valid reports whether s is one of the dossier statuses.
func (s Status) Valid() bool { return s.Final() || s.unfinished() }

func (s Status) unfinished() bool {
	return s == StatusReceived || s == StatusProcessing || s == StatusNeedsMore
}

// ValidStatus reports whether s is one of the dossier statuses.
func ValidStatus(s string) bool { return Status(s).Valid() }

// CanMove reports whether a dossier may move from one status to another.
func CanMove(from, to Status) bool {
	switch from {
	case StatusReceived:
		return to == StatusProcessing || to == StatusNeedsMore || to.Final()
	case StatusProcessing:
		return to == StatusNeedsMore || to.Final()
	case StatusNeedsMore:
		return to == StatusProcessing || to == StatusRejected
	}
	return false
}
