package twincheck

import "testing"

func TestAbsent(t *testing.T) {
	option := []byte(`{"series":[{"data":[43.6,{"value":1234}]},{"data":[[12.5,-2.25]]}]}`)
	cells := []string{"43,6\u202f%", "1\u202f234", "12,5", "−2,25"}
	if x, ok, err := Absent(option, cells); err != nil || ok {
		t.Fatalf("every number is in the twin, got %v %v %v", x, ok, err)
	}
	if x, ok, _ := Absent(option, cells[:3]); !ok || x != -2.25 {
		t.Errorf("-2.25 is missing from the twin, got %v %v", x, ok)
	}
	if _, _, err := Absent([]byte(`{`), cells); err == nil {
		t.Error("a broken option gives no error")
	}
}
