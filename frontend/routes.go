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
	app.Get("/mein-bereich", s.learnerHome())                         // a learner's dashboard: paths, next step, checklist, activity, applications, saved
	app.Get("/mein-bereich/ziel", s.goalForm())                       // the learner's target role and background
	app.Post("/mein-bereich/ziel", s.saveGoal())                      // store them
	app.Post("/mein-bereich/wege", s.enrol())                         // enrol in the path of the form (from /wege/{slug})
	app.Get("/mein-bereich/wege/:slug", s.enrolmentShow())            // an enrolment: progress, the steps as a timeline with a form per step
	app.Post("/mein-bereich/wege/:slug/schritte/:nr", s.updateStep()) // tick a step done, skip, plan or reset it (:nr counts from 1)
	app.Get("/mein-bereich/wege/:slug/abmelden", s.unenrolConfirm())  // ask before leaving the path
	app.Post("/mein-bereich/wege/:slug/abmelden", s.unenrol())        // leave it (its progress is deleted)
	app.Get("/mein-bereich/kompetenzen", s.skillsShow())              // every skill by category with my level (0–3) and evidence
	app.Post("/mein-bereich/kompetenzen/:skill", s.rateSkill())       // rate one skill
	app.Get("/mein-bereich/analyse", s.gapPage())                     // the gap to ?rolle= (default the target role): chart, table, course plan; printable
	app.Get("/arbeitgeber", s.employerHome())                         // an employer's area
	app.Get("/admin", s.adminHome())                                  // an editor's area
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
