package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/apperr"
	"github.com/laufbahn/laufbahn/mongodb"
)

// Status is where an application is.
type Status string

// Application statuses. The employer moves an application forward through
// received → in_review → interview → offer → hired, or rejects it; the
// applicant can withdraw it while it is open.
const (
	Received  Status = "received"
	InReview  Status = "in_review"
	Interview Status = "interview"
	Offer     Status = "offer"
	Hired     Status = "hired"
	Rejected  Status = "rejected"
	// WithdrawnByApplicant is set by the applicant.
	WithdrawnByApplicant Status = "withdrawn"
)

// transitions are the moves an employer may make. Stages may be skipped
// forward (straight to an interview), never gone back; hired, rejected and
// withdrawn are final.
var transitions = map[Status][]Status{
	Received:  {InReview, Interview, Rejected},
	InReview:  {Interview, Rejected},
	Interview: {Offer, Rejected},
	Offer:     {Hired, Rejected},
}

// Final reports whether no further move is possible.
func (s Status) Final() bool { return s == Hired || s == Rejected || s == WithdrawnByApplicant }

// Next lists the statuses an employer may move an application in status s
// to (none once it is final), in the pipeline's order.
func (s Status) Next() []Status { return slices.Clone(transitions[s]) }

// Pipeline is every status in the order the employer's pipeline shows
// them, the applicant's withdrawal last.
var Pipeline = []Status{Received, InReview, Interview, Offer, Hired, Rejected, WithdrawnByApplicant}

// Limits of an application.
const (
	MaxCVBytes      = 5 << 20
	maxCoverNoteLen = 5000
	maxMessageLen   = 2000
)

// SnapshotSource builds the skills and training snapshot of a learner, as
// far as it is known. It may return nil.
type SnapshotSource func(ctx context.Context, userID string) (*Snapshot, error)

// Snapshot is what an applicant shares, with consent, about their skills
// and training at the time of applying.
type Snapshot struct {
	TakenAt    time.Time          `json:"takenAt" bson:"takenAt"`
	TargetRole string             `json:"targetRole,omitempty" bson:"targetRole,omitempty"`
	Skills     []SnapshotSkill    `json:"skills" bson:"skills"`
	Training   []SnapshotTraining `json:"training" bson:"training"`
}

// SnapshotSkill is a skill the learner has assessed.
type SnapshotSkill struct {
	Slug  string `json:"slug" bson:"slug"`
	Name  string `json:"name" bson:"name"`
	Level string `json:"level" bson:"level"`
}

// SnapshotTraining is a qualification path the learner follows.
type SnapshotTraining struct {
	Path       string `json:"path" bson:"path"`
	Title      string `json:"title" bson:"title"`
	StepsDone  int    `json:"stepsDone" bson:"stepsDone"`
	StepsTotal int    `json:"stepsTotal" bson:"stepsTotal"`
}

// StatusEntry is one step of an application's history.
type StatusEntry struct {
	Status Status    `json:"status" bson:"status"`
	At     time.Time `json:"at" bson:"at"`
	// By is "applicant" or "employer".
	By      string `json:"by" bson:"by"`
	Message string `json:"message,omitempty" bson:"message,omitempty"`
}

// CVInfo describes an uploaded CV; the bytes are in their own document.
type CVInfo struct {
	Filename   string    `bson:"filename"`
	Size       int       `bson:"size"`
	UploadedAt time.Time `bson:"uploadedAt"`
}

// Application is a learner's application to a posting. Its id is the
// posting id and the user id, so a second application is a duplicate key.
type Application struct {
	ID           string `bson:"_id"`
	PostingID    string `bson:"postingId"`
	PostingTitle string `bson:"postingTitle"`
	OrgID        string `bson:"orgId"`
	EmployerName string `bson:"employerName"`
	UserID       string `bson:"userId"`
	// ApplicantName and ApplicantEmail are copied when applying: the
	// applicant hands them to the employer.
	ApplicantName   string        `bson:"applicantName"`
	ApplicantEmail  string        `bson:"applicantEmail"`
	CoverNote       string        `bson:"coverNote"`
	CV              *CVInfo       `bson:"cv,omitempty"`
	SnapshotConsent bool          `bson:"snapshotConsent"`
	Snapshot        *Snapshot     `bson:"snapshot,omitempty"`
	Status          Status        `bson:"status"`
	History         []StatusEntry `bson:"history"`
	CreatedAt       time.Time     `bson:"createdAt"`
	UpdatedAt       time.Time     `bson:"updatedAt"`
	// NotifyDirty is set by every write that adds a history entry, in the
	// same write; NotifiedThrough counts the entries handed to the
	// notifier (see notify.go).
	NotifyDirty     bool `bson:"notifyDirty,omitempty"`
	NotifiedThrough int  `bson:"notifiedThrough"`
}

