package api

import (
	"errors"
	"io"
	"mime"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/jobs"
)

// ApplicationView is an application as the applicant and the employer see
// it.
type ApplicationView struct {
	ID           string             `json:"id"`
	PostingID    string             `json:"postingId"`
	PostingTitle string             `json:"postingTitle"`
	Employer     string             `json:"employer"`
	Status       jobs.Status        `json:"status"`
	History      []jobs.StatusEntry `json:"history"`
	CoverNote    string             `json:"coverNote"`
	CV           *CVView            `json:"cv,omitempty"`
	// SnapshotConsent records the applicant's choice to share Snapshot.
	SnapshotConsent bool           `json:"snapshotConsent"`
	Snapshot        *jobs.Snapshot `json:"snapshot,omitempty"`
	Applicant       ApplicantView  `json:"applicant"`
	CreatedAt       time.Time      `json:"createdAt"`
	UpdatedAt       time.Time      `json:"updatedAt"`
}

// ApplicantView is who applied.
type ApplicantView struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// CVView describes an attached CV and where to download it.
type CVView struct {
	Filename string `json:"filename"`
	Size     int    `json:"size"`
	URL      string `json:"url"`
}

// ApplicationList is a page of applications, newest first.
type ApplicationList struct {
	Items []ApplicationView `json:"items"`
	Total int               `json:"total"`
	Page  int               `json:"page"`
	Limit int               `json:"limit"`
}

func applicationView(a *jobs.Application, cvBase string) ApplicationView {
	v := ApplicationView{ID: a.ID, PostingID: a.PostingID, PostingTitle: a.PostingTitle, Employer: a.EmployerName, Status: a.Status,
		History: a.History, CoverNote: a.CoverNote, SnapshotConsent: a.SnapshotConsent, Snapshot: a.Snapshot,
		Applicant: ApplicantView{ID: a.UserID, Name: a.ApplicantName, Email: a.ApplicantEmail}, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if a.CV != nil {
		v.CV = &CVView{Filename: a.CV.Filename, Size: a.CV.Size, URL: cvBase + url.PathEscape(a.ID) + "/cv"}
	}
	if v.History == nil {
		v.History = []jobs.StatusEntry{}
	}
	return v
}

// applicationList is a complete list of applications as one page.
func applicationList(as []*jobs.Application, cvBase string) ApplicationList {
	return applicationPage(as, len(as), 1, len(as), cvBase)
}

func applicationPage(as []*jobs.Application, total, page, limit int, cvBase string) ApplicationList {
	out := ApplicationList{Items: make([]ApplicationView, 0, len(as)), Total: total, Page: page, Limit: limit}
	for _, a := range as {
		out.Items = append(out.Items, applicationView(a, cvBase))
	}
	return out
}

const (
	myApplications  = "/api/v1/me/applications/"
	orgApplications = "/api/v1/organisations/mine/applications/"
)

// apply records the learner's application: a JSON body, or
// multipart/form-data with the fields coverNote and shareSnapshot and the
// PDF file cv (up to 5 MB; the only route that takes more than the JSON
// body limit).
func (s *server) apply() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in jobs.ApplyInput
		var cv *jobs.CVUpload
		mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
		if mt == fiber.MIMEMultipartForm {
			var err error
			if in, cv, err = applyForm(c); err != nil {
				return err
			}
		} else if err := decodeJSON(c, &in); err != nil {
			return err
		}
		a, err := s.Jobs.Apply(c.UserContext(), currentUser(c), c.Params("id"), in, cv)
		if err != nil {
			return err
		}
		c.Location(myApplications + url.PathEscape(a.ID))
		return c.Status(fiber.StatusCreated).JSON(applicationView(a, myApplications))
	}
}

