package sim

// RawLine is a bare pseudo-terminal pair of the same kind the simulated devices
// use, with no protocol: benchmarks copy bytes through it as a baseline.
type RawLine struct{ ln *line }

// NewRawLine opens a pseudo-terminal pair in raw mode.
func NewRawLine() (*RawLine, error) {
	ln, err := openLine()
	if err != nil {
		return nil, err
	}
	return &RawLine{ln: ln}, nil
}

// Path is the host side's device path.
func (r *RawLine) Path() string { return r.ln.path }

// Write sends bytes from the device side.
func (r *RawLine) Write(b []byte) (int, error) { return r.ln.master.Write(b) }

// Close closes both sides.
func (r *RawLine) Close() error {
	r.ln.close()
	return nil
}
