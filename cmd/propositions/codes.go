package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Roles of access codes. A code covers one scope: an établissement code
// ("uai:0010001W") submits for its school; a région code ("region:84")
// submits for every school of its région, ajustements included; a reviewer
// code ("region:84") moves the proposals of its région through the
// workflow.
const (
	roleEtablissement = "etablissement"
	roleRegion        = "region"
	roleReviewer      = "reviewer"
)

// access is one line of the codes file. The code itself is never stored:
// only sha256(salt + code), compared in constant time.
type access struct {
	Scope string `json:"scope"`
	Role  string `json:"role"`
	Hash  string `json:"hash"`
	Salt  string `json:"salt"`
}

// codes indexes the access entries by scope.
type codes struct {
	byScope   map[string][]access
	regions   []access // every région-role entry, for schools not in the reference
	reviewers []access // every reviewer entry, to authenticate before looking a proposal up
	n         int
}

func (c *codes) len() int { return c.n }

// readCodes reads the JSON-lines codes file. Errors name the line, never
// its content.
func readCodes(path string) (*codes, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &codes{byScope: map[string][]access{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var a access
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return nil, fmt.Errorf("%s:%d: not a JSON object with scope, role, hash and salt", path, line)
		}
		kind, _, _ := strings.Cut(a.Scope, ":")
		switch {
		case a.Role == roleEtablissement && kind == "uai" && len(a.Scope) == len("uai:")+8:
			a.Scope = "uai:" + strings.ToUpper(a.Scope[4:])
		case (a.Role == roleRegion || a.Role == roleReviewer) && kind == "region" && len(a.Scope) > len("region:"):
		default:
			return nil, fmt.Errorf("%s:%d: role %q with scope %q: expected etablissement with uai:<UAI>, or region/reviewer with region:<code>", path, line, a.Role, a.Scope)
		}
		h, err := hex.DecodeString(a.Hash)
		if err != nil || len(h) != sha256.Size {
			return nil, fmt.Errorf("%s:%d: hash must be 64 hexadecimal characters (sha256 of salt+code)", path, line)
		}
		if a.Salt == "" {
			return nil, fmt.Errorf("%s:%d: empty salt", path, line)
		}
		a.Hash = strings.ToLower(a.Hash)
		c.byScope[a.Scope] = append(c.byScope[a.Scope], a)
		switch a.Role {
		case roleRegion:
			c.regions = append(c.regions, a)
		case roleReviewer:
			c.reviewers = append(c.reviewers, a)
		}
		c.n++
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// match returns the entry among candidates whose hash is sha256(salt+code).
// Every candidate is compared, in constant time, whatever matched before.
func match(code string, candidates []access, role string) (access, bool) {
	var found access
	ok := 0
	for _, a := range candidates {
		if a.Role != role {
			continue
		}
		sum := sha256.Sum256([]byte(a.Salt + code))
		want, _ := hex.DecodeString(a.Hash)
		if subtle.ConstantTimeCompare(sum[:], want) == 1 && ok == 0 {
			found, ok = a, 1
		}
	}
	return found, ok == 1
}

// submitter finds the code's entry among those allowed to submit for a
// school: its own établissement code or a code of its région. For a UAI
// not in the reference, only région codes can match (validation then tells
// the UAI is unknown).
func (c *codes) submitter(code, uai, region string) (access, bool) {
	if region == "" {
		return match(code, c.regions, roleRegion)
	}
	if a, ok := match(code, c.byScope["uai:"+uai], roleEtablissement); ok {
		return a, true
	}
	return match(code, c.byScope["region:"+region], roleRegion)
}

// isReviewer reports whether the code is a reviewer's code of any région.
// It compares the code with every reviewer entry, whatever the request
// asks for, so that a wrong code gets the same answer, in the same time,
// for a proposal that exists and for one that does not.
func (c *codes) isReviewer(code string) bool {
	_, ok := match(code, c.reviewers, roleReviewer)
	return ok
}

// reviewer finds the code's entry among the reviewers of a région.
func (c *codes) reviewer(code, region string) (access, bool) {
	return match(code, c.byScope["region:"+region], roleReviewer)
}
