package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// routes is the whole API surface. Every route here is described in
// openapi.yaml, and every route is registered through a router that names
// who may call it (public, signedIn, roles(...), orgMember); tests fail on a
// route missing from either.
func (s *server) routes(app *fiber.App) {
	root := s.with(app, "", public)
	root.Get("/healthz", s.healthz()) // process is up
	root.Get("/readyz", s.readyz())   // database is reachable

	root.Get("/api/docs", s.docsPage())               // readable API reference, offline
	root.Get("/api/docs.css", s.docsStylesheet())     // the reference's stylesheet (no inline style under the CSP)
	root.Get("/api/v1/openapi.yaml", s.openAPIYAML()) // the OpenAPI 3.1 document

	v1 := app.Group("/api/v1")
	pub := s.with(v1, "/api/v1", public)
	pub.Get("/roles", s.listRoles())                        // role profiles, by specialization or level
	pub.Get("/roles/:slug", s.getRole())                    // full profile: checklist, salary, paths
	pub.Get("/roles/:slug/salary", s.getRoleSalary())       // sourced salary ranges of a role
	pub.Get("/roles/:slug/checklist", s.getRoleChecklist()) // skill checklist of a role
	pub.Get("/skills", s.listSkills())                      // skill catalogue, by category
	pub.Get("/skills/:slug", s.getSkill())                  // skill with roles needing it and courses teaching it
	pub.Get("/courses", s.listCourses())                    // courses, by format, skill or role
	pub.Get("/courses/:slug", s.getCourse())                // one course
	pub.Get("/paths", s.listPaths())                        // qualification paths, by target role or audience
	pub.Get("/paths/:slug", s.getPath())                    // one path with its steps
	pub.Get("/search", s.searchAll())                       // one box over jobs, courses and roles, grouped
	pub.Get("/search/jobs", s.searchJobs())                 // open postings: text read as filters (chips), where + radius, facets, sort
	pub.Get("/search/suggest", s.suggest())                 // type-ahead for the job search box: titles, roles, skills, places
	pub.Get("/search/courses", s.searchCourses())           // courses: text, filters, facets
	pub.Get("/search/roles", s.searchRoles())               // role profiles: text, filters, facets

	// Accounts. Abuse limits count per client IP and per account (the
	// e-mail of the body, or the refresh token); see ratelimit.go. Every
	// route of signed-in users that changes state is limited per account
	// (RateLimits.Writes, installed by router.add).
	l := s.limits
	register := s.limited("register", l.RegisterPerIP, l.RegisterPerAccount, perEmail, false)
	mail := s.limited("mail", l.MailPerIP, l.MailPerAccount, perEmail, false)
	token := s.limited("token", l.TokenPerIP, Limit{}, nil, false)
	login := s.limited("login", l.LoginPerIP, l.LoginPerAccount, s.perEmailAndIP, true)
	refresh := s.limited("refresh", l.RefreshPerIP, l.RefreshPerToken, perRefreshToken, false)
	logout := s.limited("logout", l.RefreshPerIP, l.RefreshPerToken, perRefreshToken, false)
	auth := s.with(v1, "/api/v1", public)
	auth.PostLimited("/auth/register", register, s.register())                        // sign up (learner, or employer with organisation or invitation)
	auth.PostLimited("/auth/verify-email", token, s.verifyEmail())                    // confirm the address with the mailed token
	auth.PostLimited("/auth/resend-verification", mail, s.resendVerification())       // mail a new verification link
	auth.PostLimited("/auth/login", login, s.login())                                 // e-mail and password → access and refresh token
	auth.PostLimited("/auth/refresh", refresh, s.refresh())                           // rotate the refresh token, new access token
	auth.PostLimited("/auth/logout", logout, s.logout())                              // end the session of a refresh token
	auth.PostLimited("/auth/password-reset", mail, s.requestPasswordReset())          // mail a reset link
	auth.PostLimited("/auth/password-reset/confirm", token, s.confirmPasswordReset()) // new password with the mailed token
	me := s.with(v1, "/api/v1", signedIn)
	me.Post("/auth/logout-all", s.logoutAll())       // end every session, invalidate every access token
	me.Get("/me", s.getMe())                         // my account
	me.Patch("/me", s.patchMe())                     // change name, language, target role
	me.Delete("/me", s.deleteMe())                   // delete my account (needs the password)
	me.Post("/me/password", s.changePassword())      // change the password (needs the current one)
	me.Get("/me/export", s.exportMe())               // all my data as a JSON download
	me.Get("/me/sessions", s.listSessions())         // my signed-in devices
	me.Delete("/me/sessions/:id", s.deleteSession()) // sign one device out
	employer := s.with(v1, "/api/v1", roles(account.Employer))
	employer.Post("/organisations", s.createOrganisation())    // create my organisation
	employer.Post("/organisations/join", s.joinOrganisation()) // join an organisation by invitation
	member := s.with(v1, "/api/v1", orgMember)
	member.Get("/organisations/mine", s.getMyOrganisation())         // my organisation with its members
	member.Patch("/organisations/mine", s.patchMyOrganisation())     // change my organisation
	member.Post("/organisations/mine/invites", s.createInvitation()) // single-use invitation link for a colleague

	// Jobs: public postings, employers' postings and applications,
	// learners' applications (see jobs.go, applications.go).
	jb := s.needJobs
	pub.Get("/jobs/:id", jb, s.getJob())              // an open posting; 410 once closed or expired
	pub.Get("/jobs/:id/jsonld", jb, s.getJobJSONLD()) // schema.org JobPosting of an open posting
	learner := s.with(v1, "/api/v1", roles(account.Learner))
	learner.Post("/jobs/:id/applications", jb, s.apply())                                    // apply (JSON, or multipart with a PDF CV)
	learner.Get("/me/applications", jb, s.listMyApplications())                              // my applications
	learner.Get("/me/applications/:id", jb, s.getMyApplication())                            // one with its status history
	learner.Post("/me/applications/:id/withdraw", jb, s.withdrawApplication())               // withdraw it
	learner.Get("/me/applications/:id/cv", jb, s.applicationCV(false))                       // my CV of it
	learner.Get("/me/saved/postings", jb, s.listSavedPostings())                             // postings I keep, with their state now
	learner.Put("/me/saved/postings/:id", jb, s.savePosting())                               // keep an open posting
	learner.Delete("/me/saved/postings/:id", jb, s.unsavePosting())                          // forget it
	learner.Get("/me/saved/searches", jb, s.listSavedSearches())                             // my saved searches with their new postings' count
	learner.Post("/me/saved/searches", jb, s.createSavedSearch())                            // keep a job search
	learner.Get("/me/saved/searches/:id/new", jb, s.newForSavedSearch())                     // postings new since my last look (moves it to now)
	learner.Delete("/me/saved/searches/:id", jb, s.deleteSavedSearch())                      // forget it
	member.Post("/organisations/mine/postings", jb, s.createPosting())                       // new draft posting
	member.Get("/organisations/mine/postings", jb, s.listPostings())                         // my organisation's postings
	member.Post("/organisations/mine/postings/preview", jb, s.previewPosting())              // render and check a posting without saving
	member.Get("/organisations/mine/postings/:id", jb, s.getPosting())                       // one posting with its warnings
	member.Patch("/organisations/mine/postings/:id", jb, s.patchPosting())                   // change fields of a posting
	member.Post("/organisations/mine/postings/:id/publish", jb, s.publishPosting())          // publish or republish
	member.Post("/organisations/mine/postings/:id/close", jb, s.closePosting())              // close as filled or withdrawn
	member.Post("/organisations/mine/postings/:id/extend", jb, s.extendPosting())            // new valid-through date
	member.Post("/organisations/mine/postings/:id/duplicate", jb, s.duplicatePosting())      // copy into a new draft
	member.Get("/organisations/mine/postings/:id/applications", jb, s.postingApplications()) // applications to a posting
	member.Get("/organisations/mine/applications/:id", jb, s.getOrgApplication())            // one application
	member.Post("/organisations/mine/applications/:id/status", jb, s.moveApplication())      // move it on, with a message
	member.Get("/organisations/mine/applications/:id/cv", jb, s.applicationCV(true))         // its CV

	// Learning: a learner's own enrolments, assessments, checklist, gap
	// analysis and dashboard; all under /me (see learning.go).
	ln := s.needLearning
	lrn := s.with(v1, "/api/v1", roles(account.Learner))
	lrn.Get("/me/enrolments", ln, s.listEnrolments())                   // my enrolments with progress
	lrn.Post("/me/enrolments", ln, s.enrol())                           // enrol in a path (again: 200, no change)
	lrn.Get("/me/enrolments/:slug", ln, s.getEnrolment())               // one enrolment: steps, progress, history
	lrn.Delete("/me/enrolments/:slug", ln, s.unenrol())                 // unenrol, deleting its progress
	lrn.Patch("/me/enrolments/:slug/steps/:number", ln, s.updateStep()) // tick, skip or plan one step (numbered from 1)
	lrn.Get("/me/skills", ln, s.listAssessments())                      // my self-assessed skills
	lrn.Put("/me/skills/:slug", ln, s.putAssessment())                  // assess a skill 0–4 (the checklists' scale)
	lrn.Delete("/me/skills/:slug", ln, s.deleteAssessment())            // remove an assessment
	lrn.Get("/me/background", ln, s.getBackground())                    // training, Abitur, office years
	lrn.Put("/me/background", ln, s.putBackground())                    // set them
	lrn.Get("/me/checklist", ln, s.getMyChecklist())                    // a role's checklist rated for me
	lrn.Get("/me/gap-analysis", ln, s.getGapAnalysis())                 // my gaps for a role and a course plan
	lrn.Get("/me/dashboard", ln, s.getDashboard())                      // enrolments, checklist, next step, activity
	lrn.Get("/jobs/:id/match", ln, jb, s.getJobMatch())                 // my match with an open posting: skills met or missing, score
	lrn.Get("/jobs/:id/gap-analysis", ln, jb, s.getJobGap())            // my gaps for an open posting and a course plan

	// Notifications: my in-app list and preferences (learners and
	// employers), and the signed unsubscribe link of the mails, which works
	// without signing in (see notifications.go).
	nt := s.needNotify
	me.Get("/me/notifications", nt, s.listNotifications())                  // my notifications, newest first, paged
	me.Get("/me/notifications/unread-count", nt, s.unreadNotifications())   // the number on the bell
	me.Post("/me/notifications/read-all", nt, s.markAllNotificationsRead()) // mark all read
	me.Post("/me/notifications/:id/read", nt, s.markNotificationRead())     // mark one read
	me.Get("/me/notification-settings", nt, s.getNotificationSettings())    // my preferences per event and channel
	me.Put("/me/notification-settings", nt, s.putNotificationSettings())    // change them
	pub.Get("/notifications/unsubscribe", nt, s.describeUnsubscribe())      // what a mail's unsubscribe link turns off (changes nothing)
	unsub := s.limited("unsubscribe", l.TokenPerIP, Limit{}, nil, false)
	pub.PostLimited("/notifications/unsubscribe", unsub, s.unsubscribe()) // one-click unsubscribe (RFC 8058), no sign-in; limited per IP

	admin := s.with(v1, "/api/v1", roles(account.Admin))
	admin.Get("/admin/users", s.findUser())                         // find a user by ?email=, with their disable/enable history
	admin.Post("/admin/users/:id/disable", s.setUserDisabled(true)) // disable a user with a reason, ending their sessions
	admin.Post("/admin/users/:id/enable", s.setUserDisabled(false)) // enable a user again, with a reason

	// Content admin (issue 12): curated content with its revisions; see
	// admin_content.go and content/admin.go.
	admin.Get("/admin/content/:kind", s.listContent())                             // documents of a kind: roles, skills, courses, paths, salaries, sources
	admin.Post("/admin/content/:kind", s.createContent())                          // create a document (revision 1)
	admin.Get("/admin/content/:kind/:key", s.getContent())                         // one document with its revision (ETag)
	admin.Put("/admin/content/:kind/:key", s.updateContent())                      // replace it, from a base revision (If-Match or body)
	admin.Post("/admin/content/:kind/:key/retire", s.retireContent())              // retire it: gone for readers and search
	admin.Get("/admin/content/:kind/:key/revisions", s.listContentRevisions())     // its revisions with field-level changes
	admin.Post("/admin/content/:kind/:key/revisions/:n/revert", s.revertContent()) // write an old revision again as a new one
}
