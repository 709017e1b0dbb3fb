package agencies

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sigap112/sigap/geo/fuzzy"
)

// DecodeConfig decodes one YAML configuration file into v (a pointer to the
// file's struct) strictly: a key the struct does not have is an error naming
// the file, the line, the key and the nearest valid key ("did you mean
// feedback_sms_after?"), because an ignored typo silently turns a setting
// off. Every unknown key of the file is reported at once. Wrong value types,
// duplicate keys and syntax errors come back with their line too. Every
// configuration loader of Sigap decodes through here.
//
// An empty document returns an error that wraps io.EOF.
func DecodeConfig(data []byte, file string, v any) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return yamlErrors(file, err)
	}
	if len(root.Content) == 0 {
		return fmt.Errorf("%s: empty file: %w", file, io.EOF)
	}
	errs := NewConfigErrors(file)
	checkKeys(errs, &root, reflect.TypeOf(v), "")
	if err := errs.Err(); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // the walk above should have caught every unknown key; belt and braces
	if err := dec.Decode(v); err != nil {
		return yamlErrors(file, err)
	}
	return nil
}

var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// yamlErrors turns the decoder's messages ("line 5: cannot unmarshal …")
// into ConfigErrors with their line.
func yamlErrors(file string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	errs := NewConfigErrors(file)
	for _, m := range msgs {
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			line, _ := strconv.Atoi(g[1])
			errs.AddLine(line, "", "%s", g[2])
			continue
		}
		errs.Add("", "%s", strings.TrimPrefix(m, "yaml: "))
	}
	return errs.Err()
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// checkKeys walks the document beside the Go type it decodes into and
// reports every mapping key the type has no field for.
func checkKeys(errs *ConfigErrors, n *yaml.Node, t reflect.Type, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		return // the type reads itself
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			checkKeys(errs, c, t, path)
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			for i, c := range n.Content {
				checkKeys(errs, c, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	case yaml.MappingNode:
		switch t.Kind() {
		case reflect.Map:
			for i := 0; i+1 < len(n.Content); i += 2 {
				checkKeys(errs, n.Content[i+1], t.Elem(), join(path, n.Content[i].Value))
			}
		case reflect.Struct:
			checkStruct(errs, n, t, path)
		}
	}
}

func checkStruct(errs *ConfigErrors, n *yaml.Node, t reflect.Type, path string) {
	fields, anyKey := yamlFields(t)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Value == "<<" && k.Tag == "!!merge" {
			checkKeys(errs, val, t, path)
			continue
		}
		ft, ok := fields[k.Value]
		switch {
		case ok:
			checkKeys(errs, val, ft, join(path, k.Value))
		case !anyKey:
			errs.AddLine(k.Line, join(path, k.Value), "%s", unknownKey(k.Value, fields))
		}
	}
}

// yamlFields lists the keys a struct accepts, as the yaml package reads its
// tags (inline structs included). anyKey is true when an inline map takes
// every other key.
func yamlFields(t reflect.Type) (fields map[string]reflect.Type, anyKey bool) {
	fields = map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Map {
				anyKey = true
				continue
			}
			inner, innerAny := yamlFields(ft)
			for k, v := range inner {
				fields[k] = v
			}
			anyKey = anyKey || innerAny
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f.Type
	}
	return fields, anyKey
}

// unknownKey explains an unknown key with the nearest valid one, or the
// list of valid keys when none is close.
func unknownKey(key string, fields map[string]reflect.Type) string {
	valid := make([]string, 0, len(fields))
	for k := range fields {
		valid = append(valid, k)
	}
	sort.Strings(valid)
	if near := Nearest(key, valid); near != "" {
		return fmt.Sprintf("field %s not found: did you mean %s?", key, near)
	}
	return fmt.Sprintf("field %s not found (valid: %s)", key, strings.Join(valid, ", "))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Nearest returns the candidate closest to word by edit distance when it is
// close enough to be a typo of it (at most 2 edits, and at most a third of
// the word), or "" when none is. Ties go to the earlier candidate.
func Nearest(word string, candidates []string) string {
	best, _ := fuzzy.Closest(word, candidates, max(1, min(2, len([]rune(word))/3)))
	return best
}
