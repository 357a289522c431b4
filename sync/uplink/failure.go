package uplink

import (
	"context"
	"errors"
	"net"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// failureOf sorts the outcome of a failed attempt into the kind the store records with
// the dossier, from the error's type and sentinels (never its text).
func failureOf(err error) store.Failure {
	var (
		ref *refusal
		te  *transientError
		ne  net.Error
		pl  *pageLostError
	)
	switch {
	case err == nil:
		return store.FailNone
	case errors.As(err, &ref):
		switch ref.code {
		case wire.CodeHashMismatch:
			return store.FailLocalPage
		case wire.CodeInvalid:
			return store.FailInvalid
		}
		return store.FailRefused
	case errors.As(err, &pl):
		return store.FailLocalPage
	case errors.Is(err, ErrStalled):
		return store.FailSlow
	case errors.Is(err, ErrNotConfigured):
		return store.FailNotConfigured
	case errors.Is(err, ErrUnauthorized):
		return store.FailAuth
	case errors.Is(err, ErrNotGateway):
		return store.FailPortal
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return store.FailSlow
	case errors.Is(err, ErrOffline):
		return store.FailOffline
	case errors.As(err, &te) && te.status == 429:
		return store.FailBusy
	case errors.As(err, &te) && te.status >= 500:
		return store.FailServer
	}
	return store.FailOther
}
