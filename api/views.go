package api

import "github.com/laufbahn/laufbahn/content"

// The content views the API answers with are content's read models
// (content/views.go), which the website renders too.
type (
	RoleSummary   = content.RoleSummary
	CourseSummary = content.CourseSummary
	Ref           = content.Ref
)

// ListResponse is a page of a list.
type ListResponse[T any] struct {
	Items []T    `json:"items"`
	Total int    `json:"total"`
	Limit int    `json:"limit"`
	Page  int    `json:"page"`
	Lang  string `json:"lang"`
}

// insights is the content.InsightsFunc of the role profile; nil without the
// jobs service.
func (s *server) insights() content.InsightsFunc {
	if s.Jobs == nil {
		return nil
	}
	return s.Jobs.InsightsView
}
