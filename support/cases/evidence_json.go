package cases

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxJSONDepth bounds the nesting checkDuplicateKeys follows.
const maxJSONDepth = 32

// jsonFrame is an open object or array while checkDuplicateKeys walks.
type jsonFrame struct {
	obj  bool
	keys map[string]struct{}
	key  bool // in an object: the next token is a member name
}

// checkDuplicateKeys refuses a JSON document in which an object repeats a
// member name: encoding/json would silently keep the last one, so a
// reviewer and the decoder could read different evidence. Syntax errors are
// left to the decoder.
func checkDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []jsonFrame
	value := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].key = true
		}
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return nil // the strict decoder reports it
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].obj && stack[top].key {
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:top]
				value()
				continue
			}
			k, _ := tok.(string)
			if _, dup := stack[top].keys[k]; dup {
				return fmt.Errorf("member %q repeated", clip(k))
			}
			stack[top].keys[k] = struct{}{}
			stack[top].key = false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if len(stack) >= maxJSONDepth {
				return fmt.Errorf("nested too deeply")
			}
			stack = append(stack, jsonFrame{obj: tok == json.Delim('{'), keys: map[string]struct{}{}, key: true})
		case json.Delim(']'), json.Delim('}'):
			if top >= 0 {
				stack = stack[:top]
			}
			value()
		default:
			value()
		}
	}
}
