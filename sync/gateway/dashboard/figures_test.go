package dashboard_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// usageDays are the known figures: three kiosks, two communes, days inside the
// default range (2026-10-29 … 2026-11-27, "today" being 2026-11-27) and two days just
// before it, which must count nowhere (on the earlier one no dossier was started).
var usageDays = []gwstore.UsageDay{
	{KioskID: "k1", Day: "2026-11-25", Usage: wire.Usage{Sessions: 10, Completed: 6, Abandoned: 3, DossiersStarted: 8, DossiersSubmitted: 5,
		AssistedDossiers: 1, PagesScanned: 12, Lookups: 2, Ratings: [5]int{0, 0, 1, 2, 3},
		ProcedureViews: map[string]int{"1.001193": 7}, DossiersByProcedure: map[string]int{"1.001193": 3, "2.000815": 2}}},
	{KioskID: "k1", Day: "2026-11-27", Usage: wire.Usage{Sessions: 4, Completed: 3, Abandoned: 1, DossiersStarted: 3, DossiersSubmitted: 3,
		PagesScanned: 7, Lookups: 1, Ratings: [5]int{1, 0, 0, 0, 2},
		ProcedureViews: map[string]int{"2.000815": 4}, DossiersByProcedure: map[string]int{"1.001193": 1, "2.000815": 2}}},
	{KioskID: "k2", Day: "2026-11-26", Usage: wire.Usage{Sessions: 20, Completed: 15, Abandoned: 5, DossiersStarted: 16, DossiersSubmitted: 14,
		AssistedDossiers: 4, PagesScanned: 1030, Lookups: 6, Ratings: [5]int{0, 1, 2, 5, 7},
		ProcedureViews: map[string]int{}, DossiersByProcedure: map[string]int{"1.001193": 10, "1.000894": 4}}},
	{KioskID: "k3", Day: "2026-10-29", Usage: wire.Usage{Sessions: 2, Completed: 1, Abandoned: 1, DossiersStarted: 2, DossiersSubmitted: 1,
		AssistedDossiers: 1, PagesScanned: 3, Ratings: [5]int{0, 0, 0, 1, 0},
		ProcedureViews: map[string]int{}, DossiersByProcedure: map[string]int{"1.000894": 1}}},
	{KioskID: "k3", Day: "2026-10-28", Usage: wire.Usage{Sessions: 100, Completed: 50, Abandoned: 50, DossiersStarted: 60, DossiersSubmitted: 40,
		AssistedDossiers: 9, PagesScanned: 300, Lookups: 70, Ratings: [5]int{9, 9, 9, 9, 9},
		ProcedureViews: map[string]int{"1.001193": 99}, DossiersByProcedure: map[string]int{"1.001193": 40}}},
	{KioskID: "k3", Day: "2026-10-27", Usage: wire.Usage{Sessions: 3, Abandoned: 3,
		ProcedureViews: map[string]int{}, DossiersByProcedure: map[string]int{}}},
}

