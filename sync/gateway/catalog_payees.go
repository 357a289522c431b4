package gateway

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// communeCatalog is the catalog as served to the kiosks of one commune: the published
// catalog plus the configured payees that apply to that commune.
type communeCatalog struct {
	body []byte
	etag string
}

// setPayments takes the payment part of the configuration.
func (s *Server) setPayments(cfg Config) error {
	if err := validPaymentSecret(cfg.PaymentSecret); err != nil {
		return err
	}
	if err := catalog.ValidatePayees(cfg.Payees); err != nil {
		return fmt.Errorf("gateway: payees: %w", err)
	}
	s.paySecret, s.payees = cfg.PaymentSecret, cfg.Payees
	if ps, ok := cfg.Store.(PaymentStore); ok {
		s.pay = ps
	}
	return nil
}

// catalogFor returns the catalog body and ETag for a kiosk of commune: the published
// bytes as they are when no configured payee applies, else with the payees added.
func (s *Server) catalogFor(commune string) ([]byte, string, error) {
	c := s.cat.Load()
	mine := catalog.PayeesFor(s.payees, commune)
	if len(mine) == 0 {
		return c.body, c.etag, nil
	}
	key := strings.ToLower(strings.TrimSpace(commune))
	if v, ok := c.byCommune.Load(key); ok {
		cc := v.(*communeCatalog)
		return cc.body, cc.etag, nil
	}
	cp := *c.cat
	cp.Payees = mergePayees(c.cat.Payees, mine)
	if err := cp.Validate(); err != nil {
		return nil, "", fmt.Errorf("catalog for commune %q: %w", commune, err)
	}
	body, err := json.Marshal(&cp)
	if err != nil {
		return nil, "", fmt.Errorf("catalog for commune %q: %w", commune, err)
	}
	cc := &communeCatalog{body: body, etag: `"` + wire.BodyHash(body) + `"`}
	c.byCommune.Store(key, cc)
	return cc.body, cc.etag, nil
}

// mergePayees adds the configured payees to the catalog's own; a configured one
// replaces a catalog one for the same commune and agency (the gateway's configuration
// is the newer word), so the merge always validates.
func mergePayees(own, configured []catalog.Payee) []catalog.Payee {
	key := func(y catalog.Payee) [2]string {
		return [2]string{strings.ToLower(strings.TrimSpace(y.Commune)), y.Agency}
	}
	replaced := map[[2]string]bool{}
	for _, y := range configured {
		replaced[key(y)] = true
	}
	var out []catalog.Payee
	for _, y := range own {
		if !replaced[key(y)] {
			out = append(out, y)
		}
	}
	return append(out, configured...)
}
