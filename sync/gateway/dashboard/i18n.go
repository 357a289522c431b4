package dashboard

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// messages holds every text the dashboard shows, Vietnamese first.
var messages = map[string]map[string]string{
	"vi": {
		"app.name":             "Thống kê dịch vụ công trực tuyến",
		"app.city":             "Thành phố Cần Thơ",
		"nav.overview":         "Tổng quan",
		"nav.dossiers":         "Hồ sơ đã nhận",
		"nav.sessions":         "Phiên đăng nhập",
		"sessions.title":       "Phiên đăng nhập của bạn",
		"sessions.help":        "Mỗi phiên tự kết thúc sau 30 phút không thao tác. Nếu thấy phiên lạ, hãy kết thúc nó và đổi mật khẩu.",
		"sessions.created":     "Đăng nhập lúc",
		"sessions.lastseen":    "Thao tác gần nhất",
		"sessions.current":     "phiên này",
		"sessions.end":         "Kết thúc phiên",
		"sessions.ended":       "Đã kết thúc phiên.",
		"dossier.views":        "Ai đã xem thông tin cá nhân của hồ sơ này",
		"dossier.viewed":       "Xem",
		"dossier.consent":      "Đồng ý xử lý dữ liệu cá nhân",
		"dossier.consent_at":   "Đã đồng ý lúc %s (văn bản %s)",
		"dossier.consent_none": "Không có bản ghi đồng ý (hồ sơ nộp bằng công cụ của nhân viên)",
		"dossier.erased":       "Dữ liệu cá nhân và trang quét của hồ sơ này đã được xóa lúc %s (%s).",
		"nav.logout":           "Đăng xuất",
		"nav.lang":             "English",
		"role.city":            "Thành phố",
		"role.commune":         "Xã/phường",
		"login.title":          "Đăng nhập",
		"login.name":           "Tên đăng nhập",
		"login.password":       "Mật khẩu",
		"login.submit":         "Đăng nhập",
		"login.wrong":          "Tên đăng nhập hoặc mật khẩu không đúng.",
		"login.limited":        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d phút.",
		"login.hint":           "Tài khoản do quản trị hệ thống của Thành phố cấp.",
		"err.title":            "Không thực hiện được",
		"err.notfound":         "Không tìm thấy trang này.",
		"err.internal":         "Có lỗi ở máy chủ. Vui lòng thử lại sau.",
		"err.forbidden":        "Bạn cần đăng nhập để thực hiện thao tác này.",
		"err.csrf":             "Yêu cầu bị từ chối vì thiếu mã bảo mật của biểu mẫu. Hãy tải lại trang và thử lại.",
		"err.range":            "Khoảng ngày không hợp lệ; đang hiển thị 30 ngày gần nhất.",
		"err.transition":       "Không thể chuyển hồ sơ sang trạng thái này từ trạng thái hiện tại.",
		"err.note":             "Ghi chú quá dài (tối đa 1000 ký tự).",
		"err.back":             "Về trang tổng quan",
		"range.from":           "Từ ngày",
		"range.to":             "Đến ngày",
		"range.commune":        "Xã/phường",
		"range.kiosk":          "Ki-ốt",
		"range.all":            "Tất cả",
		"range.show":           "Xem",
		"range.csv":            "Tải tệp CSV",
		"range.days":           "%d ngày",
		"range.anydate":        "mọi ngày",
		"col.by":               "Người thực hiện",
		"kpi.sessions":         "Lượt sử dụng",
		"kpi.dossiers":         "Hồ sơ đã nộp",
		"kpi.assisted":         "trong đó được hỗ trợ: %s",
		"kpi.completion":       "Tỉ lệ hoàn thành",
		"kpi.completion_of":    "%s đã nộp / %s bắt đầu",
		"kpi.abandonment":      "Tỉ lệ bỏ dở",
		"kpi.pages":            "Trang đã quét",
		"kpi.rating":           "Mức hài lòng",
		"kpi.ratings":          "%s lượt đánh giá",
		"kpi.lookups":          "Lượt tra cứu hồ sơ",
		"kpi.kiosks":           "Ki-ốt có số liệu",
		"chart.daily":          "Theo ngày",
		"chart.procedures":     "Hồ sơ theo thủ tục (10 thủ tục nhiều nhất)",
		"chart.communes":       "Hồ sơ theo xã/phường",
		"chart.ratings":        "Đánh giá mức hài lòng",
		"chart.stars":          "%d sao",
		"chart.empty":          "Chưa có số liệu trong khoảng ngày này.",
		"col.day":              "Ngày",
		"col.commune":          "Xã/phường",
		"col.kiosk":            "Ki-ốt",
		"col.days":             "Số ngày",
		"col.sessions":         "Lượt sử dụng",
		"col.completed":        "Hoàn thành",
		"col.abandoned":        "Bỏ dở",
		"col.completion":       "Tỉ lệ hoàn thành",
		"col.started":          "Hồ sơ bắt đầu",
		"col.dossiers":         "Hồ sơ đã nộp",
		"col.assisted":         "Được hỗ trợ",
		"col.pages":            "Trang đã quét",
		"col.lookups":          "Tra cứu",
		"col.rating":           "Điểm hài lòng",
		"col.ratings":          "Lượt đánh giá",
		"col.procedure":        "Thủ tục",
		"col.code":             "Mã thủ tục",
		"col.views":            "Lượt xem",
		"col.official":         "Mã hồ sơ",
		"col.receipt":          "Mã biên nhận",
		"col.received":         "Ngày nhận",
		"col.updated":          "Cập nhật",
		"col.status":           "Trạng thái",
		"col.note":             "Ghi chú",
		"col.pagecount":        "Số trang",
		"col.total":            "Tổng cộng",
		"sec.communes":         "Theo xã/phường",
		"sec.kiosks":           "Theo ki-ốt",
		"sec.days":             "Số liệu từng ngày",
		"sec.procedures":       "Theo thủ tục",
		"sec.statuses":         "Hồ sơ nhận trong khoảng ngày, theo trạng thái",
		"dossiers.title":       "Hồ sơ đã nhận",
		"dossiers.count":       "%s hồ sơ",
		"dossiers.none":        "Không có hồ sơ nào phù hợp.",
		"dossiers.prev":        "‹ Trang trước",
		"dossiers.next":        "Trang sau ›",
		"dossiers.page":        "Trang %d / %d",
		"dossier.title":        "Hồ sơ %s",
		"dossier.applicant":    "Người nộp",
		"dossier.idnumber":     "Số CCCD",
		"dossier.assisted":     "Nhân viên hỗ trợ",
		"dossier.fields":       "Thông tin kê khai",
		"dossier.history":      "Lịch sử xử lý",
		"dossier.move":         "Chuyển trạng thái",
		"dossier.newstatus":    "Trạng thái mới",
		"dossier.note":         "Ghi chú gửi người dân (hiện trên ki-ốt khi tra cứu)",
		"dossier.save":         "Lưu trạng thái",
		"dossier.final":        "Hồ sơ đã ở trạng thái cuối, không chuyển tiếp được.",
		"dossier.saved":        "Đã lưu trạng thái mới.",
		"status.received":      "Đã tiếp nhận",
		"status.processing":    "Đang xử lý",
		"status.needs_more":    "Cần bổ sung giấy tờ",
		"status.done":          "Đã có kết quả",
		"status.rejected":      "Từ chối",
		"csv.rating_n":         "Đánh giá %d sao",
		"csv.avg":              "Điểm trung bình",
		"csv.completion":       "Tỉ lệ hoàn thành (%)",
		"csv.kiosk_id":         "Mã ki-ốt",
		"footer":               "Giờ Việt Nam (UTC+7). Không chia sẻ tài khoản; đăng xuất khi rời máy.",
		"overview.note":        "Số liệu sử dụng do các ki-ốt gửi về hằng ngày; không chứa thông tin cá nhân.",
	},
	"en": {
		"app.name":             "Online public services statistics",
		"app.city":             "Can Tho City",
		"nav.overview":         "Overview",
		"nav.dossiers":         "Dossiers received",
		"nav.sessions":         "Sessions",
		"sessions.title":       "Your sessions",
		"sessions.help":        "Each session ends after 30 minutes without activity. If you see one you do not recognise, end it and change your password.",
		"sessions.created":     "Signed in",
		"sessions.lastseen":    "Last activity",
		"sessions.current":     "this one",
		"sessions.end":         "End session",
		"sessions.ended":       "Session ended.",
		"dossier.views":        "Who viewed this dossier's personal data",
		"dossier.viewed":       "Viewed",
		"dossier.consent":      "Consent to personal data processing",
		"dossier.consent_at":   "Given at %s (text %s)",
		"dossier.consent_none": "No consent recorded (filed with a staff tool)",
		"dossier.erased":       "This dossier's personal data and scanned pages were erased at %s (%s).",
		"nav.logout":           "Sign out",
		"nav.lang":             "Tiếng Việt",
		"role.city":            "City",
		"role.commune":         "Commune",
		"login.title":          "Sign in",
		"login.name":           "User name",
		"login.password":       "Password",
		"login.submit":         "Sign in",
		"login.wrong":          "Wrong user name or password.",
		"login.limited":        "Too many failed sign-ins. Please try again in %d minutes.",
		"login.hint":           "Accounts are issued by the city's system administrator.",
		"err.title":            "Could not do that",
		"err.notfound":         "No such page.",
		"err.internal":         "Server error. Please try again later.",
		"err.forbidden":        "You must sign in to do this.",
		"err.csrf":             "Refused: the form's security token is missing. Reload the page and try again.",
		"err.range":            "Invalid date range; showing the last 30 days.",
		"err.transition":       "The dossier cannot move to that status from its current one.",
		"err.note":             "Note too long (1000 characters at most).",
		"err.back":             "Back to the overview",
		"range.from":           "From",
		"range.to":             "To",
		"range.commune":        "Commune",
		"range.kiosk":          "Kiosk",
		"range.all":            "All",
		"range.show":           "Show",
		"range.csv":            "Download CSV",
		"range.days":           "%d days",
		"range.anydate":        "all days",
		"col.by":               "By",
		"kpi.sessions":         "Sessions",
		"kpi.dossiers":         "Dossiers filed",
		"kpi.assisted":         "of which assisted: %s",
		"kpi.completion":       "Completion rate",
		"kpi.completion_of":    "%s submitted / %s started",
		"kpi.abandonment":      "Abandonment rate",
		"kpi.pages":            "Pages scanned",
		"kpi.rating":           "Satisfaction",
		"kpi.ratings":          "%s ratings",
		"kpi.lookups":          "Status lookups",
		"kpi.kiosks":           "Kiosks reporting",
		"chart.daily":          "Per day",
		"chart.procedures":     "Dossiers per procedure (top 10)",
		"chart.communes":       "Dossiers per commune",
		"chart.ratings":        "Satisfaction ratings",
		"chart.stars":          "%d stars",
		"chart.empty":          "No figures in this date range yet.",
		"col.day":              "Day",
		"col.commune":          "Commune",
		"col.kiosk":            "Kiosk",
		"col.days":             "Days",
		"col.sessions":         "Sessions",
		"col.completed":        "Completed",
		"col.abandoned":        "Abandoned",
		"col.completion":       "Completion",
		"col.started":          "Dossiers started",
		"col.dossiers":         "Dossiers",
		"col.assisted":         "Assisted",
		"col.pages":            "Pages scanned",
		"col.lookups":          "Lookups",
		"col.rating":           "Rating",
		"col.ratings":          "Ratings",
		"col.procedure":        "Procedure",
		"col.code":             "Code",
		"col.views":            "Views",
		"col.official":         "Dossier code",
		"col.receipt":          "Receipt code",
		"col.received":         "Received",
		"col.updated":          "Updated",
		"col.status":           "Status",
		"col.note":             "Note",
		"col.pagecount":        "Pages",
		"col.total":            "Total",
		"sec.communes":         "Per commune",
		"sec.kiosks":           "Per kiosk",
		"sec.days":             "Daily figures",
		"sec.procedures":       "Per procedure",
		"sec.statuses":         "Dossiers received in the range, by status",
		"dossiers.title":       "Dossiers received",
		"dossiers.count":       "%s dossiers",
		"dossiers.none":        "No matching dossiers.",
		"dossiers.prev":        "‹ Previous",
		"dossiers.next":        "Next ›",
		"dossiers.page":        "Page %d of %d",
		"dossier.title":        "Dossier %s",
		"dossier.applicant":    "Applicant",
		"dossier.idnumber":     "ID card number",
		"dossier.assisted":     "Assisted by",
		"dossier.fields":       "Declared information",
		"dossier.history":      "History",
		"dossier.move":         "Change status",
		"dossier.newstatus":    "New status",
		"dossier.note":         "Note to the resident (shown on the kiosk's status lookup)",
		"dossier.save":         "Save status",
		"dossier.final":        "The dossier is in a final status and cannot move on.",
		"dossier.saved":        "New status saved.",
		"status.received":      "Received",
		"status.processing":    "Processing",
		"status.needs_more":    "Needs more documents",
		"status.done":          "Done",
		"status.rejected":      "Rejected",
		"csv.rating_n":         "Rated %d stars",
		"csv.avg":              "Average rating",
		"csv.completion":       "Completion (%)",
		"csv.kiosk_id":         "Kiosk id",
		"footer":               "Vietnam time (UTC+7). Do not share accounts; sign out when you leave the computer.",
		"overview.note":        "Usage figures sent daily by the kiosks; they carry no personal data.",
	},
}

