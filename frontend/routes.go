package frontend

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/etag"
)

// Routes installs the website on app, after the API's routes: the page
// middleware runs for page paths only (see isPage), then every page route.
// This is the whole route table of the site, a comment per route.
func (s *Site) Routes(app *fiber.App) {
	app.Get("/static/:file", s.assets.serve()) // content-hashed CSS, JS and images, cached for a year
	app.Get("/robots.txt", s.robots())         // crawl rules and the sitemap's address
	app.Get("/sitemap.xml", s.sitemap())       // roles, courses, paths, skills and open jobs

	app.Use(pageOnly(compress.New(compress.Config{Level: compress.LevelBestSpeed})))
	app.Use(pageOnly(etag.New()))
	app.Use(pageOnly(s.session))
	app.Use(pageOnly(s.language))
	app.Use(pageOnly(s.checkOrigin))
	app.Use(pageOnly(s.csrfProtect()))

	// Public pages.
	app.Get("/", s.home())                              // the search box, the four roles, the paths, latest jobs
	app.Get("/suche", s.searchPage())                   // one search over roles, jobs and courses, grouped
	app.Get("/berufe", s.roleList())                    // every role profile
	app.Get("/berufe/:slug", s.rolePage())              // a role: tasks, checklist, salary chart, moves, paths, jobs, sources
	app.Get("/weiterbildung", s.courseSearch())         // course search with facets
	app.Get("/weiterbildung/:slug", s.coursePage())     // a course
	app.Get("/wege", s.pathList())                      // qualification paths
	app.Get("/wege/:slug", s.pathPage())                // a path with its steps as a timeline
	app.Get("/kompetenzen/:slug", s.skillPage())        // a skill: roles needing it, courses teaching it
	app.Get("/quellen", s.sourcesPage())                // every source document the content cites
	app.Get("/impressum", s.legalPage("impressum"))     // the operator's legal notice
	app.Get("/datenschutz", s.legalPage("datenschutz")) // the operator's privacy statement

	// Jobs.
	app.Get("/jobs", s.jobSearch())   // job search: text, facets, sort, pages
	app.Get("/jobs/:id", s.jobPage()) // a posting; 410 with similar jobs once closed

	// Accounts.
	app.Get("/anmelden", s.loginForm())                                                      // sign-in form
	app.Post("/anmelden", s.limited("login", s.login())...)                                  // sign in (failed attempts limited per IP and per address)
	app.Post("/abmelden", s.logout())                                                        // sign out (from the header)
	app.Get("/registrieren", s.registerForm())                                               // sign-up form (learner or employer)
	app.Post("/registrieren", s.limited("register", s.register())...)                        // sign up (limited per IP and per address)
	app.Get("/e-mail-bestaetigen", s.verifyEmailPage())                                      // confirm the address from the mailed link
	app.Post("/e-mail-bestaetigen", s.limited("token", s.verifyEmail())...)                  // confirm it
	app.Post("/e-mail-bestaetigen/neuer-link", s.limited("mail", s.resendVerification())...) // mail a new confirmation link
	app.Get("/passwort-vergessen", s.forgotForm())                                           // ask for a reset link
	app.Post("/passwort-vergessen", s.limited("mail", s.forgot())...)                        // mail it
	app.Get("/passwort-zuruecksetzen", s.resetForm())                                        // new password from the mailed link
	app.Post("/passwort-zuruecksetzen", s.limited("token", s.reset())...)                    // set it
	app.Get("/einladung", s.invitePage())                                                    // join an organisation from the mailed invitation
	app.Post("/einladung", s.limited("token", s.acceptInvite())...)                          // join it

	// Notifications (learners and employers; the unsubscribe link needs no sign-in).
	app.Get("/benachrichtigungen", s.notificationsPage())                               // the bell's list, newest first, paged
	app.Post("/benachrichtigungen/gelesen", s.markRead())                               // mark one notification read (field id)
	app.Post("/benachrichtigungen/alle-gelesen", s.markAllRead())                       // mark all read
	app.Get("/benachrichtigungen/abbestellen", s.unsubscribePage())                     // what a mail's unsubscribe link turns off (changes nothing)
	app.Post("/benachrichtigungen/abbestellen", s.limited("token", s.unsubscribe())...) // turn it off, without signing in (limited per IP)
	app.Get("/mein-bereich/benachrichtigungen", s.notificationSettings())               // preferences per event and channel, time zone, digest hour
	app.Post("/mein-bereich/benachrichtigungen", s.saveNotificationSettings())          // save them

	// Areas behind sign-in (filled by the learner and employer pages).
	app.Get("/mein-bereich", s.learnerHome())                                // a learner's dashboard: paths, next step, checklist, activity, applications, saved
	app.Get("/mein-bereich/ziel", s.goalForm())                              // the learner's target role and background
	app.Post("/mein-bereich/ziel", s.saveGoal())                             // store them
	app.Post("/mein-bereich/wege", s.enrol())                                // enrol in the path of the form (from /wege/{slug})
	app.Get("/mein-bereich/wege/:slug", s.enrolmentShow())                   // an enrolment: progress, the steps as a timeline with a form per step
	app.Post("/mein-bereich/wege/:slug/schritte/:nr", s.updateStep())        // tick a step done, skip, plan or reset it (:nr counts from 1)
	app.Get("/mein-bereich/wege/:slug/abmelden", s.unenrolConfirm())         // ask before leaving the path
	app.Post("/mein-bereich/wege/:slug/abmelden", s.unenrol())               // leave it (its progress is deleted)
	app.Get("/mein-bereich/kompetenzen", s.skillsShow())                     // every skill by category with my level (0–4) and evidence
	app.Post("/mein-bereich/kompetenzen/vorschlaege", s.answerSuggestions()) // accept or dismiss the skill raises a finished step suggests (before :skill)
	app.Post("/mein-bereich/kompetenzen/:skill", s.rateSkill())              // rate one skill
	app.Get("/mein-bereich/analyse", s.gapPage())                            // the gap to ?rolle= (default the target role) or ?stelle= (a posting): chart, table, course plan; printable

	// A learner and the jobs: keep, apply, follow applications (learner_apply.go).
	app.Post("/jobs/:id/merken", s.toggleSavedJob())                                     // keep or forget a posting (field action=save|unsave)
	app.Get("/jobs/:id/bewerben", s.applyForm())                                         // apply: cover note, PDF CV, the snapshot to share as the employer sees it
	app.Post("/jobs/:id/bewerben", s.applyToJob())                                       // send the application (multipart)
	app.Get("/mein-bereich/bewerbungen", s.applicationList())                            // my applications with their status
	app.Get("/mein-bereich/bewerbungen/:id", s.applicationShow())                        // one: status history, the employer's messages, what I sent
	app.Get("/mein-bereich/bewerbungen/:id/lebenslauf", s.applicationCV())               // the CV I sent
	app.Get("/mein-bereich/bewerbungen/:id/zurueckziehen", s.withdrawConfirm())          // ask before withdrawing
	app.Post("/mein-bereich/bewerbungen/:id/zurueckziehen", s.withdrawApplicationPage()) // withdraw it

	// Saved postings and searches, and the account (learner_account.go).
	app.Get("/mein-bereich/merkliste", s.savedJobsPage())                           // postings I keep, with their state now
	app.Post("/mein-bereich/merkliste/:id/entfernen", s.forgetSavedJob())           // forget one
	app.Get("/mein-bereich/suchauftraege", s.savedSearchesPage())                   // my saved job searches with their count of new postings
	app.Post("/mein-bereich/suchauftraege", s.saveSearch())                         // keep the job search of the form (from /jobs)
	app.Get("/mein-bereich/suchauftraege/:id", s.savedSearchShow())                 // the postings new since my last look
	app.Post("/mein-bereich/suchauftraege/:id/loeschen", s.deleteSavedSearchPage()) // forget a saved search
	app.Get("/mein-bereich/konto", s.accountPage())                                 // name, language, target role, password, devices, export, delete
	app.Post("/mein-bereich/konto", s.saveAccount())                                // save name, language, target role
	app.Post("/mein-bereich/konto/passwort", s.accountPassword())                   // change the password (needs the current one)
	app.Post("/mein-bereich/konto/geraete/:id/abmelden", s.signOutDevice())         // sign one device out
	app.Post("/mein-bereich/konto/abmelden-ueberall", s.signOutEverywhere())        // sign out everywhere
	app.Get("/mein-bereich/konto/export", s.exportData())                           // download all my data (JSON)
	app.Get("/mein-bereich/konto/loeschen", s.deleteAccountConfirm())               // what deleting removes; asks for the password
	app.Post("/mein-bereich/konto/loeschen", s.deleteAccountPage())                 // delete my account

	// Employers: dashboard and posting editor (employer_postings.go).
	app.Get("/arbeitgeber", s.employerHome())                                 // my organisation's postings by state, new applications, expiring soon
	app.Get("/arbeitgeber/stellen/neu", s.postingNew())                       // the posting editor, empty
	app.Post("/arbeitgeber/stellen/pruefen", s.postingCheck())                // live quality check of the editor's fields (fragment, for JavaScript)
	app.Post("/arbeitgeber/stellen", s.postingCreate())                       // save a new draft
	app.Get("/arbeitgeber/stellen/:id", s.postingEdit())                      // the editor with a posting and its warnings
	app.Post("/arbeitgeber/stellen/:id", s.postingSave())                     // save it
	app.Get("/arbeitgeber/stellen/:id/vorschau", s.postingPreview())          // exactly the public job page, before publishing
	app.Post("/arbeitgeber/stellen/:id/veroeffentlichen", s.postingPublish()) // publish (refused with the missing fields named)
	app.Post("/arbeitgeber/stellen/:id/schliessen", s.postingClose())         // close as filled or withdrawn
	app.Post("/arbeitgeber/stellen/:id/verlaengern", s.postingExtend())       // new valid-through date
	app.Post("/arbeitgeber/stellen/:id/duplizieren", s.postingDuplicate())    // copy into a new draft

	// Employers: applicants and the organisation (employer_applicants.go).
	app.Get("/arbeitgeber/stellen/:id/bewerbungen", s.pipelinePage())                      // a posting's applications by status
	app.Get("/arbeitgeber/bewerbungen/:id", s.applicantShow())                             // one application: cover note, CV, shared snapshot, history
	app.Get("/arbeitgeber/bewerbungen/:id/lebenslauf", s.applicantCV())                    // its CV
	app.Post("/arbeitgeber/bewerbungen/:id/status", s.applicantMove())                     // move it on, with a message to the applicant
	app.Get("/arbeitgeber/organisation", s.orgPage())                                      // my organisation (or create one), members, invite
	app.Post("/arbeitgeber/organisation", s.orgSave())                                     // create or change it
	app.Post("/arbeitgeber/organisation/einladungen", s.limited("mail", s.orgInvite())...) // invite a colleague by mail (limited like the other mails, per IP and address)

	// Editors (role admin): content with history, users (admin_pages.go).
	app.Get("/admin", s.adminHome())                                                        // counts and recent changes
	app.Get("/admin/inhalte/:kind", s.adminContentList())                                   // roles, skills, courses, paths, salaries or sources
	app.Get("/admin/inhalte/:kind/neu", s.adminContentNew())                                // an empty edit form
	app.Post("/admin/inhalte/:kind", s.adminContentCreate())                                // create
	app.Get("/admin/inhalte/:kind/:slug", s.adminContentEdit())                             // the edit form, bilingual fields side by side
	app.Post("/admin/inhalte/:kind/:slug", s.adminContentSave())                            // save as a new revision (stale revision: the form again, nothing lost)
	app.Post("/admin/inhalte/:kind/:slug/zurueckziehen", s.adminContentRetire())            // retire it
	app.Get("/admin/inhalte/:kind/:slug/versionen", s.adminRevisions())                     // its revisions with a readable diff
	app.Post("/admin/inhalte/:kind/:slug/versionen/:rev/wiederherstellen", s.adminRevert()) // revert to a revision
	app.Get("/admin/nutzer", s.adminUsers())                                                // find a user by e-mail
	app.Post("/admin/nutzer/:id/sperren", s.adminDisableUser())                             // disable, with the reason recorded
	app.Post("/admin/nutzer/:id/entsperren", s.adminEnableUser())                           // enable again, with the reason recorded
}

// pageOnly runs h for page paths and passes everything else on.
func pageOnly(h fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !isPage(c.Path()) || len(c.Path()) > 7 && c.Path()[:8] == "/static/" {
			return c.Next()
		}
		return h(c)
	}
}
