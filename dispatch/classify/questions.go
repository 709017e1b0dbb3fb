package classify

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sigap112/sigap/agencies"
)

// Question is a key question the call-taker asks for a category (a light
// version of what protocol systems give call-takers), answered with one
// key: Y (ya), T (tidak), ? (tidak tahu), or a number when Count is set
// (0 is T). Answers change agencies and priority deterministically.
type Question struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	TextEN string `json:"text_en"`
	Count  bool   `json:"count"` // the answer may be a number ("2 korban")
	Answer string `json:"answer,omitempty"`
}

// Answer values.
const (
	AnswerYes     = "y"
	AnswerNo      = "t"
	AnswerUnknown = "?"
)

type questionConfig struct {
	ID     string       `yaml:"id"`
	Text   string       `yaml:"text"`
	TextEN string       `yaml:"text_en"`
	Count  bool         `yaml:"count"`
	SMS    string       `yaml:"sms"`    // "korban": "2 korban" or "ada korban"
	SMSNo  string       `yaml:"sms_no"` // said in the SMS when answered T
	IfYes  answerEffect `yaml:"if_yes"`
	IfNo   answerEffect `yaml:"if_no"`
}

// answerEffect is what an answer does to the proposal.
type answerEffect struct {
	Adds     []string `yaml:"adds"`
	Priority int      `yaml:"priority"` // escalates only
	Then     string   `yaml:"then"`     // refile (e.g. a crash with no casualties)
	Assume   string   `yaml:"assume"`   // the category to propose when none was recognised
}

func (c *fileConfig) validateQuestions(e *errList, cats map[string]bool) {
	ids := map[string]bool{}
	emergency := map[string]bool{}
	for _, cat := range c.Categories {
		emergency[cat.ID] = cat.emergency()
	}
	for i, q := range c.Questions {
		p := fmt.Sprintf("questions[%d]", i)
		checkID(e, p+".id", q.ID)
		if ids[q.ID] {
			e.add(p+".id", "duplicate question %q", q.ID)
		}
		ids[q.ID] = true
		if strings.TrimSpace(q.Text) == "" || strings.TrimSpace(q.TextEN) == "" {
			e.add(p+".text", "text and text_en are required")
		}
		if q.SMS == "" {
			e.add(p+".sms", "required: what the SMS says for a yes")
		}
		for name, eff := range map[string]answerEffect{"if_yes": q.IfYes, "if_no": q.IfNo} {
			for j, a := range eff.Adds {
				checkAgency(e, fmt.Sprintf("%s.%s.adds[%d]", p, name, j), a)
			}
			if eff.Priority != 0 {
				checkPriority(e, p+"."+name+".priority", eff.Priority)
			}
			for field, cat := range map[string]string{"then": eff.Then, "assume": eff.Assume} {
				if cat != "" && (!cats[cat] || !emergency[cat]) {
					e.add(p+"."+name+"."+field, "unknown emergency category %q", cat)
				}
			}
		}
	}
	check := func(path string, list []string) {
		if len(list) > 4 {
			e.add(path, "at most 4 key questions, got %d", len(list))
		}
		for j, id := range list {
			if !ids[id] {
				e.add(fmt.Sprintf("%s[%d]", path, j), "unknown question %q", id)
			}
		}
	}
	check("default_questions", c.DefaultQuestions)
	for i, cat := range c.Categories {
		check(fmt.Sprintf("categories[%d].questions", i), cat.Questions)
	}
}

// questionsFor lists the key questions of a category ("" = the default
// questions asked when the classifier is unsure of the category). The
// slice is shared: never modify it (WithAnswers copies).
func (t *Taxonomy) questionsFor(id CategoryID) []Question {
	t.qOnce.Do(t.buildQuestions)
	if qs, ok := t.questions[id]; ok {
		return qs
	}
	return t.questions[""]
}

func (t *Taxonomy) buildQuestions() {
	t.questions = map[CategoryID][]Question{}
	list := func(ids []string) []Question {
		out := make([]Question, 0, len(ids))
		for _, qid := range ids {
			q := t.question(qid)
			out = append(out, Question{ID: q.ID, Text: q.Text, TextEN: q.TextEN, Count: q.Count})
		}
		return out
	}
	t.questions[""] = list(t.cfg.DefaultQuestions)
	for _, c := range t.cfg.Categories {
		t.questions[CategoryID(c.ID)] = list(c.Questions)
	}
}