func applyForm(c *fiber.Ctx) (jobs.ApplyInput, *jobs.CVUpload, error) {
	var in jobs.ApplyInput
	form, err := c.MultipartForm()
	if err != nil {
		return in, nil, apperr.Field("body", "is not valid multipart/form-data")
	}
	for k, vs := range form.Value {
		switch k {
		case "coverNote":
			in.CoverNote = vs[0]
		case "shareSnapshot":
			b, err := strconv.ParseBool(vs[0])
			if err != nil {
				return in, nil, apperr.Field("shareSnapshot", "must be true or false")
			}
			in.ShareSnapshot = b
		default:
			return in, nil, apperr.Field(k, "unknown field")
		}
	}
	var cv *jobs.CVUpload
	for k, fs := range form.File {
		if k != "cv" {
			return in, nil, apperr.Field(k, "unknown field")
		}
		if len(fs) != 1 {
			return in, nil, apperr.Field("cv", "send one file")
		}
		fh := fs[0]
		if fh.Size > jobs.MaxCVBytes {
			return in, nil, apperr.Field("cv", "must be at most 5 MB")
		}
		f, err := fh.Open()
		if err != nil {
			return in, nil, err
		}
		data, err := io.ReadAll(io.LimitReader(f, jobs.MaxCVBytes+1))
		_ = f.Close()
		if err != nil {
			return in, nil, err
		}
		cv = &jobs.CVUpload{Filename: fh.Filename, ContentType: fh.Header.Get(fiber.HeaderContentType), Data: data}
	}
	return in, cv, nil
}

// myApplicationsList lists the learner's applications.
func (s *server) listMyApplications() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "limit", "page")
		lo := q.page()
		if err := q.err(); err != nil {
			return err
		}
		as, total, err := s.Jobs.MyApplicationsPage(c.UserContext(), currentUser(c).ID, lo.Limit, lo.Page)
		if err != nil {
			return err
		}
		return c.JSON(applicationPage(as, total, lo.Page, lo.Limit, myApplications))
	}
}

// getMyApplication returns one of the learner's applications with its
// status history.
func (s *server) getMyApplication() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		a, err := s.Jobs.MyApplication(c.UserContext(), currentUser(c).ID, c.Params("id"))
		if err != nil {
			return err
		}
		return c.JSON(applicationView(a, myApplications))
	}
}

type messageRequest struct {
	Message string `json:"message"`
}

type statusRequest struct {
	Status  jobs.Status `json:"status"`
	Message string      `json:"message"`
}

// withdrawApplication withdraws the learner's open application.
func (s *server) withdrawApplication() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r messageRequest
		if err := decodeOptionalJSON(c, &r); err != nil {
			return err
		}
		a, err := s.Jobs.Withdraw(c.UserContext(), currentUser(c).ID, c.Params("id"), r.Message)
		if err != nil {
			return err
		}
		return c.JSON(applicationView(a, myApplications))
	}
}

// postingApplications lists the applications to a posting of my
// organisation.
func (s *server) postingApplications() fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := newQuery(c, "limit", "page")
		lo := q.page()
		if err := q.err(); err != nil {
			return err
		}
		as, total, err := s.Jobs.PostingApplications(c.UserContext(), currentUser(c).OrgID, c.Params("id"), lo.Limit, lo.Page)
		if err != nil {
			return err
		}
		return c.JSON(applicationPage(as, total, lo.Page, lo.Limit, orgApplications))
	}
}

// getOrgApplication returns an application to a posting of my
// organisation.
func (s *server) getOrgApplication() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		a, err := s.Jobs.OrgApplication(c.UserContext(), currentUser(c).OrgID, c.Params("id"))
		if err != nil {
			return err
		}
		return c.JSON(applicationView(a, orgApplications))
	}
}

// moveApplication changes an application's status.
func (s *server) moveApplication() fiber.Handler {
	return func(c *fiber.Ctx) error {
		var r statusRequest
		if err := decodeJSON(c, &r); err != nil {
			return err
		}
		a, err := s.Jobs.Move(c.UserContext(), currentUser(c).OrgID, c.Params("id"), r.Status, r.Message)
		if err != nil {
			return err
		}
		return c.JSON(applicationView(a, orgApplications))
	}
}

// applicationCV sends the CV of an application the caller may see.
func (s *server) applicationCV(employer bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := noQuery(c); err != nil {
			return err
		}
		u := currentUser(c)
		var a *jobs.Application
		var err error
		if employer {
			a, err = s.Jobs.OrgApplication(c.UserContext(), u.OrgID, c.Params("id"))
		} else {
			a, err = s.Jobs.MyApplication(c.UserContext(), u.ID, c.Params("id"))
		}
		if err != nil {
			return err
		}
		name, data, err := s.Jobs.CV(c.UserContext(), a)
		if err != nil {
			return err
		}
		if name == "" {
			return errors.New("CV without a file name")
		}
		c.Set(fiber.HeaderContentType, "application/pdf")
		c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set(fiber.HeaderCacheControl, "private, no-store")
		return c.Send(data)
	}
}
