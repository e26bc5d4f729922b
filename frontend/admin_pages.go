package frontend

import (
	"github.com/gofiber/fiber/v2"

	"github.com/laufbahn/laufbahn/account"
)

// Temporary handlers: see todo in learner_apply.go.
func (s *Site) adminContentList() fiber.Handler   { return todo() }
func (s *Site) adminContentNew() fiber.Handler    { return todo() }
func (s *Site) adminContentCreate() fiber.Handler { return todo() }
func (s *Site) adminContentEdit() fiber.Handler   { return todo() }
func (s *Site) adminContentSave() fiber.Handler   { return todo() }
func (s *Site) adminContentRetire() fiber.Handler { return todo() }
func (s *Site) adminRevisions() fiber.Handler     { return todo() }
func (s *Site) adminRevert() fiber.Handler        { return todo() }
func (s *Site) adminUsers() fiber.Handler         { return todo() }
func (s *Site) adminDisableUser() fiber.Handler   { return todo() }
func (s *Site) adminEnableUser() fiber.Handler    { return todo() }

func (s *Site) adminHome() fiber.Handler { return s.area(account.Admin) }
