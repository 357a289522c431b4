package access

import "testing"

// FuzzVerifyPIN: a damaged or hostile hash in the settings is an error or a refusal,
// never a panic or a sign-in; a real hash opens only for its PIN.
func FuzzVerifyPIN(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g", "1234")
	f.Add("$argon2id$v=19$m=0,t=0,p=0$$", "")
	f.Add("1234", "1234")
	f.Fuzz(func(t *testing.T, phc, pin string) {
		ok, err := verifyPIN(phc, pin)
		if err != nil && ok {
			t.Fatal("ok with an error")
		}
		if ok && phc == pin {
			t.Fatal("a plain-text PIN opened")
		}
	})
}
