package hotline

import (
	"github.com/gin-gonic/gin"

	"github.com/sigap112/sigap/agencies"
)

// Role says what a person may do in Sigap.
type Role string

// Roles of the 112 centre and the city.
const (
	RoleCallTaker  Role = "calltaker"  // logs calls, dispatches, follows incidents
	RoleSupervisor Role = "supervisor" // all of the above, confirms false reports, explains breaches
	RoleAgency     Role = "agency"     // an agency's own dispatcher: sees its agency's incidents only
	RoleOfficial   Role = "official"   // city officials: read-only reports
	RoleAdmin      Role = "admin"      // manages users and configuration
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleCallTaker, RoleSupervisor, RoleAgency, RoleOfficial, RoleAdmin:
		return true
	}
	return false
}

// User is a person (or an integration, through an API token) using Sigap.
type User struct {
	Name   string            `json:"name"`
	Role   Role              `json:"role"`
	Agency agencies.AgencyID `json:"agency,omitempty"` // RoleAgency only
	// MustChangePassword is set while the user still has a one-time password.
	MustChangePassword bool `json:"must_change_password"`
	Disabled           bool `json:"disabled"`
}

// SeesPersonalData reports whether the user may see callers' numbers.
func (u *User) SeesPersonalData() bool {
	return u.Role == RoleCallTaker || u.Role == RoleSupervisor || u.Role == RoleAdmin || u.Role == RoleAgency
}

// Dispatches reports whether the user may log calls and act on incidents.
func (u *User) Dispatches() bool {
	return u.Role == RoleCallTaker || u.Role == RoleSupervisor || u.Role == RoleAdmin
}

// userKey is where the auth middleware puts the signed-in *User.
const userKey = "sigap.user"

// currentUser returns the signed-in user; nil on routes without auth.
func currentUser(c *gin.Context) *User {
	u, _ := c.Get(userKey)
	user, _ := u.(*User)
	return user
}
