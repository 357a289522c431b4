package kiosk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// queueView is the post office staff's screen: file for a resident, the outbox with
// each dossier's sync state, attempts and last error in plain words, and its actions
// (retry, show the receipt again, remove a rejected dossier), sync now with progress,
// and leaving full-screen mode.
type queueView struct {
	d        *desk
	list     *pager
	msg      *widget.Label
	kinds    *widget.Label // the failures grouped by kind
	progress *widget.ProgressBar
	syncMsg  *widget.Label
	syncBtn  *bigButton
	top      *fyne.Container // message and sync progress
	body     *fyne.Container
	dossiers []store.Dossier
}

// queuePerPage is how many dossiers a page holds at most: two, where both show whole
// (fitToView measures each page: at 768 lines two waiting dossiers fit, while a
// refused one with its explanation and the next may not).
const queuePerPage = 2

func (d *desk) showQueue() {
	q := &queueView{d: d}
	d.screen = q
	q.msg = message("", widget.HighImportance)
	q.msg.Hide()
	q.progress = widget.NewProgressBar()
	q.progress.Hide()
	q.syncMsg = text("")
	q.kinds = text("")
	q.kinds.SizeName = theme.SizeNameCaptionText // help size: the list keeps its two dossiers
	q.kinds.Hide()
	q.list = d.kit.pager(queuePerPage)
	q.list.fitToView()
	assist := d.kit.primary(T("staff.assist"), theme.DocumentCreateIcon(), d.startAssisted)
	q.syncBtn = d.kit.button(T("staff.sync_now"), theme.ViewRefreshIcon(), q.onSyncNow)
	full := d.kit.button(T("staff.leave_fullscreen"), theme.ViewRestoreIcon(), q.onLeaveFullScreen)
	if !d.w.FullScreen() {
		full.Disable()
	}
	// The sync line and the settings version share a line where they fit, the failures
	// by kind (when any) go under them: the list below keeps the room for its two
	// dossiers at 768 lines.
	q.top = container.NewVBox(q.msg, container.New(&lineOrColumn{},
		container.NewBorder(nil, nil, nil, q.progress, q.syncMsg), settingsLineOf(d.res)), q.kinds)
	q.body = container.NewBorder(q.top, nil, nil, nil, q.list.obj)
	body := q.body
	d.setContent(deskQueue, d.frame(T("staff.queue_title"), []fyne.CanvasObject{assist, q.syncBtn, full}, body))
	d.refresh = q.reload
	q.reload()
	q.showProgress()
	q.body.Refresh() // the sync line knows whether it shares its line once laid out
}

// reload re-reads the outbox (after an action, or when the uplink reports progress).
func (q *queueView) reload() {
	d := q.d
	ctx, cancel := d.ctx()
	list, err := d.bo.ListDossiers(ctx)
	cancel()
	if err != nil {
		d.ops.logf("queue: %v", err)
		q.say(T("error.generic"))
		return
	}
	q.dossiers = list
	if s := failureSummary(list); s != "" {
		q.kinds.SetText(s)
		q.kinds.Show()
	} else {
		q.kinds.Hide()
	}
	q.top.Refresh() // re-lay out around the shown or hidden summary
	items := make([]fyne.CanvasObject, 0, len(list))
	for i := range list {
		items = append(items, q.row(&list[i]))
	}
	if len(items) == 0 {
		items = append(items, text(T("staff.queue_empty")))
	}
	page := q.list.page
	q.list.setItems(items)
	q.list.turnTo(page)
}

func (q *queueView) say(s string) {
	q.msg.SetText(s)
	q.msg.Show()
	q.body.Refresh() // re-lay out around the shown message
}

