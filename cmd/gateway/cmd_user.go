package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/dashboard"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

// Dashboard accounts: `gateway user add NAME [--role city|commune --commune NAME]
// [--password-file FILE]` reads the password from the file's first line, or from
// standard input's (so it never shows in the process list or the shell history).
func init() {
	commands["user add"] = command{"NAME [--role city|commune --commune NAME] [--password-file FILE]  (password on stdin otherwise)",
		"create a web dashboard account", cmdUserAdd}
	commands["user password"] = command{"NAME [--password-file FILE]  (password on stdin otherwise)",
		"set a dashboard account's password (ends its sessions)", cmdUserPassword}
	commands["user list"] = command{"", "list web dashboard accounts", cmdUserList}
}

// accountStore is what the user commands need of the store.
type accountStore interface {
	SetupDashboard(ctx context.Context) error
	AddAccount(ctx context.Context, a gwstore.Account) error
	SetPassword(ctx context.Context, name, hash string) error
	Accounts(ctx context.Context) ([]gwstore.Account, error)
}

// openAccounts opens the store and makes sure the dashboard's tables exist.
func openAccounts(ctx context.Context, cmd *storeCommand) (accountStore, io.Closer, error) {
	store, err := cmd.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	as, ok := store.(accountStore)
	if !ok {
		store.Close()
		return nil, nil, fmt.Errorf("the %T store has no dashboard accounts", store)
	}
	if err := as.SetupDashboard(ctx); err != nil {
		store.Close()
		return nil, nil, err
	}
	return as, store, nil
}

// hashAndAccounts reads and hashes the new password (hashFrom), then opens the
// accounts (openAccounts): a bad password never opens the store.
func hashAndAccounts(ctx context.Context, cmd *storeCommand, pwFile string) (string, accountStore, io.Closer, error) {
	hash, err := hashFrom(pwFile)
	if err != nil {
		return "", nil, nil, err
	}
	as, closer, err := openAccounts(ctx, cmd)
	return hash, as, closer, err
}

// readPassword reads the first line of file, or of stdin when file is empty.
func readPassword(file string, stdin io.Reader) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		defer f.Close()
		stdin = f
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usagef("no password given (first line of --password-file or of standard input)")
	}
	return pw, nil
}

func hashFrom(file string) (string, error) {
	pw, err := readPassword(file, os.Stdin)
	if err != nil {
		return "", err
	}
	h, err := dashboard.HashPassword(pw)
	if errors.Is(err, dashboard.ErrWeakPassword) {
		return "", usagef("the password needs at least %d characters", dashboard.MinPasswordLen)
	}
	if errors.Is(err, dashboard.ErrCommonPassword) {
		return "", usagef("that password is among the first an attacker tries (too common or too simple); choose another")
	}
	return h, err
}

func cmdUserAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("user add")
	role := cmd.String("role", gwstore.RoleCity, "city (every kiosk) or commune (one commune's kiosks)")
	commune := cmd.String("commune", "", "the commune a commune account sees (as given to 'kiosk add --commune')")
	pwFile := cmd.String("password-file", "", "read the password from this file's first line instead of stdin")
	pos, err := parse(cmd.FlagSet, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usagef("give the account's NAME")
	}
	name, c := strings.TrimSpace(pos[0]), strings.TrimSpace(*commune)
	if *role == gwstore.RoleCity && c != "" {
		return usagef("--commune goes with --role commune")
	}
	if !gwstore.ValidRole(*role, c) {
		return usagef("--role must be city, or commune with --commune NAME")
	}
	hash, as, closer, err := hashAndAccounts(ctx, cmd, *pwFile)
	if err != nil {
		return err
	}
	defer closer.Close()
	if err := as.AddAccount(ctx, gwstore.Account{Name: name, Role: *role, Commune: c, PasswordHash: hash, CreatedAt: time.Now()}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account=%s\nrole=%s\n", name, *role)
	if c != "" {
		fmt.Fprintf(stdout, "commune=%s\n", c)
	}
	return nil
}

func cmdUserPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("user password")
	pwFile := cmd.String("password-file", "", "read the password from this file's first line instead of stdin")
	pos, err := cmd.parse(args, 1, "give the account's NAME")
	if err != nil {
		return err
	}
	hash, as, closer, err := hashAndAccounts(ctx, cmd, *pwFile)
	if err != nil {
		return err
	}
	defer closer.Close()
	if err := as.SetPassword(ctx, strings.TrimSpace(pos[0]), hash); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account=%s\npassword=changed\n", strings.TrimSpace(pos[0]))
	return nil
}

func cmdUserList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("user list")
	if _, err := cmd.parse(args, 0, ""); err != nil {
		return err
	}
	as, closer, err := openAccounts(ctx, cmd)
	if err != nil {
		return err
	}
	defer closer.Close()
	accts, err := as.Accounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "name\trole\tcommune\tcreated\tdisabled")
	for _, a := range accts {
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%v\n", a.Name, a.Role, a.Commune, a.CreatedAt.Format(time.RFC3339), a.Disabled)
	}
	return nil
}
