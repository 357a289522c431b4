package main

import (
	"context"
	"sort"
	"sync/atomic"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// offeredStore is the kiosk's store as the resident's screens see it: when the city
// set the procedures a commune offers (remote setting "procedures"), the fields,
// field listings and search show only those. A procedure looked up by code (an old
// dossier's) is still found. Every other method is the store's own.
type offeredStore struct {
	*store.Store
	codes atomic.Pointer[map[string]bool] // nil: every procedure is offered
}

// setOffered sets the offered procedure codes (empty: all). The caller calls it
// between sessions.
func (s *offeredStore) setOffered(codes []string) {
	if len(codes) == 0 {
		s.codes.Store(nil)
		return
	}
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	s.codes.Store(&m)
}

func (s *offeredStore) filter(ps []store.ProcedureSummary) []store.ProcedureSummary {
	m := s.codes.Load()
	if m == nil {
		return ps
	}
	out := ps[:0:0]
	for _, p := range ps {
		if (*m)[p.Code] {
			out = append(out, p)
		}
	}
	return out
}

// Fields counts the offered procedures per field, most first (catalog order among equals).
func (s *offeredStore) Fields(ctx context.Context) ([]store.FieldCount, error) {
	if s.codes.Load() == nil {
		return s.Store.Fields(ctx)
	}
	all, err := s.Store.ListProcedures(ctx)
	if err != nil {
		return nil, err
	}
	fields, err := s.Store.Fields(ctx) // for the fields' other members (English name)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]store.FieldCount, len(fields))
	for _, f := range fields {
		byName[f.Name] = f
	}
	var out []store.FieldCount
	idx := map[string]int{}
	for _, p := range s.filter(all) {
		i, ok := idx[p.Field]
		if !ok {
			i = len(out)
			idx[p.Field] = i
			f := byName[p.Field]
			f.Name, f.Count = p.Field, 0
			out = append(out, f)
		}
		out[i].Count++
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out, nil
}

func (s *offeredStore) ProceduresByField(ctx context.Context, field string) ([]store.ProcedureSummary, error) {
	ps, err := s.Store.ProceduresByField(ctx, field)
	return s.filter(ps), err
}

func (s *offeredStore) Search(ctx context.Context, query string, limit int) ([]store.ProcedureSummary, error) {
	if s.codes.Load() == nil {
		return s.Store.Search(ctx, query, limit)
	}
	ps, err := s.Store.Search(ctx, query, limit*4+50) // room for the hidden ones
	ps = s.filter(ps)
	if limit > 0 && len(ps) > limit {
		ps = ps[:limit]
	}
	return ps, err
}

// offeredCodes are the procedure codes of remote settings (nil: all).
func offeredCodes(rs wire.RemoteSettings) []string {
	return wire.SplitList(rs.Values[wire.SettingProcedures])
}
