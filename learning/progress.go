package learning

import (
	"math"
	"time"

	"github.com/laufbahn/laufbahn/content"
)

// Step states.
const (
	NotStarted = "not_started"
	InProgress = "in_progress"
	Done       = "done"
	Skipped    = "skipped"
)

// States lists the valid step states.
var States = []string{NotStarted, InProgress, Done, Skipped}

// Bases of an expected finish date.
const (
	// BasisFinished: every counted step is done; the date is the last one's.
	BasisFinished = "finished"
	// BasisPlanned: every remaining step has a planned end; the latest wins.
	BasisPlanned = "planned"
	// BasisPace: the remaining weight at the learner's pace so far.
	BasisPace = "pace"
	// BasisDurations: the remaining weight at the sourced durations' pace.
	BasisDurations = "durations"
)

// daysPerMonth turns weights (months) into calendar time.
const daysPerMonth = 30.44

// paceMinDays is how long an enrolment must run before the learner's own
// pace is trusted for a forecast.
const paceMinDays = 14

// maxForecastYears bounds a forecast; beyond it we give none rather than a
// meaningless date.
const maxForecastYears = 15

// StepWeight is the weight of one path step in the progress percentage.
type StepWeight struct {
	// Months is the weight: the sourced duration in months, or the
	// stand-in for steps without one.
	Months float64 `json:"months"`
	// Known says whether Months comes from a sourced duration.
	Known bool `json:"known"`
}

// Weights returns the weight of each step of p: a step with a sourced
// duration (its own or its linked course's, content.Duration.Months) weighs
// its months; a step without one weighs the mean of the known weights in the
// path, or 1 when no step of the path has a known duration.
func Weights(p content.Path, courses map[string]content.Course) []StepWeight {
	out := make([]StepWeight, len(p.Steps))
	sum, n := 0.0, 0
	for i, st := range p.Steps {
		m, ok := st.Duration.Months()
		if !ok && st.Course != "" {
			if co, found := courses[st.Course]; found {
				m, ok = co.Duration.Months()
			}
		}
		if ok && m > 0 {
			out[i] = StepWeight{Months: float64(m), Known: true}
			sum += float64(m)
			n++
		}
	}
	stand := 1.0
	if n > 0 {
		stand = sum / float64(n)
	}
	for i := range out {
		if !out[i].Known {
			out[i].Months = stand
		}
	}
	return out
}

// Progress is the computed state of an enrolment.
type Progress struct {
	// Percent is the done share of the counted weight, 0–100, one decimal.
	Percent float64 `json:"percent"`
	// Counted steps are the ones that count towards the percentage.
	CountedSteps int `json:"countedSteps"`
	DoneSteps    int `json:"doneSteps"`
	SkippedSteps int `json:"skippedSteps"`
	TotalSteps   int `json:"totalSteps"`
	// DoneMonths and RemainingMonths are the weights behind Percent.
	DoneMonths      float64 `json:"doneMonths"`
	RemainingMonths float64 `json:"remainingMonths"`
	// ExpectedFinish (YYYY-MM-DD) and its basis; empty when we cannot say.
	ExpectedFinish      string `json:"expectedFinish,omitempty"`
	ExpectedFinishBasis string `json:"expectedFinishBasis,omitempty"`
	Complete            bool   `json:"complete"`
}

// counts reports whether a step counts towards the percentage: skipped
// steps never do; optional steps only once the learner has started or
// finished them (a path's "option A or B" steps do not hold back someone
// who takes only one of them).
func counts(st content.Step, sp StepProgress) bool {
	switch sp.state() {
	case Skipped:
		return false
	case NotStarted:
		return !st.Optional
	}
	return true
}

// Compute returns the progress of steps (aligned with p.Steps; missing
// entries are not started) as of now, for an enrolment begun at enrolledAt.
//
// Percentage = 100 × Σ weight of done counted steps / Σ weight of counted
// steps. With nothing counted it is 0 for a path without steps and 100 when
// every step was skipped (nothing is left to do).
//
// Expected finish, first that applies: every counted step done → the latest
// done date (finished); every remaining step has a planned end → the latest
// planned end (planned); some weight done and the enrolment at least 14 days
// old → now + remaining ÷ (done ÷ elapsed months) (pace); the path has a
// sourced duration → now + remaining months (durations); otherwise none.
func Compute(p content.Path, weights []StepWeight, steps []StepProgress, enrolledAt, now time.Time) Progress {
	pr := Progress{TotalSteps: len(p.Steps)}
	var counted, done float64
	remainingPlanned := true
	latestPlanned, latestDone := "", ""
	anyKnown := false
	for i, st := range p.Steps {
		var sp StepProgress
		if i < len(steps) {
			sp = steps[i]
		}
		if weights[i].Known {
			anyKnown = true
		}
		switch sp.state() {
		case Done:
			pr.DoneSteps++
			if sp.DoneOn > latestDone {
				latestDone = sp.DoneOn
			}
		case Skipped:
			pr.SkippedSteps++
		}
		if !counts(st, sp) {
			continue
		}
		pr.CountedSteps++
		counted += weights[i].Months
		if sp.state() == Done {
			done += weights[i].Months
			continue
		}
		if sp.PlannedEnd == "" {
			remainingPlanned = false
		} else if sp.PlannedEnd > latestPlanned {
			latestPlanned = sp.PlannedEnd
		}
	}
	pr.DoneMonths = round1(done)
	pr.RemainingMonths = round1(counted - done)
	switch {
	case pr.CountedSteps == 0 && len(p.Steps) == 0:
		pr.Percent = 0
	case pr.CountedSteps == 0:
		pr.Percent, pr.Complete = 100, true
	default:
		pr.Percent = round1(100 * done / counted)
		pr.Complete = counted-done < 1e-9
	}
	remaining := counted - done
	switch {
	case pr.Complete:
		if latestDone != "" {
			pr.ExpectedFinish, pr.ExpectedFinishBasis = latestDone, BasisFinished
		}
	case remainingPlanned && latestPlanned != "":
		pr.ExpectedFinish, pr.ExpectedFinishBasis = latestPlanned, BasisPlanned
	case done > 0 && now.Sub(enrolledAt) >= paceMinDays*24*time.Hour:
		elapsedMonths := now.Sub(enrolledAt).Hours() / 24 / daysPerMonth
		pace := done / elapsedMonths // weight-months per calendar month
		pr.setForecast(now, remaining/pace, BasisPace)
	case anyKnown:
		pr.setForecast(now, remaining, BasisDurations)
	}
	return pr
}

func (pr *Progress) setForecast(now time.Time, months float64, basis string) {
	if months <= 0 || math.IsInf(months, 0) || math.IsNaN(months) || months > maxForecastYears*12 {
		return
	}
	days := int(math.Ceil(months * daysPerMonth))
	pr.ExpectedFinish = now.AddDate(0, 0, days).Format(time.DateOnly)
	pr.ExpectedFinishBasis = basis
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