// ApplicationID is the id of u's application to a posting.
func ApplicationID(postingID, userID string) string { return postingID + ":" + userID }

// ApplyInput is what the applicant sends.
type ApplyInput struct {
	CoverNote string `json:"coverNote"`
	// ShareSnapshot is the explicit consent to attach a snapshot of the
	// applicant's skills and training progress.
	ShareSnapshot bool `json:"shareSnapshot"`
}

// CVUpload is an uploaded CV.
type CVUpload struct {
	Filename    string
	ContentType string
	Data        []byte
}

// Validate checks the upload is a PDF of at most MaxCVBytes: by its
// declared type and by its first bytes.
func (cv *CVUpload) Validate() error {
	switch {
	case len(cv.Data) == 0:
		return apperr.Field("cv", "is empty")
	case len(cv.Data) > MaxCVBytes:
		return apperr.Field("cv", fmt.Sprintf("must be at most %d MB", MaxCVBytes>>20))
	case !strings.EqualFold(strings.TrimSpace(strings.Split(cv.ContentType, ";")[0]), "application/pdf"):
		return apperr.Field("cv", "must be sent as application/pdf")
	case !bytes.HasPrefix(cv.Data, []byte("%PDF-")):
		return apperr.Field("cv", "is not a PDF file")
	}
	name := path.Base(strings.ReplaceAll(cv.Filename, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == ';' || r == '/' || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || utf8.RuneCountInString(name) > 100 {
		name = "lebenslauf.pdf"
	}
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	cv.Filename = name
	return nil
}

// Apply records u's application to a public posting that takes
// applications on the platform. Applying twice is a conflict.
func (s *Service) Apply(ctx context.Context, u *account.User, postingID string, in ApplyInput, cv *CVUpload) (*Application, error) {
	var probs apperr.Problems
	in.CoverNote = strings.TrimSpace(in.CoverNote)
	switch {
	case !utf8.ValidString(in.CoverNote):
		probs.Add("coverNote", "must be valid UTF-8")
	case utf8.RuneCountInString(in.CoverNote) > maxCoverNoteLen:
		probs.Addf("coverNote", "must be at most %d characters", maxCoverNoteLen)
	case strings.ContainsRune(in.CoverNote, 0):
		probs.Add("coverNote", "must be text")
	}
	if cv != nil {
		probs.Merge("", cv.Validate())
	}
	if err := probs.Err("invalid application"); err != nil {
		return nil, err
	}
	p, err := s.PublicPosting(ctx, postingID)
	if err != nil {
		return nil, err
	}
	if p.Apply.Method != "platform" {
		return nil, apperr.New(apperr.Conflict, "this employer takes applications at %s", p.Apply.URL)
	}
	now := s.clock()
	a := &Application{
		ID: ApplicationID(p.ID, u.ID), PostingID: p.ID, PostingTitle: p.Title, OrgID: p.Employer.ID, EmployerName: p.Employer.Name,
		UserID: u.ID, ApplicantName: u.Name, ApplicantEmail: u.Email, CoverNote: in.CoverNote, SnapshotConsent: in.ShareSnapshot,
		Status: Received, History: []StatusEntry{{Status: Received, At: now, By: "applicant"}}, CreatedAt: now, UpdatedAt: now,
		NotifyDirty: true,
	}
	if in.ShareSnapshot {
		if a.Snapshot, err = s.buildSnapshot(ctx, u, now); err != nil {
			return nil, err
		}
	}
	if cv != nil {
		a.CV = &CVInfo{Filename: cv.Filename, Size: len(cv.Data), UploadedAt: now}
	}
	if _, err := s.apps.InsertOne(ctx, a); err != nil {
		if mongo.IsDuplicateKeyError(err) {
			return nil, apperr.New(apperr.Conflict, "you have already applied to this posting")
		}
		return nil, mongodb.Translate(err, "application")
	}
	if cv != nil {
		_, err := s.cvs.InsertOne(ctx, bson.D{{Key: "_id", Value: a.ID}, {Key: "data", Value: bson.Binary{Data: cv.Data}},
			{Key: "filename", Value: cv.Filename}, {Key: "size", Value: len(cv.Data)}, {Key: "uploadedAt", Value: now}})
		if err != nil {
			// Undo the application, so the applicant can simply retry.
			_, _ = s.apps.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: a.ID}})
			return nil, mongodb.Translate(err, "CV")
		}
	}
	if err := s.addToList(ctx, s.postingApps, p.ID, a.ID); err != nil {
		return nil, err
	}
	if err := s.addToList(ctx, s.userApps, u.ID, a.ID); err != nil {
		return nil, err
	}
	s.notifyApplication(ctx, a)
	return a, nil
}