// tr translates key into lang (the key itself when missing, so gaps show).
func tr(lang, key string) string {
	if s, ok := messages[lang][key]; ok {
		return s
	}
	if s, ok := messages["vi"][key]; ok {
		return s
	}
	return key
}

// formatInt writes n with thousands separators: 12.345 in Vietnamese, 12,345 in English.
func formatInt(lang string, n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatDec writes f with one decimal: 4,3 in Vietnamese, 4.3 in English.
func formatDec(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if lang == "vi" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// formatPct is part/whole as a percentage with one decimal ("–" when whole is 0).
func formatPct(lang string, part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return formatDec(lang, 100*float64(part)/float64(whole)) + " %"
}

// formatDay shows a YYYY-MM-DD day: 27/11/2026 in Vietnamese, as is in English.
func formatDay(lang, day string) string {
	t, err := time.Parse(wire.DayLayout, day)
	if err != nil || lang == "en" {
		return day
	}
	return t.Format("02/01/2006")
}

func (d *Dashboard) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":  func(key string) string { return tr(lang, key) },
		"tf": func(key string, a ...any) string { return fmt.Sprintf(tr(lang, key), a...) },
		"n":  func(n int) string { return formatInt(lang, n) },
		"pct": func(part, whole int) string {
			return formatPct(lang, part, whole)
		},
		"dec": func(f float64) string { return formatDec(lang, f) },
		"day": func(day string) string { return formatDay(lang, day) },
		"when": func(t time.Time) string {
			if lang == "en" {
				return t.In(d.loc).Format("2006-01-02 15:04")
			}
			return t.In(d.loc).Format("02/01/2006 15:04")
		},
		"status": func(s any) string { return tr(lang, "status."+fmt.Sprint(s)) }, // a wire.Status or its string (a form value)
		"proc":   func(code string) string { return d.procName(lang, code) },
		"role":   func(r string) string { return tr(lang, "role."+r) },
		"other":  func() string { return map[string]string{"vi": "en", "en": "vi"}[lang] },
	}
}

// procName is a procedure's name in lang, its code when the catalog lacks it.
func (d *Dashboard) procName(lang, code string) string {
	p, ok := d.procs[code]
	switch {
	case !ok:
		return code
	case lang == "en" && p.en != "":
		return p.en
	}
	return p.vi
}
