package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/laufbahn/laufbahn/account"
	"github.com/laufbahn/laufbahn/content"
	"github.com/laufbahn/laufbahn/jobs"
	"github.com/laufbahn/laufbahn/mongodb"
	"github.com/laufbahn/laufbahn/search"
	"github.com/laufbahn/laufbahn/search/searchtest"
)

// demoOrgPrefix starts the id of every demo organisation.
const demoOrgPrefix = "o_demo_"

// demo creates clearly marked demo employers and published postings, or
// removes exactly those. Nothing runs it by default.
func demo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := newCommand("demo", "create (or remove) demo employers and postings, marked \"(Demo)\"", stderr, dbSettings...)
	n := cmd.fs.Int("postings", 0, "create this many demo postings (1–100000)")
	remove := cmd.fs.Bool("remove", false, "remove every demo posting and demo organisation")
	seed := cmd.fs.Int64("seed", 1, "seed of the generated postings (the same seed gives the same postings)")
	cfg, err := cmd.parse(args, getenv)
	if err != nil {
		return err
	}
	if *remove == (*n > 0) {
		return errors.New("demo: give either --postings N or --remove")
	}
	if *n > 100_000 {
		return errors.New("demo: --postings must be at most 100000")
	}
	lock, err := lockDataDir(cfg, "demo", false)
	if err != nil {
		return err
	}
	defer lock.release()
	log := newLogger(cfg, stderr)
	conn, store, err := openDB(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	orgs := conn.DB.Collection(account.CollOrganisations)
	jobSvc, err := jobs.New(jobs.Config{DB: conn.DB, Content: store, Logger: log, Orgs: demoOrgs(orgs)})
	if err != nil {
		return err
	}
	if err := mongodb.EnsureIndexes(ctx, conn.DB, jobs.Indexes()); err != nil {
		return err
	}
	if *remove {
		np, _, err := jobSvc.RemoveDemo(ctx)
		if err != nil {
			return err
		}
		res, err := orgs.DeleteMany(ctx, bson.D{{Key: "demo", Value: true}})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed %s and %s; the search index drops them on the next sync\n",
			count(np, "demo posting", "demo postings"), count(int(res.DeletedCount), "demo organisation", "demo organisations"))
		return nil
	}
	if empty, err := store.Empty(ctx); err != nil {
		return err
	} else if empty {
		return errors.New("demo: the database has no career content; run laufbahn seed first")
	}
	vocab, err := demoVocabulary(ctx, store)
	if err != nil {
		return err
	}
	start := time.Now()
	created, orgsCreated := 0, map[string]bool{}
	for _, j := range searchtest.GenerateJobs(*n, *seed, vocab) {
		orgID := demoOrgPrefix + strings.TrimPrefix(j.EmployerID, "emp-")
		if !orgsCreated[orgID] {
			if err := upsertDemoOrg(ctx, orgs, orgID, j); err != nil {
				return err
			}
			orgsCreated[orgID] = true
		}
		if _, err := jobSvc.CreateDemo(ctx, orgID, demoInput(j)); err != nil {
			return fmt.Errorf("demo posting %s: %w", j.ID, err)
		}
		created++
		if created%1000 == 0 {
			log.Info("demo postings", "created", created, "of", *n)
		}
	}
	fmt.Fprintf(stdout, "created %s under %s in %s; the search index picks them up on the next sync (laufbahn serve)\n",
		count(created, "published demo posting", "published demo postings"), count(len(orgsCreated), "demo organisation", "demo organisations"), time.Since(start).Round(time.Second))
	return nil
}

// demoOrgs looks demo organisations up directly: the demo has no accounts.
func demoOrgs(orgs *mongo.Collection) jobs.OrgLookup {
	return func(ctx context.Context, id string) (jobs.Employer, error) {
		var o account.Organisation
		if err := orgs.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&o); err != nil {
			return jobs.Employer{}, fmt.Errorf("demo organisation %s: %w", id, err)
		}
		return jobs.Employer{ID: o.ID, Name: o.Name, Website: o.Website}, nil
	}
}

// upsertDemoOrg writes a demo organisation: "(Demo)" in its name, demo:
// true, no members.
func upsertDemoOrg(ctx context.Context, orgs *mongo.Collection, id string, j search.JobDoc) error {
	now := time.Now().UTC()
	_, err := orgs.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$setOnInsert", Value: bson.D{
		{Key: "name", Value: j.Employer + " (Demo)"}, {Key: "sizeClass", Value: "10-49"}, {Key: "industry", Value: "Demo"},
		{Key: "locations", Value: bson.A{bson.D{{Key: "city", Value: j.City}, {Key: "postalCode", Value: j.PostalCode}, {Key: "bundesland", Value: j.Bundesland}}}},
		{Key: "createdBy", Value: "demo"}, {Key: "memberIds", Value: bson.A{}}, {Key: "createdAt", Value: now}, {Key: "updatedAt", Value: now},
		{Key: "demo", Value: true},
	}}}, options.UpdateOne().SetUpsert(true))
	return err
}

// demoInput turns a generated posting into a posting input.
func demoInput(j search.JobDoc) jobs.Input {
	in := jobs.Input{
		Title: j.Title, Role: j.Role, Description: j.Description, Tasks: []string{}, Benefits: []string{},
		Location:   jobs.Location{PostalCode: j.PostalCode, City: j.City, Bundesland: j.Bundesland},
		Remote:     jobs.Remote{Mode: j.Remote},
		Employment: jobs.Employment{Type: j.EmploymentType, FixedTerm: j.FixedTerm},
		Apply:      jobs.HowToApply{Method: "platform"},
		Salary:     jobs.Salary{Min: j.SalaryMin, Max: j.SalaryMax, Period: jobs.PerYear, Currency: "EUR"},
	}
	if in.Remote.Mode == "hybrid" {
		in.Remote.DaysPerWeek = 2
	}
	switch j.EmploymentType {
	case "teilzeit":
		in.Employment.HoursPerWeek = 25
	case "minijob", "ausbildung", "praktikum":
		in.Salary.Period = jobs.PerMonth
	case "werkstudent":
		in.Salary.Period = jobs.PerHour
		in.Employment.HoursPerWeek = 20
	}
	for i, s := range j.Skills {
		in.Skills = append(in.Skills, jobs.SkillRequirement{Slug: s, Essential: i < 2})
	}
	return in
}

// demoVocabulary builds the generator's vocabulary from the curated
// content: roles with their tasks, and skills.
func demoVocabulary(ctx context.Context, store *content.Store) (searchtest.Vocabulary, error) {
	var v searchtest.Vocabulary
	roles, _, err := store.Roles(ctx, content.RoleFilter{}, content.ListOptions{})
	if err != nil {
		return v, err
	}
	for _, r := range roles {
		vr := searchtest.VocabRole{Slug: r.Slug, Title: r.Title.DE}
		for _, t := range r.Tasks {
			vr.Tasks = append(vr.Tasks, t.Text.DE)
		}
		v.Roles = append(v.Roles, vr)
	}
	skills, _, err := store.Skills(ctx, content.SkillFilter{}, content.ListOptions{})
	if err != nil {
		return v, err
	}
	for _, s := range skills {
		v.Skills = append(v.Skills, searchtest.VocabSkill{Slug: s.Slug, Name: s.Name.DE})
	}
	return v, nil
}
