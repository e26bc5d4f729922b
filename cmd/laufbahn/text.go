package main

import (
	"fmt"
	"time"
)

// count says "1 salary range" or "4 salary ranges".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// humanDuration says a duration the way people do: "24 hours", "7 days",
// "90 minutes"; whatever does not divide evenly keeps Go's form.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return count(int(d/(24*time.Hour)), "day", "days")
	case d >= time.Hour && d%time.Hour == 0:
		return count(int(d/time.Hour), "hour", "hours")
	case d >= time.Minute && d%time.Minute == 0:
		return count(int(d/time.Minute), "minute", "minutes")
	}
	return d.String()
}

// settingDefault is the default of the named setting ("" if unknown).
func settingDefault(name string) string {
	for _, s := range settings {
		if s.flag == name {
			return s.def
		}
	}
	return ""
}
