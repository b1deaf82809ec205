// Package browser holds the browser tests of the site, and nothing else: it
// builds the sample site (and the real one when ORION_REAL_DATA points to the
// open-data bundle), serves it on 127.0.0.1 and drives Debian's headless
// Chromium through chromedp to check what a person sees and can use: no
// console error and no request outside the site, charts drawn with the same
// numbers as their table twins and at least 90 % of their box's width at 1280
// and 375 px, the quadrant's click, minimum filter and niveau select, 0
// axe-core violations (WCAG 2.1 A and AA),
// key figures and tables readable without JavaScript, keyboard access with a
// visible focus, no horizontal scroll at 375 px, page weight budgets and the
// proposals form end to end against the real handler.
//
// Without chromium on PATH the tests skip, unless CI is set: then a missing
// browser is a failure (.ci/install-browser installs it).
package browser
