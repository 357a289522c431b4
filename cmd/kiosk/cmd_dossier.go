package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig of scanned pages
	_ "image/png"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

func init() {
	register(command{
		name: "dossier add",
		usage: "--procedure CODE [--field NAME=VALUE]... [--page [DOCUMENT=]FILE]... " +
			"[--name NAME] [--id-number N] [--phone P] [--assisted-by STAFF] [--language vi|en]",
		summary: "file a dossier without the touchscreen (installer's end-to-end check); prints its id and receipt code",
		run:     runDossierAdd,
	})
}

// multiFlag collects a repeated flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runDossierAdd(ctx context.Context, env *cmdEnv, args []string) error {
	fs := flag.NewFlagSet("dossier add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var fields, pages multiFlag
	procedure := fs.String("procedure", "", "procedure code, e.g. 1.001193")
	fs.Var(&fields, "field", "form field NAME=VALUE (repeatable)")
	fs.Var(&pages, "page", "scanned page [DOCUMENT=]FILE, JPEG or PNG (repeatable)")
	var ap store.Applicant
	fs.StringVar(&ap.Name, "name", "", "applicant's full name")
	fs.StringVar(&ap.IDNumber, "id-number", "", "applicant's CCCD number")
	fs.StringVar(&ap.Phone, "phone", "", "applicant's phone")
	fs.StringVar(&ap.DOB, "dob", "", "applicant's date of birth YYYY-MM-DD")
	fs.StringVar(&ap.Address, "address", "", "applicant's address")
	assisted := fs.String("assisted-by", "", "staff member filing on the resident's behalf")
	lang := fs.String("language", "vi", "vi or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *procedure == "" {
		return usagef("--procedure is required")
	}
	if *lang != "vi" && *lang != "en" {
		return usagef("--language must be vi or en")
	}
	answers := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--field wants NAME=VALUE, not %q", f)
		}
		answers[strings.TrimSpace(k)] = v
	}
	st, err := openStore(ctx, env)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := fileDossier(ctx, st, *procedure, ap, answers, pages, *assisted, *lang)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "id=%s\nreceipt=%s\npages=%d\n", d.ID, d.ReceiptCode, len(d.Pages))
	return nil
}

// fileDossier files through the touchscreen's own use case (kiosk/flow's Submit): a
// dossier the gateway would refuse is refused here, with the gateway's words, before
// anything is saved. Pages wait in a temp directory of their own (not the window's
// session directory, which a running kiosk owns).
func fileDossier(ctx context.Context, st *store.Store, code string, ap store.Applicant, answers map[string]string,
	pages []string, assisted, lang string) (*store.Dossier, error) {
	proc, err := st.Procedure(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("procedure %s is not in the kiosk's catalog (see kiosk catalog list)", code)
	}
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "kiosk-dossier-add-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	f, err := flow.New(flow.Options{Store: st, TempDir: tmp, Language: lang})
	if err != nil {
		return nil, err
	}
	defer f.Wipe()
	f.Choose(ctx, proc)
	f.SetAssistedBy(assisted)
	f.SetApplicant(ap)
	for k, v := range answers {
		f.AnswerField(k, v)
	}
	defaultDoc := ""
	if docs := proc.ScanDocuments(); len(docs) > 0 {
		defaultDoc = docs[0].ID
	} else if len(proc.Documents) > 0 {
		defaultDoc = proc.Documents[0].ID
	}
	for _, spec := range pages {
		doc, file := defaultDoc, spec
		if d, name, ok := strings.Cut(spec, "="); ok {
			doc, file = d, name
		}
		pg, err := readPage(file)
		if err != nil {
			return nil, err
		}
		if _, err := f.AddPage(doc, pg); err != nil {
			return nil, err
		}
	}
	f.SetConsent(true) // the installer filing from the command line consents
	d, err := f.Submit(ctx)
	var invalid *flow.InvalidError
	if errors.As(err, &invalid) {
		return nil, errors.New(invalid.Message)
	}
	return d, err
}

// readPage reads a page file; its format comes from its content (JPEG or PNG), its
// size from its header when it decodes.
func readPage(path string) (flow.PageData, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return flow.PageData{}, fmt.Errorf("page: %w", err)
	}
	var format string
	switch ct := http.DetectContentType(data); ct {
	case "image/jpeg":
		format = "jpeg"
	case "image/png":
		format = "png"
	default:
		switch strings.ToLower(path[strings.LastIndexByte(path, '.')+1:]) {
		case "jpg", "jpeg":
			format = "jpeg"
		case "png":
			format = "png"
		default:
			return flow.PageData{}, fmt.Errorf("page %s: not a JPEG or PNG (%s)", path, ct)
		}
	}
	pg := flow.PageData{Format: format, Data: data}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(data)); err == nil {
		pg.Width, pg.Height = cfg.Width, cfg.Height
	}
	return pg, nil
}
