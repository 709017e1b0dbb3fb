package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/sigap112/sigap/hotline"
	hredis "github.com/sigap112/sigap/hotline/redisstore"
)

// A supervisor on the board is alerted to complaints from day 10 of the 14
// days Law 25/2009 allows for an answer, and to overdue ones; the alert
// leads to the queue. A call-taker's board stays quiet about them.
func TestBoardAlertsSupervisorsToComplaintsNearTheDeadline(t *testing.T) {
	h := newQuietHarness(t)
	box := hredis.NewComplaints(h.app.rdb, hredis.ComplaintOptions{})
	for i, days := range []int{11, 15, 3} {
		c := hotline.Complaint{At: h.clock.AddDate(0, 0, -days), Text: "Ambulans datang terlambat", Topic: "response_time"}
		if _, err := box.Submit(context.Background(), c, "10.0.0."+string(rune('1'+i))); err != nil {
			t.Fatal(err)
		}
	}
	sup := h.user("sari", hotline.RoleSupervisor, "")
	ct := h.user("wati", hotline.RoleCallTaker, "")

	b := newBrowser(t, h)
	b.do(boardHook("", "", ""))
	b.login("wati", ct)
	b.open("/board")
	b.waitJS(`document.getElementById("conn").classList.contains("live")`, "a live board")
	if n := eval[int](b, `document.querySelectorAll('#alert-list li[data-kind="complaints"]').length`); n != 0 {
		t.Errorf("a call-taker's board shows %d complaint alerts", n)
	}

	b2 := newBrowser(t, h)
	b2.do(boardHook("", "", ""))
	b2.login("sari", sup)
	b2.open("/board")
	item := `document.querySelector('#alert-list li[data-kind="complaints"]')`
	b2.waitJS(item+` !== null && document.title.includes("⚠")`, "the complaints alert")
	txt := eval[string](b2, item+`.innerText`)
	if !strings.Contains(txt, "1 mendekati batas 14 hari") || !strings.Contains(txt, "1 lewat batas") {
		t.Errorf("complaints alert %q: want 1 due soon and 1 overdue", txt)
	}
	if href := eval[string](b2, item+`.querySelector("a").getAttribute("href")`); href != "/pengaduan" {
		t.Errorf("the alert links to %q, want the queue", href)
	}
	b2.waitJS(`parseInt(document.getElementById("alert-sound").dataset.played || "0") >= 1`, "the alarm sound")
	b2.do(chromedp.Click(chromedp.CSS(`#alert-list li[data-kind="complaints"] button[data-ack]`)))
	b2.waitJS(`document.getElementById("alerts").hidden`, "the alert acknowledged")
}
