package hotline

import "github.com/gin-gonic/gin"

// reportPages registers the officials' report pages (console, signed in).
func (s *Server) reportPages(pages *gin.RouterGroup) {}

// publicRoutes registers the public charter page (no sign-in).
func (s *Server) publicRoutes(r *gin.Engine) {}
