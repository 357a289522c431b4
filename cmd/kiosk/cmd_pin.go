package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
)

func init() {
	register(command{
		name:    "pin set",
		usage:   "staff|official [--pin-file FILE] [--name NAME]",
		summary: "set the staff or official PIN (6-8 digits, not 000000 nor 123456; read twice from stdin or from FILE); stored as an argon2id hash",
		run:     runPINSet,
	})
}

func runPINSet(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("pin set", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	pinFile := fs.String("pin-file", "", "read the PIN from the first line of this file")
	name := fs.String("name", "", "staff only: the name assisted dossiers are credited to")
	var roleArg string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		roleArg, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if roleArg == "" && fs.NArg() > 0 {
		roleArg = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	role, err := access.ParseRole(roleArg)
	if err != nil {
		return usagef("%v", err)
	}
	if *name != "" && role != access.Staff {
		return usagef("--name is for the staff PIN only")
	}
	pin, err := readPIN(env, *pinFile)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := access.SetPIN(ctx, st, role, pin); err != nil {
		if errors.Is(err, access.ErrBadPIN) || errors.Is(err, access.ErrSamePIN) {
			return fmt.Errorf("%w; nothing changed", err)
		}
		return err
	}
	if *name != "" {
		if err := access.SetStaffName(ctx, st, strings.TrimSpace(*name)); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stdout, "%s PIN set\n", role)
	return nil
}

// readPIN reads the PIN from the first line of file, or twice from stdin (the two must
// match). Prompts go to stderr so that scripts can pipe the PIN in.
func readPIN(env *cmdEnv, file string) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("PIN file: %w", err)
		}
		defer f.Close()
		line, err := bufio.NewReader(f).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("PIN file: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
	r := bufio.NewReader(env.stdin)
	read := func(prompt string) (string, error) {
		fmt.Fprint(env.stderr, prompt)
		line, err := r.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", fmt.Errorf("read the PIN from stdin: %w", err)
		}
		return strings.TrimSpace(line), nil
	}
	first, err := read("New PIN (4-8 digits): ")
	if err != nil {
		return "", err
	}
	second, err := read("Same PIN again: ")
	if err != nil {
		return "", err
	}
	if first != second {
		return "", errors.New("the two PINs differ; nothing changed")
	}
	return first, nil
}
