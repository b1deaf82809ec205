package sample

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// upperASCII writes a label the way the IPS, Affelnet and DEPP files do:
// upper case without accents.
func upperASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == '’' {
			r = '\''
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func round(x float64) int { return int(math.Round(x)) }
