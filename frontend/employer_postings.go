package frontend

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// Temporary handlers: see todo in learner_apply.go.
func (s *Site) postingNew() fiber.Handler       { return todo() }
func (s *Site) postingCheck() fiber.Handler     { return todo() }
func (s *Site) postingCreate() fiber.Handler    { return todo() }
func (s *Site) postingEdit() fiber.Handler      { return todo() }
func (s *Site) postingSave() fiber.Handler      { return todo() }
func (s *Site) postingPreview() fiber.Handler   { return todo() }
func (s *Site) postingPublish() fiber.Handler   { return todo() }
func (s *Site) postingClose() fiber.Handler     { return todo() }
func (s *Site) postingExtend() fiber.Handler    { return todo() }
func (s *Site) postingDuplicate() fiber.Handler { return todo() }

func (s *Site) employerHome() fiber.Handler { return s.area(account.Employer) }
