package hotline

import "testing"

func TestSatisfactionIndexPerAgency(t *testing.T) {
	cs := callStatsOf(map[string]int64{"rating:damkar:n": 3, "rating:damkar:sum": 13, "rating:dinkes:n": 1, "rating:dinkes:sum": 2,
		"calls:prank": 4}, nil, langID)
	if len(cs.Satisfaction) != 2 || cs.Satisfaction[0] != (ratingRow{Agency: "DAMKAR", N: 3, Average: "4.33"}) ||
		cs.Satisfaction[1].Average != "2.00" {
		t.Errorf("satisfaction: %+v", cs.Satisfaction)
	}
	if cs.Total != 4 {
		t.Errorf("calls total: %d", cs.Total)
	}
}
