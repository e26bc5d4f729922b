package frontend

import "github.com/gofiber/fiber/v2"

// Temporary handlers: see todo in learner_apply.go.
func (s *Site) answerSuggestions() fiber.Handler { return todo() }
