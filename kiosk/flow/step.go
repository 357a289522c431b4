package flow

// Step is where the resident is in filing a dossier.
type Step int

// The steps, in order. Today's views ask the identity questions on one screen
// (StepIdentity) and the form on another (StepForm); StepQuestion is one question per
// screen, at Cursor.
const (
	StepNone Step = iota
	StepDetail
	StepIdentity
	StepForm
	StepQuestion
	StepScan
	StepReview
	StepReceipt
)

var stepNames = [...]string{"none", "detail", "identity", "form", "question", "scan", "review", "receipt"}

func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "step?"
	}
	return stepNames[s]
}

// After returns the step that follows s for the chosen procedure: detail → identity →
// form → scan (only when the procedure has documents to scan) → review → receipt.
func (f *Flow) After(s Step) Step {
	switch s {
	case StepNone, StepDetail:
		return StepIdentity
	case StepIdentity:
		return StepForm
	case StepForm, StepQuestion:
		if f.s.procedure != nil && len(f.s.procedure.ScanDocuments()) > 0 {
			return StepScan
		}
		return StepReview
	case StepScan:
		return StepReview
	}
	return StepReceipt
}
