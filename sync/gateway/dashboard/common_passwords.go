package dashboard

import (
	"errors"
	"strings"
	"unicode"
)

// ErrCommonPassword: a password long enough but among the first an attacker tries.
var ErrCommonPassword = errors.New("dashboard: password too common or too simple")

// commonPasswords are passwords of at least MinPasswordLen characters found at the top
// of leaked-password lists, with the Vietnamese ones (mật khẩu, anh yêu em, city and
// office names) that lists of English passwords miss. Compared lower case, without
// spaces, dots, dashes and underscores.
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
1234567890 0123456789 0987654321 9876543210 12345678910 1234567890a a1234567890
123456789a a123456789 1234567890q qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456
1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc qazwsxedc123 zxcvbnm123 asdfghjkl1 asdfghjkl123
password12 password123 password1234 passw0rd123 p@ssw0rd123 p@ssword123 password2024
password2025 password2026 iloveyou12 iloveyou123 abc1234567 abcd123456 abcde12345 abcdef1234
admin12345 admin123456 administrator administrator1 welcome123 welcome1234 letmein123
changeme123 default123 guest12345 root123456 test123456 testtest12 1111111111 0000000000
matkhau123 matkhau1234 matkhau12345 matkhau2024 matkhau2025 matkhau2026 matkhaumoi1
anhyeuem123 anhyeuem1234 emyeuanh123 yeuem12345 vietnam123 vietnam1234 vietnam2024
vietnam2025 vietnam2026 hochiminh123 hanoi12345 cantho1234 cantho12345 cantho2024
cantho2025 cantho2026 ubnd123456 ubndxa1234 motcua12345 dichvucong1 dichvucong123
dvc1234567 dvccantho1 dvccantho123 admin@123456 abc@123456 abc@12345678 123@abc123
`) {
		commonPasswords[p] = true
	}
}

// simplePassword reports whether password is common (commonPasswords) or trivially
// guessed: at most three distinct characters, or a run of consecutive characters
// (abcdefghij, 9876543210).
func simplePassword(password string) bool {
	norm := strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '_' {
			return -1
		}
		return unicode.ToLower(r)
	}, password)
	if commonPasswords[norm] {
		return true
	}
	rs := []rune(norm)
	distinct := map[rune]bool{}
	up, down := true, true
	for i, r := range rs {
		distinct[r] = true
		if i > 0 {
			up = up && r == rs[i-1]+1
			down = down && r == rs[i-1]-1
		}
	}
	return len(distinct) <= 3 || up || down
}
