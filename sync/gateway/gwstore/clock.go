package gwstore

import "time"

// timeNow stamps page rows; dossier times come from the caller.
var timeNow = time.Now
