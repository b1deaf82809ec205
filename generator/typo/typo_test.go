package typo

import (
	"strings"
	"testing"
)

// In the expectations, "_" is a no-break space and "~" a narrow one.
func visible(s string) string {
	return strings.NewReplacer(nbsp, "_", narrowNbsp, "~").Replace(s)
}

func TestText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"au statut « Demande validée ».", "au statut «_Demande validée_»."},
		{"«\n  Demande »", "«_Demande_»"},
		{"Statuts comptés : tous.", "Statuts comptés_: tous."},
		{"Que faire ? Rien ! Vraiment ; bon.", "Que faire~? Rien~! Vraiment~; bon."},
		{"Quoi ?!", "Quoi~?!"},
		{"(voir ci-dessous :)", "(voir ci-dessous_:)"},
		{"Erreur :", "Erreur_:"},
		// Not French punctuation, or no space to change: left alone.
		{"a :b x ?y", "a :b x ?y"},
		{"«Demande»", "«Demande»"},
		{"https://example.org/?q=1", "https://example.org/?q=1"},
		{" : au début", " : au début"},
		{"rien à changer", "rien à changer"},
		{"", ""},
	} {
		if got := visible(Text(c.in)); got != c.want {
			t.Errorf("Text(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p>le statut « <a href="/glossaire/#statut">Demande validée</a> » :</p>`,
			`<p>le statut «_<a href="/glossaire/#statut">Demande validée</a>_»_:</p>`},
		{`<li><strong>Motifs</strong> : choisissez-en un.</li>`,
			`<li><strong>Motifs</strong>_: choisissez-en un.</li>`},
		// Attributes, comments and raw elements are left byte for byte.
		{`<abbr title="x : « y »">z</abbr>`, `<abbr title="x : « y »">z</abbr>`},
		{`<!-- a : b --><p>a : b</p>`, `<!-- a : b --><p>a_: b</p>`},
		{`<script>var a = b ? c : d;</script><p>« x »</p>`, `<script>var a = b ? c : d;</script><p>«_x_»</p>`},
		{`<script type="application/json">{"t":"« x »"}</script>`, `<script type="application/json">{"t":"« x »"}</script>`},
		{`<pre><code>SELECT a : b</code></pre> ?`, `<pre><code>SELECT a : b</code></pre>~?`},
		{`<p><code>x ; y</code> ; z</p>`, `<p><code>x ; y</code>~; z</p>`},
		{`<style>a :hover {}</style>`, `<style>a :hover {}</style>`},
		{`<textarea>« a »</textarea>`, `<textarea>« a »</textarea>`},
		// <col> and <caption> are not raw elements.
		{`<col><caption>Taux : x</caption>`, `<col><caption>Taux_: x</caption>`},
		// An unclosed raw element keeps the rest as it is.
		{`<script>a ? b : c`, `<script>a ? b : c`},
		{`plain « text »`, `plain «_text_»`},
		// Text between raw elements, and raw elements one after another.
		{`<p>a : b<code>x : y</code> c : d<code>« e »</code></p>`, `<p>a_: b<code>x : y</code> c_: d<code>« e »</code></p>`},
		{`<script>a</script> : <script>b : c</script> « d »`, `<script>a</script>_: <script>b : c</script> «_d_»`},
		{`<scripts>a : b</scripts>`, `<scripts>a_: b</scripts>`},
	} {
		if got := visible(string(HTML([]byte(c.in)))); got != c.want {
			t.Errorf("HTML(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// Nothing to set: the same slice comes back, without a copy.
func TestHTMLUnchanged(t *testing.T) {
	in := []byte("<p>rien</p>")
	if out := HTML(in); &out[0] != &in[0] {
		t.Error("HTML copied a document it had nothing to change in")
	}
}
