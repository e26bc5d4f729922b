package api

import "github.com/gofiber/fiber/v2"

// routes is the whole API surface. Every route here is described in
// openapi.yaml; a test fails when one is missing.
func (s *server) routes(app *fiber.App) {
	app.Get("/healthz", s.healthz()) // process is up
	app.Get("/readyz", s.readyz())   // database is reachable

	app.Get("/api/docs", s.docsPage())               // readable API reference, offline
	app.Get("/api/v1/openapi.yaml", s.openAPIYAML()) // the OpenAPI 3.1 document

	v1 := app.Group("/api/v1")
	v1.Get("/roles", s.listRoles())                        // role profiles, by specialization or level
	v1.Get("/roles/:slug", s.getRole())                    // full profile: checklist, salary, paths
	v1.Get("/roles/:slug/salary", s.getRoleSalary())       // sourced salary ranges of a role
	v1.Get("/roles/:slug/checklist", s.getRoleChecklist()) // skill checklist of a role
	v1.Get("/skills", s.listSkills())                      // skill catalogue, by category
	v1.Get("/skills/:slug", s.getSkill())                  // skill with roles needing it and courses teaching it
	v1.Get("/courses", s.listCourses())                    // courses, by format, skill or role
	v1.Get("/courses/:slug", s.getCourse())                // one course
	v1.Get("/paths", s.listPaths())                        // qualification paths, by target role or audience
	v1.Get("/paths/:slug", s.getPath())                    // one path with its steps
	v1.Get("/search", s.searchAll())                       // one box over jobs, courses and roles, grouped
	v1.Get("/search/jobs", s.searchJobs())                 // open postings: text, filters, facets, sort
	v1.Get("/search/courses", s.searchCourses())           // courses: text, filters, facets
	v1.Get("/search/roles", s.searchRoles())               // role profiles: text, filters, facets
}
