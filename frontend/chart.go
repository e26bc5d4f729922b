package frontend

import (
	"math"

	"github.com/laufbahn/laufbahn/content"
)

// salaryChart is a role's salary ranges drawn as an inline SVG: one bar
// per range from low to high with a mark at the average (or median), on a
// common scale with gridlines. The same figures are in the table beside
// it, the chart's text equivalent.
type salaryChart struct {
	Width, Height int
	Rows          []chartRow
	Grid          []chartTick
}

type chartRow struct {
	Label            string
	Y                int
	X1, X2, XMid     float64
	LowText          string
	HighText         string
	MidText, MidName string
	HasMid           bool
}

type chartTick struct {
	X    float64
	Text string
}

const (
	chartLeft  = 8.0
	chartRight = 592.0
	rowHeight  = 56
)

func newSalaryChart(p *Page, sv content.SalaryView) salaryChart {
	ch := salaryChart{Width: 600}
	top := 0
	for _, r := range sv.Ranges {
		top = max(top, r.High)
	}
	if top == 0 {
		return ch
	}
	step := 10000.0
	scale := math.Ceil(float64(top)*1.1/step) * step
	x := func(v int) float64 { return chartLeft + (chartRight-chartLeft)*float64(v)/scale }
	for v := 0.0; v <= scale; v += step {
		ch.Grid = append(ch.Grid, chartTick{X: x(int(v)), Text: p.Num(v / 1000)})
	}
	for i, r := range sv.Ranges {
		row := chartRow{Label: r.RegionName, Y: 24 + i*rowHeight, X1: x(r.Low), X2: x(r.High), LowText: p.Money(r.Low), HighText: p.Money(r.High)}
		switch {
		case r.Average != nil:
			row.HasMid, row.XMid, row.MidText, row.MidName = true, x(*r.Average), p.Money(*r.Average), p.T("salary.average")
		case r.Median != nil:
			row.HasMid, row.XMid, row.MidText, row.MidName = true, x(*r.Median), p.Money(*r.Median), p.T("salary.median")
		}
		ch.Rows = append(ch.Rows, row)
	}
	ch.Height = 24 + len(sv.Ranges)*rowHeight + 24
	return ch
}
