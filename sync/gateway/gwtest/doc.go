// Package gwtest is the project's test kit, shared by every package's tests (and the
// gateway's benchmarks): a settable Clock; PGAdminDSN and PGDatabase, which skip a
// PostgreSQL test without KIOSK_TEST_PG_DSN (or fail it under KIOSK_TEST_REQUIRE_ALL=1)
// and give it a throwaway database, and Unavailable, the same skip-or-fail for any
// missing part (S3, Chromium, scanimage, xvfb-run); KioskStore, a kiosk store in a temp directory with
// a test catalog; GatewayStore and SQLiteGatewayStore, a gateway store closed at
// cleanup; Serve, an HTTP handler (an in-process gateway) on a loopback port;
// BuildGateway and ServeGateway (StartGateway outside tests), the real `gateway serve`
// process on a loopback port, stopped at cleanup, and Buffer for its log; RunGateway,
// GatewayCLI and KioskCredentials for the city's commands; StartChild and
// KillAndFinish, the test binary re-run as a child process and SIGKILLed at random
// moments (the kill tests); and Client, a
// plain net/http kiosk that signs its requests and checks the gateway's answer
// signature (a stand-in for a kiosk, not the kiosk's uplink).
package gwtest
