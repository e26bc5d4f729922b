package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// invalidUTF8Field names the field of a JSON body whose string (value or
// key) holds bytes that are not UTF-8, e.g. "title" or "tasks[2]"; "body"
// when no field can be named. encoding/json would silently turn such bytes
// into U+FFFD and the damaged text would be stored, so decodeJSON refuses
// the body instead.
func invalidUTF8Field(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	type frame struct {
		array bool
		key   string // the current key of an object
		index int    // the next index of an array
		inKey bool   // an object expects a key next
	}
	var stack []frame
	path := func() string {
		var b []byte
		for i, f := range stack {
			switch {
			case f.array:
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(f.index-1), 10)
				b = append(b, ']')
			case f.key != "":
				if i > 0 {
					b = append(b, '.')
				}
				b = append(b, f.key...)
			}
		}
		if len(b) == 0 {
			return "body"
		}
		return string(b)
	}
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return "body"
		}
		raw := body[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		top := len(stack) - 1
		isKey := top >= 0 && !stack[top].array && stack[top].inKey
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:top]
			if len(stack) == 0 {
				return "body"
			}
			continue
		}
		// A value (or key) starts here.
		if top >= 0 {
			if stack[top].array {
				stack[top].index++
			} else if isKey {
				stack[top].key, _ = tok.(string)
				stack[top].inKey = false
				if !utf8.Valid(raw) {
					return path()
				}
				continue
			} else {
				stack[top].inKey = true
			}
		}
		if !utf8.Valid(raw) {
			return path()
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{array: d == '[', inKey: d == '{'})
		}
	}
}