func (t *Taxonomy) question(id string) *questionConfig {
	for i := range t.cfg.Questions {
		if t.cfg.Questions[i].ID == id {
			return &t.cfg.Questions[i]
		}
	}
	return nil
}

// ParseAnswer normalises one answer: y/ya/yes, t/tidak/n/no, ?, or a
// count 0–999 (0 is no). ok is false for anything else.
func ParseAnswer(v string) (answer string, n int, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "y", "ya", "yes":
		return AnswerYes, 0, true
	case "t", "tidak", "n", "no":
		return AnswerNo, 0, true
	case "?", "":
		return AnswerUnknown, 0, true
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 999 {
		return "", 0, false
	}
	if n == 0 {
		return AnswerNo, 0, true
	}
	return AnswerYes, n, true
}

// AnswerError names the answers that are not understood.
type AnswerError struct{ Fields map[string]string }

func (e *AnswerError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "classify: answers: " + strings.Join(parts, "; ")
}

// WithAnswers applies the call-taker's answers to the key questions of r
// (r being the proposal for description) and lists the questions with
// their answers on r. Answers to questions the category does not ask are
// an error, as are values other than Y, T, ? or a count.
func (t *Taxonomy) WithAnswers(description string, r Result, answers map[string]string) (Result, error) {
	r.Questions = slices.Clone(t.questionsFor(r.Category))
	if len(answers) == 0 {
		return r, nil
	}
	bad := map[string]string{}
	for id, v := range answers {
		if !slices.ContainsFunc(r.Questions, func(q Question) bool { return q.ID == id }) {
			bad[id] = "not a key question of this category"
		} else if _, _, ok := ParseAnswer(v); !ok {
			bad[id] = fmt.Sprintf("%q: answer Y, T, ? or a number", v)
		}
	}
	if len(bad) > 0 {
		return r, &AnswerError{Fields: bad}
	}
	var notes []string
	asked := r.Questions
	for i := range asked {
		q := &asked[i]
		v, ok := answers[q.ID]
		if !ok {
			continue
		}
		a, n, _ := ParseAnswer(v)
		q.Answer = a
		if n > 0 {
			q.Answer = strconv.Itoa(n)
		}
		r = t.applyAnswer(description, r, t.question(q.ID), a, n, &notes)
	}
	r.Questions = t.questionsWithAnswers(r.Category, asked)
	r.AnswerNote = strings.Join(notes, ", ")
	return r, nil
}

// questionsWithAnswers keeps the answers when a refile changed the category.
func (t *Taxonomy) questionsWithAnswers(cat CategoryID, answered []Question) []Question {
	qs := slices.Clone(t.questionsFor(cat))
	for i := range qs {
		for _, a := range answered {
			if a.ID == qs[i].ID {
				qs[i].Answer = a.Answer
			}
		}
	}
	// Questions answered under the first category stay listed.
	for _, a := range answered {
		if a.Answer != "" && !slices.ContainsFunc(qs, func(q Question) bool { return q.ID == a.ID }) {
			qs = append(qs, a)
		}
	}
	return qs
}

func (t *Taxonomy) applyAnswer(description string, r Result, q *questionConfig, a string, n int, notes *[]string) Result {
	var eff answerEffect
	switch a {
	case AnswerYes:
		eff = q.IfYes
		if n > 0 {
			*notes = append(*notes, fmt.Sprintf("%d %s", n, q.SMS))
		} else {
			*notes = append(*notes, "ada "+q.SMS)
		}
	case AnswerNo:
		eff = q.IfNo
		if q.SMSNo != "" {
			*notes = append(*notes, q.SMSNo)
		}
	default:
		return r
	}
	refile := eff.Then
	if r.Category == "" {
		refile = eff.Assume
	}
	if refile != "" && CategoryID(refile) != r.Category {
		keep := r
		nr, err := t.ClassifyAs(description, CategoryID(refile))
		if err == nil {
			nr.Confidence, nr.Reasons, nr.Model = keep.Confidence, keep.Reasons, keep.Model
			nr.NeedsConfirmation = keep.NeedsConfirmation
			r = nr
		}
	}
	if !r.Emergency {
		return r
	}
	for _, ag := range eff.Adds {
		r.Agencies = appendNew(r.Agencies, agencies.AgencyID(ag))
	}
	if p := agencies.Priority(eff.Priority); p != 0 && p < r.Priority {
		r.Priority = p
	}
	return r
}
