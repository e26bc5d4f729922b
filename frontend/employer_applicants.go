package frontend

import "github.com/gofiber/fiber/v2"

// Temporary handlers: see todo in learner_apply.go.
func (s *Site) pipelinePage() fiber.Handler  { return todo() }
func (s *Site) applicantShow() fiber.Handler { return todo() }
func (s *Site) applicantCV() fiber.Handler   { return todo() }
func (s *Site) applicantMove() fiber.Handler { return todo() }
func (s *Site) orgPage() fiber.Handler       { return todo() }
func (s *Site) orgSave() fiber.Handler       { return todo() }
func (s *Site) orgInvite() fiber.Handler     { return todo() }
