// Package catalogtest generates large procedure catalogs for tests and benches: a
// merged province publishes thousands of procedures (Cần Thơ alone about 2,200 before
// the 2025 merger), while the shipped sample holds a few dozen. The catalogs are built
// from Vietnamese administrative vocabulary, deterministic for a seed, and valid
// (catalog.Validate passes). Only tests and benches import this package; nothing in it
// is embedded in the kiosk.
package catalogtest

import (
	"fmt"
	"math/rand/v2"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// The sizes the benches measure: a province's catalog, and ten times it.
const (
	Province = 2500
	Large    = 25000
)

var (
	verbs = []string{"Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Chứng thực", "Xác nhận", "Thay đổi", "Cải chính", "Bổ sung",
		"Hỗ trợ", "Giải quyết", "Công nhận", "Thẩm định", "Gia hạn", "Điều chỉnh", "Thu hồi", "Phê duyệt", "Trích lục",
		"Hủy bỏ", "Chấm dứt", "Tiếp nhận", "Hòa giải", "Xóa đăng ký", "Chuyển đổi"}
	objects = []string{"khai sinh", "kết hôn", "khai tử", "bản sao từ bản chính", "chữ ký", "tình trạng hôn nhân",
		"hộ kinh doanh", "quyền sử dụng đất", "trợ cấp xã hội", "thiệt hại do thiên tai", "lễ hội truyền thống",
		"nhóm trẻ độc lập", "người có công", "giám hộ", "nhận cha mẹ con", "tranh chấp đất đai", "thường trú",
		"tạm trú", "mai táng phí", "hộ nghèo", "hộ cận nghèo", "người khuyết tật", "thay đổi hộ tịch", "xác định lại dân tộc",
		"giấy phép xây dựng", "giấy phép kinh doanh rượu", "giấy chứng nhận an toàn thực phẩm", "biến động đất đai",
		"chuyển mục đích sử dụng đất", "hợp đồng giao dịch", "di chúc", "văn bản thỏa thuận phân chia di sản",
		"tặng cho tài sản", "thủy sản nuôi trồng", "tàu cá", "giống cây trồng", "chăn nuôi gia súc", "thú y",
		"bảo hiểm y tế", "học bổng chính sách", "miễn giảm học phí", "cơ sở giáo dục mầm non", "thư viện cộng đồng",
		"câu lạc bộ thể thao", "di tích lịch sử", "nghĩa trang liệt sĩ", "thân nhân liệt sĩ", "bệnh binh",
		"trẻ em có hoàn cảnh đặc biệt", "người cao tuổi", "nạn nhân bạo lực gia đình", "cai nghiện ma túy",
		"phòng cháy chữa cháy", "vệ sinh môi trường", "khai thác nước ngầm", "đê điều", "kênh mương nội đồng",
		"hợp tác xã", "tổ hợp tác", "làng nghề", "chợ truyền thống", "tôn giáo tín ngưỡng", "quyền sở hữu nhà ở"}
	tails = []string{"", " cho trẻ em", " có yếu tố nước ngoài", " lưu động", " tại cấp xã", " cho người cao tuổi",
		" lần đầu", " theo yêu cầu", " trực tuyến", " liên thông", " đối với hộ gia đình", " đối với cá nhân",
		" cho người dân tộc thiểu số", " tại vùng sâu vùng xa", " do mất hoặc hư hỏng", " trong trường hợp đặc biệt",
		" cho tổ chức", " khi thay đổi nơi cư trú", " theo Nghị định 123/2015/NĐ-CP", " cho người nước ngoài"}
	fields = []struct{ vi, en string }{
		{"Hộ tịch", "Civil status"}, {"Chứng thực", "Certification"}, {"Bảo trợ xã hội", "Social protection"},
		{"Đất đai", "Land"}, {"Nông nghiệp", "Agriculture"}, {"Văn hóa", "Culture"}, {"Giáo dục", "Education"},
		{"Người có công", "People with merit"}, {"Thủy sản", "Fisheries"}, {"Xây dựng", "Construction"},
		{"Y tế", "Health"}, {"Tư pháp", "Justice"}, {"Kinh tế hợp tác", "Cooperatives"}, {"Tài nguyên nước", "Water resources"},
	}
	agencies = []string{"UBND cấp xã", "UBND phường", "Sở Tư pháp", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
		"Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Công an cấp xã"}
	times = []string{"Ngay trong ngày", "03 ngày làm việc", "05 ngày làm việc", "10 ngày làm việc", "15 ngày làm việc", "20 ngày"}
	steps = []string{
		"Người yêu cầu nộp hồ sơ tại Bộ phận tiếp nhận và trả kết quả của UBND cấp xã hoặc qua Cổng dịch vụ công",
		"Công chức tiếp nhận kiểm tra tính hợp lệ của hồ sơ, hướng dẫn bổ sung nếu hồ sơ chưa đầy đủ",
		"Cơ quan có thẩm quyền thẩm định hồ sơ, xác minh thực tế khi cần thiết",
		"Lãnh đạo cơ quan ký duyệt và trả kết quả cho người yêu cầu theo thời hạn quy định",
		"Trường hợp không giải quyết, cơ quan trả lời bằng văn bản và nêu rõ lý do",
	}
	documents = []catalog.Document{
		{ID: "to-khai", Name: "Tờ khai theo mẫu quy định", Template: "Mẫu số 01", Copies: 1, Scan: true},
		{ID: "cccd", Name: "Căn cước công dân hoặc giấy tờ tùy thân có ảnh", Copies: 1, Original: true, Scan: true},
		{ID: "giay-uy-quyen", Name: "Văn bản ủy quyền (nếu nộp thay)", Copies: 1, Scan: true, Optional: true},
		{ID: "xac-nhan-cu-tru", Name: "Giấy xác nhận thông tin về cư trú", Copies: 1, Scan: true},
		{ID: "ban-ve", Name: "Bản vẽ sơ đồ vị trí thửa đất", Copies: 2, Scan: true, MaxPages: 4},
		{ID: "giay-chung-sinh", Name: "Giấy chứng sinh do cơ sở y tế cấp", Copies: 1, Original: true, Scan: true},
	}
	forms = []catalog.Field{
		{ID: "ho_ten", Label: "Họ và tên người yêu cầu", LabelEN: "Applicant's full name", Type: catalog.Text, Required: true, MaxLen: 100, Applicant: "name"},
		{ID: "so_dinh_danh", Label: "Số định danh cá nhân", Type: catalog.CCCD, Required: true, Applicant: "id_number"},
		{ID: "ngay_sinh", Label: "Ngày, tháng, năm sinh", Type: catalog.Date, Required: true, Applicant: "dob"},
		{ID: "gioi_tinh", Label: "Giới tính", Type: catalog.Choice, Choices: []string{"Nam", "Nữ"}, ChoicesEN: []string{"Male", "Female"}, Applicant: "sex"},
		{ID: "noi_cu_tru", Label: "Nơi cư trú", Type: catalog.LongText, Applicant: "address"},
		{ID: "so_dien_thoai", Label: "Số điện thoại liên hệ", Type: catalog.Phone},
		{ID: "ly_do", Label: "Lý do đề nghị", Type: catalog.LongText, MaxLen: 500},
		{ID: "so_ban_sao", Label: "Số bản sao đề nghị cấp", Type: catalog.Number},
	}
	aliasStarts = []string{"làm ", "xin ", "giấy ", "thủ tục "}
)

// Generate returns a valid catalog of n procedures, the same for the same n and seed.
// Names combine a verb, an object and a qualifier as published catalogs do (every
// name distinct); about a third carry an English name and one in five an alias.
func Generate(n int, seed uint64) *catalog.Catalog {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	combos := len(verbs) * len(objects) * len(tails)
	// A seeded walk over the combinations: a stride coprime with combos visits each once.
	stride := combos/3 + r.IntN(combos/3)
	for gcd(stride, combos) != 1 {
		stride++
	}
	start := r.IntN(combos)
	c := &catalog.Catalog{Version: fmt.Sprintf("gen-%d-%d", n, seed), Issuer: "UBND TP Cần Thơ (sinh tự động)"}
	c.Procedures = make([]catalog.Procedure, 0, n)
	for i := 0; i < n; i++ {
		k := (start + i*stride) % combos
		v, o, t := verbs[k%len(verbs)], objects[(k/len(verbs))%len(objects)], tails[k/(len(verbs)*len(objects))]
		name := v + " " + o + t
		if i >= combos {
			name += fmt.Sprintf(" (đợt %d)", i/combos+1)
		}
		f := fields[r.IntN(len(fields))]
		p := catalog.Procedure{
			Code:           fmt.Sprintf("%d.%06d", 1+r.IntN(2), 1000+i),
			Name:           name,
			Field:          f.vi,
			FieldEN:        f.en,
			Agency:         agencies[r.IntN(len(agencies))],
			Level:          catalog.Level3 + catalog.Level(r.IntN(2)),
			ProcessingTime: times[r.IntN(len(times))],
			Steps:          pick(r, steps, 2, 4),
			Documents:      pick(r, documents, 1, 4),
			Form:           append([]catalog.Field{forms[0]}, pick(r, forms[1:], 1, 5)...),
		}
		if r.IntN(3) == 0 {
			p.NameEN = fmt.Sprintf("Procedure %s", p.Code)
		}
		if r.IntN(4) == 0 {
			p.Fees = []catalog.Fee{{Label: "Lệ phí", AmountVND: int64(5000 * (1 + r.IntN(20)))}}
		}
		if r.IntN(5) == 0 {
			p.Aliases = []string{aliasStarts[r.IntN(len(aliasStarts))] + o}
		}
		c.Procedures = append(c.Procedures, p)
	}
	return c
}

// pick returns between lo and hi of xs (in their order), chosen by r.
func pick[T any](r *rand.Rand, xs []T, lo, hi int) []T {
	n := lo + r.IntN(hi-lo+1)
	idx := r.Perm(len(xs))[:n]
	keep := make([]bool, len(xs))
	for _, i := range idx {
		keep[i] = true
	}
	out := make([]T, 0, n)
	for i, x := range xs {
		if keep[i] {
			out = append(out, x)
		}
	}
	return out
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
