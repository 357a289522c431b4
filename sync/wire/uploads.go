package wire

import (
	"net/url"
	"strconv"
)

// Resumable page uploads and the status change feed (docs/openapi.yaml).
//
// A page goes up as an upload keyed by (kiosk, page SHA-256) that lives in the
// gateway's database, so any gateway process of a deployment continues it:
//
//	GET   /api/v1/uploads/{sha256}                     200 UploadState: what the gateway holds
//	PATCH /api/v1/uploads/{sha256}?offset=N&size=T     body: the page's bytes from N on (to the end
//	                                                   or any shorter run); Expect: 100-continue
//	      200 UploadState (bytes kept, not complete yet) / 201 UploadState complete: the whole page
//	      hashed to {sha256} and is stored / 200 complete when the page was there already (body unread) /
//	      409 offset_mismatch with the UploadState to continue from (body unread) /
//	      422 hash_mismatch: the T bytes do not hash to {sha256}; the upload starts again at 0 /
//	      413 too_large (T > MaxPageSize)
//
// The gateway appends what arrives as it arrives (in blocks, and what it read of a
// body cut by the network): after any failure the kiosk asks (GET) or sends from
// where it believes and is told (409) the gateway's offset. Only the complete page,
// checked against its SHA-256, is stored and can be referenced by a dossier.
//
//	GET /api/v1/changes?since=C&limit=L   200 Changes: this kiosk's dossiers whose status
//	                                      changed after cursor C (-1 or absent: all), oldest first
const (
	// HeaderUploadSHA256 declares the hex SHA-256 of a PATCH body; the signature covers
	// it (as the body hash), so the gateway verifies the request before reading the body
	// and checks the body against it at its end.
	HeaderUploadSHA256 = "X-Kiosk-Content-SHA256"
	CodeOffsetMismatch = "offset_mismatch" // 409: the upload is elsewhere; see the UploadState body
	ContentTypeUpload  = "application/offset+octet-stream"
	UploadsPrefix      = BasePath + "/uploads/"
	ChangesPath        = BasePath + "/changes"
	// MaxChanges is the most changes one answer carries (More tells there are others).
	MaxChanges = 500
)

// UploadState is what the gateway holds of one page upload of the asking kiosk.
type UploadState struct {
	SHA256   string `json:"sha256"`
	Size     int64  `json:"size"`     // the page's size as declared by the kiosk; 0 when no upload is open
	Offset   int64  `json:"offset"`   // bytes held: the next PATCH starts here
	Complete bool   `json:"complete"` // the page is stored: nothing more to send
}

// UploadPath is the path of the upload of a page by its SHA-256.
func UploadPath(sha256hex string) string { return UploadsPrefix + url.PathEscape(sha256hex) }

// UploadChunkPath is the path (with query) of a PATCH sending a page's bytes from
// offset on, for a page of size bytes.
func UploadChunkPath(sha256hex string, offset, size int64) string {
	return UploadPath(sha256hex) + "?" + url.Values{
		"offset": {strconv.FormatInt(offset, 10)},
		"size":   {strconv.FormatInt(size, 10)},
	}.Encode()
}

// Change is one dossier's current status in the change feed.
type Change struct {
	Seq int64 `json:"seq"` // the cursor after this change
	DossierStatus
}

// Changes is the answer of GET /api/v1/changes.
type Changes struct {
	Changes []Change `json:"changes"`
	Cursor  int64    `json:"cursor"` // ask again with since=Cursor; unchanged when there is nothing new
	More    bool     `json:"more"`   // more changes follow: ask again at once
}

// ChangesPathSince is the path (with query) of the changes after cursor since.
func ChangesPathSince(since int64, limit int) string {
	v := url.Values{"since": {strconv.FormatInt(since, 10)}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	return ChangesPath + "?" + v.Encode()
}
