package frontend

import "github.com/gofiber/fiber/v2"

// Temporary handlers: see todo in areas.go.
func (s *Site) toggleSavedJob() fiber.Handler          { return todo() }
func (s *Site) applyForm() fiber.Handler               { return todo() }
func (s *Site) applyToJob() fiber.Handler              { return todo() }
func (s *Site) applicationList() fiber.Handler         { return todo() }
func (s *Site) applicationShow() fiber.Handler         { return todo() }
func (s *Site) applicationCV() fiber.Handler           { return todo() }
func (s *Site) withdrawConfirm() fiber.Handler         { return todo() }
func (s *Site) withdrawApplicationPage() fiber.Handler { return todo() }
