package catalog

import (
	"fmt"
	"strings"
)

// MaxPagesLimit bounds Document.MaxPages: no document of a commune dossier runs to
// more pages than this, and a larger figure is a typo.
const MaxPagesLimit = 200

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// validateEnglishAndAliases checks what the English twins, the aliases and the page
// caps add to a procedure: lists of twins as long as what they translate, no blank
// twin in a list (leave the list out instead), aliases that are not blank and not
// given twice, page caps in [0, MaxPagesLimit].
func validateEnglishAndAliases(id string, p *Procedure, add addFunc) {
	if len(p.StepsEN) > 0 {
		if len(p.StepsEN) != len(p.Steps) {
			add(id, "steps_en", "has %d step(s) for %d in steps", len(p.StepsEN), len(p.Steps))
		}
		for j, s := range p.StepsEN {
			if blank(s) {
				add(id, fmt.Sprintf("steps_en[%d]", j), "is empty")
			}
		}
	}
	seen := map[string]bool{}
	for j, a := range p.Aliases {
		key := strings.ToLower(strings.Join(strings.Fields(a), " "))
		switch {
		case key == "":
			add(id, fmt.Sprintf("aliases[%d]", j), "is empty")
		case seen[key]:
			add(id, fmt.Sprintf("aliases[%d]", j), "%q is given twice", a)
		}
		seen[key] = true
	}
	for j, d := range p.Documents {
		where := fmt.Sprintf("documents[%d]", j)
		if d.ID != "" {
			where = "documents." + d.ID
		}
		if d.MaxPages < 0 || d.MaxPages > MaxPagesLimit {
			add(id, where, "max_pages must be between 0 (no cap) and %d, got %d", MaxPagesLimit, d.MaxPages)
		}
	}
	for j, f := range p.Form {
		where := fmt.Sprintf("form[%d]", j)
		if f.ID != "" {
			where = "form." + f.ID
		}
		if len(f.ChoicesEN) > 0 {
			if len(f.ChoicesEN) != len(f.Choices) {
				add(id, where, "choices_en has %d choice(s) for %d in choices", len(f.ChoicesEN), len(f.Choices))
			}
			for k, c := range f.ChoicesEN {
				if blank(c) {
					add(id, where, "choices_en[%d] is empty", k)
				}
			}
		}
	}
}
