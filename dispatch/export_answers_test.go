package dispatch

import "time"

// ComposeAssignmentForTest exposes the assignment SMS to the external tests.
func ComposeAssignmentForTest(d *Deployment, inc *Incident, a *Assignment) string {
	return ComposeAssignment(d.Taxonomy, d.Directory, inc, a, "", time.Now(), time.Minute)
}
