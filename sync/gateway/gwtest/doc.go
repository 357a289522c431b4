// Package gwtest holds helpers for tests and benchmarks of the gateway: a plain
// net/http kiosk client that signs its requests and checks the gateway's answer
// signature (a stand-in for a kiosk, not the kiosk's uplink), and a throwaway
// PostgreSQL database per test run.
package gwtest