// buildSnapshot takes what is known about the learner now: the target role
// from the account, and skills and training from the snapshot source.
func (s *Service) buildSnapshot(ctx context.Context, u *account.User, now time.Time) (*Snapshot, error) {
	snap := &Snapshot{}
	if s.snapshot != nil {
		got, err := s.snapshot(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if got != nil {
			snap = got
		}
	}
	snap.TakenAt = now
	if snap.TargetRole == "" {
		snap.TargetRole = u.TargetRole
	}
	if snap.Skills == nil {
		snap.Skills = []SnapshotSkill{}
	}
	if snap.Training == nil {
		snap.Training = []SnapshotTraining{}
	}
	return snap, nil
}

func (s *Service) addToList(ctx context.Context, coll *mongo.Collection, id, item string) error {
	defer s.locks.Lock(coll.Name() + "/" + id)()
	_, err := coll.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "ids", Value: item}}}}, options.UpdateOne().SetUpsert(true))
	return mongodb.Translate(err, "list")
}

func (s *Service) application(ctx context.Context, id string) (*Application, error) {
	var a Application
	if err := s.apps.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&a); err != nil {
		return nil, mongodb.Translate(err, "application")
	}
	return &a, nil
}

// applications loads a page of the listed applications, newest first
// (the lists are in the order of applying), and returns the list's length.
func (s *Service) applications(ctx context.Context, ids []string, limit, page int, keep func(*Application) bool) ([]*Application, int, error) {
	ids = slices.Clone(ids)
	slices.Reverse(ids)
	out := []*Application{}
	for _, id := range pageOf(ids, limit, page) {
		a, err := s.application(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if keep(a) {
			out = append(out, a)
		}
	}
	return out, len(ids), nil
}

// MyApplications lists all of u's applications, newest first.
func (s *Service) MyApplications(ctx context.Context, userID string) ([]*Application, error) {
	as, _, err := s.MyApplicationsPage(ctx, userID, 0, 1)
	return as, err
}

// MyApplicationsPage lists a page of u's applications, newest first, and
// their total (limit 0: all).
func (s *Service) MyApplicationsPage(ctx context.Context, userID string, limit, page int) ([]*Application, int, error) {
	ids, err := s.idList(ctx, s.userApps, userID)
	if err != nil {
		return nil, 0, err
	}
	return s.applications(ctx, ids, limit, page, func(a *Application) bool { return a.UserID == userID })
}

// MyApplication returns one of u's applications; anyone else's is not
// found.
func (s *Service) MyApplication(ctx context.Context, userID, id string) (*Application, error) {
	a, err := s.application(ctx, id)
	if err != nil || a.UserID != userID {
		return nil, apperr.New(apperr.NotFound, "application not found")
	}
	return a, nil
}

// PostingApplications lists a page of the applications to a posting of
// the organisation, newest first, and their total (limit 0: all).
func (s *Service) PostingApplications(ctx context.Context, orgID, postingID string, limit, page int) ([]*Application, int, error) {
	if _, err := s.owned(ctx, orgID, postingID); err != nil {
		return nil, 0, err
	}
	ids, err := s.idList(ctx, s.postingApps, postingID)
	if err != nil {
		return nil, 0, err
	}
	return s.applications(ctx, ids, limit, page, func(a *Application) bool { return a.OrgID == orgID })
}

// OrgApplication returns an application to one of the organisation's
// postings; any other is not found.
func (s *Service) OrgApplication(ctx context.Context, orgID, id string) (*Application, error) {
	a, err := s.application(ctx, id)
	if err != nil || a.OrgID != orgID {
		return nil, apperr.New(apperr.NotFound, "application not found")
	}
	return a, nil
}

// Move changes the status of an application to one of the organisation's
// postings, with an optional message to the applicant.
func (s *Service) Move(ctx context.Context, orgID, id string, to Status, message string) (*Application, error) {
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > maxMessageLen {
		return nil, apperr.Field("message", fmt.Sprintf("must be at most %d characters", maxMessageLen))
	}
	if !slices.Contains([]Status{InReview, Interview, Offer, Hired, Rejected}, to) {
		return nil, apperr.Field("status", "must be one of: in_review, interview, offer, hired, rejected")
	}
	defer s.locks.Lock(id)()
	a, err := s.OrgApplication(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(transitions[a.Status], to) {
		return nil, apperr.New(apperr.Conflict, "an application in status %s cannot move to %s", a.Status, to)
	}
	return s.setStatus(ctx, a, StatusEntry{Status: to, By: "employer", Message: message})
}

// Withdraw withdraws u's open application.
func (s *Service) Withdraw(ctx context.Context, userID, id, message string) (*Application, error) {
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > maxMessageLen {
		return nil, apperr.Field("message", fmt.Sprintf("must be at most %d characters", maxMessageLen))
	}
	defer s.locks.Lock(id)()
	a, err := s.MyApplication(ctx, userID, id)
	if err != nil {
		return nil, err
	}
	if a.Status.Final() {
		return nil, apperr.New(apperr.Conflict, "the application is %s already", a.Status)
	}
	return s.setStatus(ctx, a, StatusEntry{Status: WithdrawnByApplicant, By: "applicant", Message: message})
}

func (s *Service) setStatus(ctx context.Context, a *Application, e StatusEntry) (*Application, error) {
	e.At = s.clock()
	a.Status, a.UpdatedAt = e.Status, e.At
	a.History = append(a.History, e)
	a.NotifyDirty = true // the intent to notify, in the same write
	_, err := s.apps.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, bson.D{{Key: "$set", Value: bson.D{
		{Key: "status", Value: a.Status}, {Key: "updatedAt", Value: a.UpdatedAt}, {Key: "history", Value: a.History},
		{Key: "notifyDirty", Value: true}}}})
	if err != nil {
		return nil, mongodb.Translate(err, "application")
	}
	s.notifyApplication(ctx, a)
	return a, nil
}

// CV returns the CV of an application (the caller has checked access).
func (s *Service) CV(ctx context.Context, a *Application) (filename string, data []byte, err error) {
	if a.CV == nil {
		return "", nil, apperr.New(apperr.NotFound, "this application has no CV")
	}
	var doc struct {
		Data     bson.Binary `bson:"data"`
		Filename string      `bson:"filename"`
	}
	err = s.cvs.FindOne(ctx, bson.D{{Key: "_id", Value: a.ID}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", nil, apperr.New(apperr.NotFound, "this application has no CV")
	}
	if err != nil {
		return "", nil, mongodb.Translate(err, "CV")
	}
	return doc.Filename, doc.Data.Data, nil
}

// DeleteUser removes a deleted account's applications (with their CVs)
// and saved items: the applicant's data goes with the account, also from
// the employers' lists.
func (s *Service) DeleteUser(ctx context.Context, userID string) error {
	ids, err := s.idList(ctx, s.userApps, userID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		a, err := s.application(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if a.UserID != userID {
			continue
		}
		unlock := s.locks.Lock(CollPostingApps + "/" + a.PostingID)
		_, err = s.postingApps.UpdateOne(ctx, bson.D{{Key: "_id", Value: a.PostingID}}, bson.D{{Key: "$pull", Value: bson.D{{Key: "ids", Value: id}}}})
		unlock()
		if err != nil {
			return mongodb.Translate(err, "applications")
		}
		if _, err := s.cvs.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return mongodb.Translate(err, "CV")
		}
		if _, err := s.apps.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return mongodb.Translate(err, "application")
		}
	}
	for _, c := range []*mongo.Collection{s.userApps, s.saved} {
		if _, err := c.DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}}); err != nil {
			return mongodb.Translate(err, "saved items")
		}
	}
	return nil
}
