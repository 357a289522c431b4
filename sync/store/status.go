package store

import (
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// finalSQL is wire.FinalStatuses as an SQL list, for the queries that skip dossiers
// whose gateway status no longer changes.
var finalSQL = sqlList(wire.FinalStatuses)

// sqlList renders constant statuses as an SQL list: ('done','rejected'). The values are
// the package's own constants (letters and underscores), never input.
func sqlList(statuses []wire.Status) string {
	quoted := make([]string, len(statuses))
	for i, s := range statuses {
		quoted[i] = "'" + string(s) + "'"
	}
	return "(" + strings.Join(quoted, ",") + ")"
}
