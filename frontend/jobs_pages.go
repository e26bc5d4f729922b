package frontend

// IN PROGRESS (owned by the jobs-pages engineer): replaced by the real job
// search and detail pages, robots.txt and the sitemap.

import "github.com/gofiber/fiber/v2"

// JobHit is a posting in a list.
type JobHit struct {
	ID, Title, Employer, City string
}

func (s *Site) latestJobs(c *fiber.Ctx, n int) ([]JobHit, int)               { return nil, 0 }
func (s *Site) jobsForRole(c *fiber.Ctx, role string, n int) ([]JobHit, int) { return nil, 0 }
func (s *Site) jobSearch() fiber.Handler                                     { return notYet }
func (s *Site) jobPage() fiber.Handler                                       { return notYet }
func (s *Site) robots() fiber.Handler                                        { return notYet }
func (s *Site) sitemap() fiber.Handler                                       { return notYet }
func (s *Site) searchPage() fiber.Handler                                    { return notYet }
func (s *Site) courseSearch() fiber.Handler                                  { return notYet }

func notYet(c *fiber.Ctx) error { return fiber.ErrNotFound }