// row is one dossier: code and procedure, its state in plain words, and its buttons.
func (q *queueView) row(ds *store.Dossier) fyne.CanvasObject {
	d := q.d
	id, code := ds.ID, ds.ReceiptCode
	title := bold(code + " · " + d.res.fullProcNameOf(ds))
	// One caption-size paragraph (state, problem, clerk) keeps two dossiers on a screen.
	parts := []string{stateWords(ds, q.d.now())}
	problem := problemWords(ds)
	if problem != "" {
		parts = append(parts, problem)
	}
	if ds.AssistedBy != "" {
		parts = append(parts, T("staff.assisted_by", Args("Name", ds.AssistedBy)))
	}
	detail := text(strings.Join(parts, "\n"))
	detail.SizeName = theme.SizeNameCaptionText
	if problem != "" {
		detail.Importance = widget.DangerImportance
	}
	buttons := container.NewHBox()
	if ds.State == store.Queued || ds.State == store.Rejected {
		buttons.Add(d.kit.button(T("staff.retry"), theme.MediaReplayIcon(), func() { q.onRetry(id, code) }))
	}
	buttons.Add(d.kit.button(T("staff.reprint"), theme.VisibilityIcon(), func() { q.onReprint(id) }))
	if d.res.hasPrinter() {
		buttons.Add(d.kit.button(T("staff.print"), theme.DocumentPrintIcon(), func() { q.onPrint(id, code) }))
	}
	if ds.State == store.Rejected {
		del := d.kit.button(T("staff.remove"), theme.DeleteIcon(), func() { q.onRemove(id, code) })
		del.Importance = widget.DangerImportance
		buttons.Add(del)
	}
	// The buttons beside the title, the state under both at the card's full width:
	// a refused dossier's explanation takes two lines, not four, and two dossiers fit
	// a page at 768 lines.
	// Both texts tight (3 px around, not the label's 14), the state right under the
	// buttons: two waiting dossiers fit a page at 768 lines.
	return box(colHeader, container.New(wrapColumn{}, container.NewBorder(nil, nil, nil, buttons, tight(title)), tight(detail)))
}

// stateWords says where a dossier stands, in plain words.
func stateWords(ds *store.Dossier, now time.Time) string {
	when := ds.CreatedAt.In(now.Location()).Format("15:04 02/01/2006")
	var s string
	switch ds.State {
	case store.Queued:
		s = T("staff.state_queued")
		if ds.Attempts > 0 && ds.NextAttempt.After(now) {
			s += " " + T("staff.next_try", Args("Time", ds.NextAttempt.In(now.Location()).Format("15:04")))
		}
	case store.Sending:
		s = T("staff.state_sending")
	case store.Accepted:
		s = T("staff.state_accepted")
		if ds.OfficialCode != "" {
			s += " " + T("staff.official_code", Args("Code", ds.OfficialCode))
		}
	case store.Rejected:
		s = T("staff.state_rejected")
	default:
		s = string(ds.State)
	}
	parts := []string{s, T("staff.filed_at", Args("Time", when))}
	if ds.Attempts > 0 {
		parts = append(parts, T("staff.attempts", Args("N", ds.Attempts)))
	}
	return strings.Join(parts, " · ")
}

// problemWords explains the last failure (or the gateway's refusal) in plain words.
func problemWords(ds *store.Dossier) string {
	switch {
	case ds.State == store.Rejected:
		r := strings.TrimSpace(ds.RejectReason)
		if ds.Failure == store.FailLocalPage { // the kiosk's own refusal: its detail is for the log
			return T("staff.why_rejected") + " " + T("staff.last_error", Args("Reason", T("staff.err_pages")))
		}
		if r == "" {
			return T("staff.why_rejected")
		}
		return T("staff.why_rejected") + " " + T("staff.gateway_said", Args("Reason", oneLineText(r, 120)))
	case ds.State == store.Accepted || ds.Failure == store.FailNone:
		return ""
	}
	return T("staff.last_error", Args("Reason", T(failureWordsKey(ds.Failure))))
}

// failureWordsKey names the plain-words explanation of a failure kind, as the uplink
// recorded it with the dossier (never read back from the error text).
func failureWordsKey(f store.Failure) string {
	switch f {
	case store.FailNotConfigured:
		return "staff.err_not_configured"
	case store.FailAuth:
		return "staff.err_unauthorized"
	case store.FailPortal:
		return "staff.err_portal"
	case store.FailBusy:
		return "staff.err_busy"
	case store.FailServer:
		return "staff.err_server"
	case store.FailOffline:
		return "staff.err_network"
	case store.FailSlow:
		return "staff.err_stalled"
	case store.FailLocalPage:
		return "staff.err_pages"
	}
	return "staff.err_other"
}

