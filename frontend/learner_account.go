package frontend

import "github.com/gofiber/fiber/v2"

// Temporary handlers: see todo in learner_apply.go.
func (s *Site) savedJobsPage() fiber.Handler         { return todo() }
func (s *Site) forgetSavedJob() fiber.Handler        { return todo() }
func (s *Site) savedSearchesPage() fiber.Handler     { return todo() }
func (s *Site) saveSearch() fiber.Handler            { return todo() }
func (s *Site) savedSearchShow() fiber.Handler       { return todo() }
func (s *Site) deleteSavedSearchPage() fiber.Handler { return todo() }
func (s *Site) accountPage() fiber.Handler           { return todo() }
func (s *Site) saveAccount() fiber.Handler           { return todo() }
func (s *Site) accountPassword() fiber.Handler       { return todo() }
func (s *Site) signOutDevice() fiber.Handler         { return todo() }
func (s *Site) signOutEverywhere() fiber.Handler     { return todo() }
func (s *Site) exportData() fiber.Handler            { return todo() }
func (s *Site) deleteAccountConfirm() fiber.Handler  { return todo() }
func (s *Site) deleteAccountPage() fiber.Handler     { return todo() }
