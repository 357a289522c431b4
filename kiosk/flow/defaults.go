package flow

// SetDefaults changes the session clocks and the language a session starts in
// (remote settings from the city). Call it between sessions: the running session,
// if any, would otherwise switch clocks mid-way. An empty lang keeps the current one.
func (f *Flow) SetDefaults(t Timeouts, lang string) {
	t = t.WithDefaults()
	f.o.Timeouts = t
	f.timers.mu.Lock()
	f.timers.t = t
	f.timers.mu.Unlock()
	if lang != "" {
		f.o.Language = lang
	}
}

// DefaultLanguage is the language a session starts in.
func (f *Flow) DefaultLanguage() string { return f.o.Language }
