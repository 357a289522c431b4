package wire

import (
	"encoding/json"
	"fmt"
)

// Canonical returns the encoding that decides whether two submissions of a dossier are
// "the same body": encoding/json of the decoded value (map keys sorted, no spaces).
// Nil and empty Fields or Pages encode the same.
func Canonical(d Dossier) ([]byte, error) {
	if d.Fields == nil {
		d.Fields = map[string]string{}
	}
	if d.Pages == nil {
		d.Pages = []PageRef{}
	}
	d.CreatedAt = d.CreatedAt.UTC()
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("canonical dossier: %w", err)
	}
	return b, nil
}

// PageContentType returns the Content-Type of a page format ("jpeg" or "png").
func PageContentType(format string) string {
	switch format {
	case "png":
		return "image/png"
	case "jpeg", "jpg":
		return "image/jpeg"
	}
	return "application/octet-stream"
}