func putUsage(t *testing.T, s store) {
	t.Helper()
	for _, u := range usageDays {
		u.Usage.Day = u.Day
		u.UpdatedAt = time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)
		if err := s.PutUsage(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
}

// The expected figures below are counted by hand from usageDays, not computed.
func TestOverviewFigures(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		kiosks(t, s)
		putUsage(t, s)
		now := e.clock.Now()
		submit(t, s, "k1", "d-1", "1.001193", now.Add(-time.Hour))
		submit(t, s, "k2", "d-2", "1.000894", now.AddDate(0, 0, -3))
		submit(t, s, "k3", "d-3", "1.001193", now.AddDate(0, 0, -40)) // outside the range
		if _, err := s.SetStatus(context.Background(), "d-2", string(wire.StatusProcessing), "", now); err != nil {
			t.Fatal(err)
		}
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		b := e.browser()
		b.mustSignIn("so.tttt", pw)

		page := b.get("/")
		if page.status != http.StatusOK {
			t.Fatalf("overview: %d", page.status)
		}
		if !strings.Contains(page.body, "29/10/2026 – 27/11/2026 (30 ngày)") {
			t.Error("the default range is not the last 30 days")
		}
		kpi := byID(page.body)
		// Completion is dossiers submitted / dossiers started (23 of 29), as on the kiosk;
		// abandonment is sessions abandoned / sessions (10 of 36).
		want := map[string]string{"kpi-sessions": "36", "kpi-dossiers": "23", "kpi-completion": "79,3 %",
			"kpi-completion-of": "23 đã nộp / 29 bắt đầu", "kpi-abandonment": "27,8 %",
			"kpi-pages": "1.052", "kpi-rating": "4,2 / 5", "kpi-lookups": "9", "kpi-kiosks": "3"}
		for id, v := range want {
			if kpi[id] != v {
				t.Errorf("%s = %q, want %q", id, kpi[id], v)
			}
		}
		if !strings.Contains(page.body, "trong đó được hỗ trợ: 6") || !strings.Contains(page.body, "25 lượt đánh giá") {
			t.Error("assisted dossiers or rating count missing")
		}

		wantCommunes := [][]string{
			{"Xã/phường", "Ki-ốt có số liệu", "Lượt sử dụng", "Hoàn thành", "Bỏ dở", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Tỉ lệ hoàn thành", "Được hỗ trợ", "Trang đã quét", "Tra cứu", "Điểm hài lòng"},
			{"An Bình", "1", "14", "9", "4", "11", "8", "72,7 %", "1", "19", "3", "4,1"},
			{"Mỹ Khánh", "2", "22", "16", "6", "18", "15", "83,3 %", "5", "1.033", "6", "4,2"},
		}
		if got := table(t, page.body, "communes"); !reflect.DeepEqual(got, wantCommunes) {
			t.Errorf("per commune:\n got %q\nwant %q", got, wantCommunes)
		}
		wantKiosks := [][]string{
			{"Ki-ốt", "Xã/phường", "Số ngày", "Lượt sử dụng", "Hoàn thành", "Bỏ dở", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Tỉ lệ hoàn thành", "Được hỗ trợ", "Trang đã quét", "Tra cứu", "Điểm hài lòng"},
			{"Nhà văn hóa An Bình", "An Bình", "2", "14", "9", "4", "11", "8", "72,7 %", "1", "19", "3", "4,1"},
			{"Bưu điện văn hóa xã Mỹ Khánh", "Mỹ Khánh", "1", "20", "15", "5", "16", "14", "87,5 %", "4", "1.030", "6", "4,2"},
			{"Nhà văn hóa ấp Mỹ Ái", "Mỹ Khánh", "1", "2", "1", "1", "2", "1", "50,0 %", "1", "3", "0", "4,0"},
		}
		if got := table(t, page.body, "kiosks"); !reflect.DeepEqual(got, wantKiosks) {
			t.Errorf("per kiosk:\n got %q\nwant %q", got, wantKiosks)
		}
		wantProcs := [][]string{
			{"Thủ tục", "Mã thủ tục", "Hồ sơ đã nộp", "Lượt xem"},
			{"Đăng ký khai sinh", "1.001193", "14", "7"},
			{"Đăng ký kết hôn", "1.000894", "5", "0"},
			{"Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp hoặc chứng nhận", "2.000815", "4", "4"},
		}
		if got := table(t, page.body, "procedures"); !reflect.DeepEqual(got, wantProcs) {
			t.Errorf("per procedure:\n got %q\nwant %q", got, wantProcs)
		}
		days := table(t, page.body, "days")
		if len(days) != 1+30+1 {
			t.Fatalf("daily table has %d rows, want a header, 30 days and a total", len(days))
		}
		wantDays := map[int][]string{
			0:  {"Ngày", "Lượt sử dụng", "Hoàn thành", "Bỏ dở", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Tỉ lệ hoàn thành", "Được hỗ trợ", "Trang đã quét", "Tra cứu", "Lượt đánh giá", "Điểm hài lòng"},
			1:  {"27/11/2026", "4", "3", "1", "3", "3", "100,0 %", "0", "7", "1", "3", "3,7"},
			2:  {"26/11/2026", "20", "15", "5", "16", "14", "87,5 %", "4", "1.030", "6", "15", "4,2"},
			3:  {"25/11/2026", "10", "6", "3", "8", "5", "62,5 %", "1", "12", "2", "6", "4,3"},
			4:  {"24/11/2026", "0", "0", "0", "0", "0", "–", "0", "0", "0", "0", "–"},
			30: {"29/10/2026", "2", "1", "1", "2", "1", "50,0 %", "1", "3", "0", "1", "4,0"},
			31: {"Tổng cộng", "36", "25", "10", "29", "23", "79,3 %", "6", "1.052", "9", "25", "4,2"},
		}
		for i, w := range wantDays {
			if !reflect.DeepEqual(days[i], w) {
				t.Errorf("daily row %d: got %q, want %q", i, days[i], w)
			}
		}
		wantStatuses := [][]string{{"Đã tiếp nhận", "1"}, {"Đang xử lý", "1"}, {"Cần bổ sung giấy tờ", "0"},
			{"Đã có kết quả", "0"}, {"Từ chối", "0"}, {"Tổng cộng", "2"}}
		if got := table(t, page.body, "statuses"); !reflect.DeepEqual(got, wantStatuses) {
			t.Errorf("statuses:\n got %q\nwant %q", got, wantStatuses)
		}
		// The dossier list shows every day unless asked for a range.
		for path, n := range map[string]string{"/dossiers": "3 hồ sơ", "/dossiers?from=2026-10-29&to=2026-11-27": "2 hồ sơ",
			"/dossiers?status=processing": "1 hồ sơ", "/dossiers?kiosk=k3": "1 hồ sơ"} {
			if got := byID(b.get(path).body)["dossier-count"]; got != n {
				t.Errorf("%s: %q, want %q", path, got, n)
			}
		}
		// Charts are inline SVG: a line chart over the days and bar charts.
		if n := strings.Count(page.body, "<svg"); n != 4 {
			t.Errorf("%d charts, want 4 (daily, communes, procedures, ratings)", n)
		}
		if strings.Count(page.body, "<polyline") != 4 {
			t.Error("the daily chart should draw 4 lines")
		}

		// One commune, a custom range.
		page = b.get("/?from=2026-11-26&to=2026-11-27&commune=M%E1%BB%B9+Kh%C3%A1nh")
		kpi = byID(page.body)
		if kpi["kpi-sessions"] != "20" || kpi["kpi-dossiers"] != "14" || kpi["kpi-kiosks"] != "1" || kpi["kpi-pages"] != "1.030" {
			t.Errorf("Mỹ Khánh 26–27/11: %v", kpi)
		}
		// One kiosk, all of its days.
		page = b.get("/?from=2026-10-01&to=2026-11-27&kiosk=k3")
		kpi = byID(page.body)
		if kpi["kpi-sessions"] != "105" || kpi["kpi-dossiers"] != "41" || kpi["kpi-lookups"] != "70" ||
			kpi["kpi-completion"] != "66,1 %" || kpi["kpi-abandonment"] != "51,4 %" {
			t.Errorf("kiosk k3 in October–November: %v", kpi)
		}
		// Sessions but no dossier started: no completion rate (not 0 %), abandonment still counted.
		page = b.get("/?from=2026-10-27&to=2026-10-27&kiosk=k3")
		kpi = byID(page.body)
		if kpi["kpi-sessions"] != "3" || kpi["kpi-completion"] != "–" || kpi["kpi-completion-of"] != "0 đã nộp / 0 bắt đầu" ||
			kpi["kpi-abandonment"] != "100,0 %" {
			t.Errorf("kiosk k3 on 27/10, no dossier started: %v", kpi)
		}
		// A reversed range falls back to the default and says so.
		page = b.get("/?from=2026-11-27&to=2026-11-01")
		if !strings.Contains(page.body, "Khoảng ngày không hợp lệ") || byID(page.body)["kpi-sessions"] != "36" {
			t.Error("a reversed range was not replaced by the default")
		}
		// English on request.
		if a := b.get("/lang/en?back=/"); a.status != http.StatusSeeOther || a.header.Get("Location") != "/" {
			t.Fatalf("language switch: %d %q", a.status, a.header.Get("Location"))
		}
		page = b.get("/")
		if kpi := byID(page.body); kpi["kpi-completion"] != "79.3 %" || kpi["kpi-completion-of"] != "23 submitted / 29 started" ||
			kpi["kpi-pages"] != "1,052" || !strings.Contains(page.body, "Birth registration") {
			t.Errorf("English overview: %v", kpi)
		}
	})
}

func TestCSVExport(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		e := newEnv(t, s, false)
		kiosks(t, s)
		putUsage(t, s)
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		e.addAccount("xa.mykhanh", gwstore.RoleCommune, "Mỹ Khánh", pw)
		b := e.browser()
		b.mustSignIn("so.tttt", pw)
		a := b.get("/export.csv")
		if a.status != http.StatusOK || a.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			a.header.Get("Content-Disposition") != `attachment; filename="thong-ke-2026-10-29-2026-11-27.csv"` {
			t.Fatalf("export: %d %v", a.status, a.header)
		}
		if !strings.HasPrefix(a.body, "\ufeff") {
			t.Error("no byte order mark")
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(a.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"Ngày", "Xã/phường", "Ki-ốt", "Mã ki-ốt", "Lượt sử dụng", "Hoàn thành", "Bỏ dở", "Hồ sơ bắt đầu", "Hồ sơ đã nộp", "Tỉ lệ hoàn thành (%)",
				"Được hỗ trợ", "Trang đã quét", "Tra cứu",
				"Đánh giá 1 sao", "Đánh giá 2 sao", "Đánh giá 3 sao", "Đánh giá 4 sao", "Đánh giá 5 sao", "Điểm trung bình"},
			{"2026-10-29", "Mỹ Khánh", "Nhà văn hóa ấp Mỹ Ái", "k3", "2", "1", "1", "2", "1", "50.0", "1", "3", "0", "0", "0", "0", "1", "0", "4.00"},
			{"2026-11-25", "An Bình", "Nhà văn hóa An Bình", "k1", "10", "6", "3", "8", "5", "62.5", "1", "12", "2", "0", "0", "1", "2", "3", "4.33"},
			{"2026-11-26", "Mỹ Khánh", "Bưu điện văn hóa xã Mỹ Khánh", "k2", "20", "15", "5", "16", "14", "87.5", "4", "1030", "6", "0", "1", "2", "5", "7", "4.20"},
			{"2026-11-27", "An Bình", "Nhà văn hóa An Bình", "k1", "4", "3", "1", "3", "3", "100.0", "0", "7", "1", "1", "0", "0", "0", "2", "3.67"},
		}
		if !reflect.DeepEqual(recs, want) {
			t.Errorf("CSV:\n got %q\nwant %q", recs, want)
		}

		// A commune account exports its commune only, whatever it asks for.
		c := e.browser()
		c.mustSignIn("xa.mykhanh", pw)
		a = c.get("/export.csv?commune=An+B%C3%ACnh&from=2026-10-01&to=2026-11-30")
		recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(a.body, "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 5 || recs[1][3] != "k3" || recs[2][3] != "k3" || recs[3][3] != "k3" || recs[4][3] != "k2" {
			t.Errorf("commune export: %q", recs)
		}
		// A day without a dossier started has no completion rate (an empty cell, not 0).
		if len(recs) == 5 && (recs[1][0] != "2026-10-27" || recs[1][7] != "0" || recs[1][9] != "" || recs[2][9] != "66.7") {
			t.Errorf("commune export's completion: %q", recs[1:3])
		}
		// And sees its commune's figures only on the overview.
		page := c.get("/?commune=An+B%C3%ACnh")
		if kpi := byID(page.body); kpi["kpi-sessions"] != "22" || kpi["kpi-kiosks"] != "2" || kpi["kpi-pages"] != "1.033" {
			t.Errorf("Mỹ Khánh's overview: %v", kpi)
		}
		if strings.Contains(page.body, "An Bình") {
			t.Error("a commune account's overview names another commune")
		}
	})
}
