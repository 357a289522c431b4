package kiosk

import (
	"crypto/sha256"
	"encoding/hex"
)

// consentVersion names the consent text the resident is shown in lang: the language and
// the first 12 hex digits of the SHA-256 of the box's text and its detail, so that a
// changed text gets a new version with nobody having to remember to bump it.
func consentVersion(lang string) string {
	s := sha256.Sum256([]byte(T("review.consent") + "\n" + T("review.consent_detail")))
	return lang + "-" + hex.EncodeToString(s[:])[:12]
}
