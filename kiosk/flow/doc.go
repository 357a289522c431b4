// Package flow is the resident's session at the kiosk and its use cases, without Fyne:
// who files (the applicant, from a CCCD or typed), for which procedure, the answers to
// its questions, the scanned pages, consent, the language, and the steps from the
// identity to the receipt. The views in package kiosk draw what a Flow holds and call
// its methods; cmd/kiosk's `dossier add` files through the same Submit.
//
// A Flow is used from one goroutine (the UI's); its Timers (the last touch, the idle
// warning, the receipt's time-out) from any. Time comes from the injected clock
// (Options.Now), so the warning, the wipe and the time-out test without sleeping.
//
// Use cases: Start, Choose, ApplyCCCD, SetApplicant, Answer, AddPage, RemovePage,
// Check, Submit, End (which wipes). Questions lists every question of the chosen
// procedure, identity first, for views that ask one question per screen; NextQuestion,
// PrevQuestion and EditQuestion walk them, skipping what the identity already answered
// and coming back to the review after an edit.
package flow
