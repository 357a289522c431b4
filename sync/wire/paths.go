package wire

import (
	"net/url"
	"regexp"
	"strings"
)

// Paths of the endpoints, relative to the gateway URL.
const (
	HealthPath   = BasePath + "/health"
	CatalogPath  = BasePath + "/catalog"
	DossiersPath = BasePath + "/dossiers"
)

// PagePath is the path of a page by its lowercase hex SHA-256.
func PagePath(sha256hex string) string { return BasePath + "/pages/" + url.PathEscape(sha256hex) }

// DossierPath is the path of a dossier by its kiosk-generated id.
func DossierPath(id string) string { return BasePath + "/dossiers/" + url.PathEscape(id) }

// DossierByCodePath is the path (with query) of a status lookup by official or receipt code.
func DossierByCodePath(code string) string {
	return DossiersPath + "?" + url.Values{"code": {code}}.Encode()
}

// UsagePath is the path of one day's usage figures; day is YYYY-MM-DD.
func UsagePath(day string) string { return BasePath + "/usage/" + url.PathEscape(day) }

// SignedPath returns the PATH_WITH_QUERY a signature covers for u: the escaped path
// from "/api/v1" on (dropping any prefix of the gateway URL before it), then "?" and
// the raw query if there is one. It fails with ErrBadPath when the path has no
// "/api/v1" segment.
func SignedPath(u *url.URL) (string, error) {
	p := u.EscapedPath()
	i := strings.Index(p+"/", BasePath+"/")
	if i < 0 {
		return "", ErrBadPath
	}
	p = p[i:]
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p, nil
}

// SignedPathOf is SignedPath for a URL in text form (absolute or path-only).
func SignedPathOf(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", err
	}
	return SignedPath(u)
}

var (
	sha256Re    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	dossierIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	dayRe       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ValidSHA256 reports whether s is a lowercase hex SHA-256 (64 characters).
func ValidSHA256(s string) bool { return sha256Re.MatchString(s) }

// ValidDossierID reports whether s can be a dossier id: 1 to 64 letters, digits, '.',
// '_' or '-', starting with a letter or digit (a UUID fits).
func ValidDossierID(s string) bool { return dossierIDRe.MatchString(s) }

// ValidDay reports whether s is a YYYY-MM-DD calendar date.
func ValidDay(s string) bool {
	if !dayRe.MatchString(s) {
		return false
	}
	_, err := parseDay(s)
	return err == nil
}