// failureKinds lists the failure kinds in the order the queue's summary gives them
// (what staff can act on first), each with its words' key ("{{.N}} …").
var failureKinds = []struct {
	f   store.Failure
	key string
}{
	{store.FailInvalid, "staff.kind_invalid"}, {store.FailRefused, "staff.kind_refused"},
	{store.FailLocalPage, "staff.kind_local_page"}, {store.FailAuth, "staff.kind_auth"},
	{store.FailNotConfigured, "staff.kind_not_configured"}, {store.FailPortal, "staff.kind_portal"},
	{store.FailOffline, "staff.kind_offline"}, {store.FailSlow, "staff.kind_slow"},
	{store.FailBusy, "staff.kind_busy"}, {store.FailServer, "staff.kind_server"}, {store.FailOther, "staff.kind_other"},
}

// failureSummary groups the dossiers not yet accepted by the kind of their last
// failure, one count per kind in failureKinds' order, in the clerk's language; "" when none
// has failed.
func failureSummary(list []store.Dossier) string {
	counts := map[store.Failure]int{}
	for _, ds := range list {
		if ds.State != store.Accepted && ds.Failure != store.FailNone {
			counts[ds.Failure]++
		}
	}
	var parts []string
	for _, k := range failureKinds {
		if n := counts[k.f]; n > 0 {
			parts = append(parts, T(k.key, Args("N", n)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return T("staff.kinds", Args("List", strings.Join(parts, ", ")))
}

func oneLineText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (q *queueView) onRetry(id, code string) {
	d := q.d
	ctx, cancel := d.ctx()
	err := d.bo.RetryNow(ctx, id)
	cancel()
	if err != nil {
		d.ops.logf("retry %s: %v", id, err)
		q.say(T("staff.retry_failed"))
		return
	}
	if d.up != nil {
		d.up.Kick()
	}
	q.reload()
	q.say(T("staff.retry_done", Args("Code", code)))
}

// onReprint shows the dossier's receipt again (code, QR, official code) on the
// resident's screens; staff stay signed in.
func (q *queueView) onReprint(id string) {
	d := q.d
	ctx, cancel := d.ctx()
	ds, err := d.bo.Dossier(ctx, id)
	cancel()
	if err != nil {
		d.ops.logf("reprint %s: %v", id, err)
		q.say(T("error.generic"))
		return
	}
	d.backToKiosk()
	d.res.openReceipt(ds)
}

// onRemove asks before deleting a rejected dossier with its page files.
func (q *queueView) onRemove(id, code string) {
	d := q.d
	msg := text(T("staff.remove_confirm", Args("Code", code)))
	dlg := dialog.NewCustomConfirm(T("staff.remove_title"), T("staff.remove_yes"), T("staff.remove_no"),
		container.New(fixedHeight{h: 110}, container.New(fixedWidth{w: 640}, msg)), func(yes bool) {
			d.kit.touch()
			if yes {
				q.remove(id, code)
			}
		}, d.w)
	dlg.Show()
}

func (q *queueView) remove(id, code string) {
	d := q.d
	ctx, cancel := d.ctx()
	ds, err := d.bo.Dossier(ctx, id)
	if err == nil && ds.State != store.Rejected {
		err = fmt.Errorf("dossier %s is %s, not rejected", id, ds.State)
	}
	if err == nil {
		err = d.bo.DeleteDossier(ctx, id)
	}
	cancel()
	if err != nil {
		d.ops.logf("remove %s: %v", id, err)
		q.say(T("staff.remove_failed"))
		return
	}
	q.reload()
	q.say(T("staff.removed", Args("Code", code)))
	d.res.refreshStrip()
}

func (q *queueView) onLeaveFullScreen() {
	q.d.w.SetFullScreen(false)
	q.say(T("staff.fullscreen_left"))
}

// onSyncNow wakes the uplink and follows its progress until the round ends.
func (q *queueView) onSyncNow() {
	d := q.d
	up := d.up
	if up == nil {
		q.syncMsg.SetText(T("staff.sync_unavailable"))
		return
	}
	up.Kick()
	q.syncMsg.SetText(T("staff.sync_started"))
	d.startPoll(q)
}

// showProgress shows the uplink's state.
func (q *queueView) showProgress() {
	mon, ok := q.d.up.(syncMonitor)
	if !ok {
		if q.d.up == nil {
			q.syncMsg.SetText(T("staff.sync_unavailable"))
		}
		return
	}
	q.showStatus(mon.Status())
}

func (q *queueView) showStatus(p uplink.Progress) {
	defer q.showLink(p)
	switch {
	case p.Syncing:
		q.syncMsg.SetText(T("staff.sync_running", Args("Done", p.DoneDossiers, "Total", p.DoneDossiers+p.QueuedDossiers)))
		q.progress.Max = 1
		if p.BytesTotal > 0 {
			q.progress.SetValue(float64(p.BytesDone) / float64(p.BytesTotal))
		} else if n := p.DoneDossiers + p.QueuedDossiers; n > 0 {
			q.progress.SetValue(float64(p.DoneDossiers) / float64(n))
		}
		q.progress.Show()
		return
	case p.Unauthorized:
		q.syncMsg.SetText(T("staff.sync_failed", Args("Reason", T("staff.err_unauthorized"))))
	case !p.Configured && !p.LastErrorAt.IsZero():
		q.syncMsg.SetText(T("staff.sync_not_configured"))
	case p.LastError != "":
		q.syncMsg.SetText(T("staff.sync_failed", Args("Reason", T(failureWordsKey(p.LastFailure)))))
	case !p.LastSync.IsZero():
		q.syncMsg.SetText(T("staff.sync_done", Args("Time", p.LastSync.In(q.d.now().Location()).Format("15:04:05"), "N", p.QueuedDossiers)))
	default:
		q.syncMsg.SetText(T("staff.sync_idle"))
	}
	q.progress.Hide()
}

// showLink adds to the sync message what staff should know about the line: slow,
// and the bandwidth budget of a metered link (used today, window, why pages wait).
func (q *queueView) showLink(p uplink.Progress) {
	var budget []string
	if p.SlowLink && p.LinkRate > 0 {
		budget = append(budget, T("staff.link_slow", Args("Rate", p.LinkRate>>10)))
	}
	if p.BudgetMB > 0 {
		budget = append(budget, T("staff.budget", Args("Used", fmt.Sprintf("%.1f", float64(p.BytesToday)/(1<<20)), "Cap", p.BudgetMB)))
	}
	if p.BudgetWindow != "" {
		budget = append(budget, T("staff.budget_window", Args("Window", p.BudgetWindow)))
	}
	var lines []string
	if len(budget) > 0 {
		lines = append(lines, strings.Join(budget, " "))
	}
	if p.BudgetWait != "" {
		lines = append(lines, T("staff.budget_wait", Args("Why", p.BudgetWait,
			"Until", p.BudgetUntil.In(q.d.now().Location()).Format("15:04 02/01"))))
	}
	if len(lines) > 0 {
		q.syncMsg.SetText(q.syncMsg.Text + "\n" + strings.Join(lines, "\n"))
	}
	if q.body != nil {
		q.body.Refresh() // re-lay out around the longer message
	}
}

// startPoll follows the uplink's progress while the queue is shown: the list and the
// progress refresh until the round has run and ended (or two minutes pass).
func (d *desk) startPoll(q *queueView) {
	d.stopPoll()
	mon, ok := d.up.(syncMonitor)
	if !ok {
		return
	}
	before := mon.Status()
	d.pollStop = d.jobs.start(2*time.Minute, func(ctx context.Context, cancel context.CancelFunc) {
		t := time.NewTicker(syncPollEvery)
		defer t.Stop()
		seen := false // touched only on the UI goroutine
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			// fyne.Do, not DoAndWait: Close may be waiting for this goroutine on the
			// UI goroutine.
			fyne.Do(func() {
				if ctx.Err() != nil {
					return
				}
				p := mon.Status()
				q.showStatus(p)
				q.reload()
				seen = seen || p.Syncing
				// The round may have begun and ended between two polls: stop once
				// nothing runs and a round ran, or ended, or nothing is due.
				ended := !p.LastSync.Equal(before.LastSync) || !p.LastErrorAt.Equal(before.LastErrorAt)
				if !p.Syncing && (seen || ended || q.nothingDue()) {
					cancel()
					q.d.res.notifyAsync("sync")
				}
			})
		}
	})
}

func (q *queueView) nothingDue() bool {
	for _, ds := range q.dossiers {
		if ds.State == store.Queued || ds.State == store.Sending {
			return false
		}
	}
	return true
}

func (d *desk) stopPoll() {
	if d.pollStop != nil {
		d.pollStop()
		d.pollStop = nil
	}
}
