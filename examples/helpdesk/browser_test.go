package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "directory where TestBrowser writes a PNG of each page it passes (the README's pictures: -screenshots=screenshots)")

// browserServer serves a help center for a browser test, until it ends.
func browserServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, err := NewServer(Config{DB: testDB, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), KB: sharedKB(t), Heartbeat: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.BeginShutdown(); ts.Close(); srv.Close() })
	return ts
}

// chromium returns the browser to drive: $PAYDESK_CHROMIUM, else the first
// of Debian's and Google's names on PATH. Without one the test skips
// locally, but fails in CI (CI set), where .ci/run installs Debian's
// chromium package.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PAYDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("helpdesk: no Chromium in CI: .ci/run installs Debian's chromium package (apt-get install chromium)")
	}
	t.Skip("helpdesk: browser test skipped: no chromium on PATH (apt-get install chromium, or set PAYDESK_CHROMIUM)")
	return ""
}

// browser is one Chromium with a tab per person, each in its own browser
// context (its own cookies and storage, as two people on two machines).
type browser struct {
	t       *testing.T
	shotDir string // where failure screenshots go
}

// newBrowser starts headless Chromium; it stops with the test.
func newBrowser(t *testing.T) (*browser, context.Context) {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.Headless,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1000, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelRoot(); cancelAlloc() })
	if err := chromedp.Do(root); err != nil { // start the browser
		t.Fatalf("helpdesk: starting %s: %v", path, err)
	}
	dir := os.Getenv("PAYDESK_BROWSER_FAILURES")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "paydesk-browser-failures")
	}
	return &browser{t: t, shotDir: dir}, root
}

// tab opens a tab in a new browser context.
func (b *browser) tab(root context.Context) context.Context {
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	// The first run creates the tab, which lives as long as the context of
	// that run: run it on the tab's own context, not on a step's timeout.
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("helpdesk: opening a tab: %v", err)
	}
	return ctx
}

// do runs a step's actions within 20 s; on failure it saves a screenshot
// of the tab and its visible text, and fails the test.
func (b *browser) do(tab context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.fail(tab, step, err)
	}
}

// eval evaluates a JavaScript expression in the tab.
func eval[T any](b *browser, tab context.Context, step, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.fail(tab, step, err)
	}
	return v
}

// until waits for a JavaScript condition to hold (20 s at most).
func (b *browser) until(tab context.Context, step, cond string) {
	b.t.Helper()
	b.do(tab, step, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Poll[bool](cond, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second))(ctx, t)
		return err
	}))
}

func (b *browser) fail(tab context.Context, step string, err error) {
	b.t.Helper()
	name := regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(b.t.Name()+"-"+step), "-")
	ctx, cancel := context.WithTimeout(context.WithoutCancel(tab), 5*time.Second)
	defer cancel()
	var saved []string
	if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(90)); serr == nil {
		if os.MkdirAll(b.shotDir, 0o755) == nil {
			p := filepath.Join(b.shotDir, name+".png")
			if os.WriteFile(p, png, 0o644) == nil {
				saved = append(saved, p)
			}
		}
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	b.t.Fatalf("helpdesk browser: %s: %v\nscreenshot: %v\npage text:\n%s", step, err, saved, text)
}

// shoot saves a screenshot of the tab for the README when -screenshots is
// set.
func (b *browser) shoot(tab context.Context, name string) {
	b.t.Helper()
	if *screenshots == "" {
		return
	}
	eval[bool](b, tab, "scroll to top", `(window.scrollTo(0, 0), true)`)
	ctx, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	img, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name+".png"), img, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// click clicks the element a JavaScript expression finds.
func (b *browser) click(tab context.Context, step, expr string) {
	b.t.Helper()
	b.until(tab, step+" (visible)", `(() => { const e = `+expr+`; return !!e && e.offsetParent !== null; })()`)
	eval[bool](b, tab, step, `(() => { const e = `+expr+`; e.click(); return true; })()`)
}

// typeIn types text into the field with id, as keystrokes.
func (b *browser) typeIn(tab context.Context, id, text string) {
	b.t.Helper()
	b.do(tab, "find #"+id, chromedp.WaitVisible(chromedp.ID(id)))
	eval[bool](b, tab, "clear #"+id, fmt.Sprintf(`(document.getElementById(%q).value = "", true)`, id))
	b.do(tab, "type into #"+id, chromedp.SendKeys(chromedp.ID(id), text))
}

// choose sets a select's value and fires its change event, as a person
// choosing an option does.
func (b *browser) choose(tab context.Context, id, value string) {
	b.t.Helper()
	eval[bool](b, tab, "choose "+value+" in #"+id, fmt.Sprintf(
		`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value === %q; })()`, id, value, value))
}

// chatTexts is the chat log's lines as the customer sees them.
const chatTexts = `[...document.querySelectorAll("#chat-log > li")].map(li => li.firstChild.textContent)`

// TestBrowser drives the help center in real headless Chromium, as two
// people: a customer searches in Chinese, chats with the bot, asks for a
// person; an agent takes the chat in the console and replies; the customer
// sees the reply live, reloads and finds the conversation once, rates the
// solved chat; the console shows the new CSAT.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("helpdesk: browser test skipped in -short mode")
	}
	ts := browserServer(t)

	b, root := newBrowser(t)
	cust, agent := b.tab(root), b.tab(root)

	// The customer opens the help center and switches to Simplified Chinese.
	b.do(cust, "open the help center", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	b.choose(cust, "identity", "customer:mei")
	b.choose(cust, "lang", "zh-Hans")
	b.until(cust, "page in Chinese", `document.documentElement.lang === "zh-Hans" && /\p{Script=Han}/u.test(document.querySelector("h1").textContent)`)

	// Search as you type, in Chinese.
	b.typeIn(cust, "q", "我想申请退款")
	b.until(cust, "search hits", `document.querySelectorAll("#hits li").length > 0`)
	first := eval[string](b, cust, "first hit", `document.querySelector("#hits li button").textContent`)
	if !regexp.MustCompile(`\p{Han}`).MatchString(first) || !strings.Contains(first, "退款") {
		t.Errorf("first hit for 我想申请退款 = %q, want a Chinese article about refunds", first)
	}
	b.shoot(cust, "search")

	// Chat: the bot answers first, with articles.
	b.click(cust, "chat tab", `document.querySelector('[data-tab="chat"]')`)
	b.typeIn(cust, "chat-text", "我的银行卡付款被拒绝了，怎么办？")
	b.click(cust, "send", `document.querySelector('#chat-form button[type="submit"]')`)
	b.until(cust, "bot answer", `document.querySelectorAll("#chat-log li.bot").length > 0`)
	bot := eval[string](b, cust, "bot text", `document.querySelector("#chat-log li.bot").textContent`)
	if !regexp.MustCompile(`\p{Han}`).MatchString(bot) {
		t.Errorf("bot answer %q is not in Chinese", bot)
	}
	b.until(cust, "bot articles", `document.querySelectorAll("#chat-log li.bot ul.articles li").length > 0`)

	// Agent li is online for English chats: routing does not give them the
	// Chinese chat, which waits in the queue until they take it.
	b.do(agent, "open the console", chromedp.Navigate(ts.URL+"/agent.html"), chromedp.WaitVisible(chromedp.ID("presence")))
	b.choose(agent, "identity", "agent:li")
	b.choose(agent, "presence", "online")
	b.typeIn(agent, "languages", "en")
	b.click(agent, "set presence", `document.querySelector('#presence-form button[type="submit"]')`)
	b.until(agent, "presence set", `document.getElementById("presence-out").textContent !== ""`)

	b.click(cust, "hand off", `document.getElementById("chat-handoff")`)
	b.until(cust, "queue position", `/\d/.test(document.getElementById("chat-status").textContent)`)

	b.until(agent, "waiting chat in the queue", `!!document.querySelector("#unassigned button.take")`)
	b.shoot(agent, "console-queue")
	b.click(agent, "take", `document.querySelector("#unassigned button.take")`)
	b.until(agent, "work view", `!document.getElementById("work").hidden && document.querySelectorAll("#work-log li").length > 0`)
	const reply = "您好，我是客服小李，我来帮您查看这笔付款。"
	b.typeIn(agent, "work-text", reply)
	b.click(agent, "send reply", `document.querySelector('#work-reply button[type="submit"]')`)

	// The customer sees the reply live, and it is read.
	b.until(cust, "reply arrives live", fmt.Sprintf(`%s.includes(%q)`, chatTexts, reply))
	b.until(agent, "read receipt", `document.querySelector("#work-log li.mine.read") !== null`)
	before := eval[[]string](b, cust, "transcript before reload", chatTexts)

	// After a reload the conversation is there once: nothing lost, nothing
	// repeated.
	b.do(cust, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("q")))
	b.click(cust, "chat tab again", `document.querySelector('[data-tab="chat"]')`)
	b.until(cust, "transcript after reload", fmt.Sprintf(`%s.length >= %d`, chatTexts, len(before)))
	after := eval[[]string](b, cust, "transcript after reload", chatTexts)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("transcript after reload:\n%s\nwant, as before:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	if n := strings.Count(strings.Join(after, "\n"), reply); n != 1 {
		t.Errorf("the agent's reply shows %d times after the reload, want once", n)
	}
	b.shoot(cust, "chat")

	// The agent solves the chat; the customer rates it in the chat.
	b.choose(agent, "status", "solved")
	b.click(agent, "set status", `document.querySelector('#work-status button[type="submit"]')`)
	b.until(cust, "survey offered", `document.querySelectorAll("#chat-surveys form.survey select").length >= 1`)
	eval[bool](b, cust, "score 5", `(() => { const s = document.querySelector("#chat-surveys form.survey select"); s.value = "5"; s.dispatchEvent(new Event("change")); return true; })()`)
	b.click(cust, "send rating", `document.querySelector('#chat-surveys form.survey button[type="submit"]')`)
	b.until(cust, "rating thanked", `document.querySelector("#chat-surveys form.survey p.muted") !== null`)
	b.shoot(cust, "survey")

	// The fee calculator ranks every method, cheapest first, explained line
	// by line in Chinese; a decline code is explained with the next step.
	b.click(cust, "fees tab", `document.querySelector('[data-tab="fees"]')`)
	b.click(cust, "compare", `document.querySelector('#fee-form button[type="submit"]')`)
	b.until(cust, "options ranked", `document.querySelector("#fee-options li.cheapest") === document.querySelector("#fee-options li") && document.querySelectorAll("#fee-options li.cheapest ul li").length > 0`)
	if got := eval[string](b, cust, "cheapest option", `document.querySelector("#fee-options li.cheapest").textContent`); !strings.Contains(got, "€") || !regexp.MustCompile(`\p{Han}`).MatchString(got) {
		t.Errorf("cheapest option %q: want euro amounts explained in Chinese", got)
	}
	b.shoot(cust, "fees")
	b.click(cust, "decline tab", `document.querySelector('[data-tab="decline"]')`)
	b.click(cust, "explain", `document.querySelector('#decline-form button[type="submit"]')`)
	b.until(cust, "decline explained", `document.querySelectorAll("#decline-out p").length >= 2`)

	// The console shows the new CSAT for li.
	b.click(agent, "refresh", `document.getElementById("refresh")`)
	b.until(agent, "CSAT by agent", `[...document.querySelectorAll("#feedback tr")].some(tr => tr.cells[0].textContent === "li" && tr.cells[1].textContent === "100.0")`)
	b.until(agent, "the solved chat frees li's slot", `document.getElementById("presence-out").textContent.includes("0/3")`)
	b.shoot(agent, "console")
}

// unlabelled lists the form controls a screen reader could not name: no
// <label> around or for them and no aria-label.
const unlabelled = `[...document.querySelectorAll("input, select, textarea")].filter(e => e.offsetParent !== null &&
	!e.closest("label") && !e.getAttribute("aria-label") && !(e.id && document.querySelector('label[for="' + e.id + '"]'))).map(e => e.outerHTML)`

// TestBrowserCasesOnAPhone: on a phone-sized screen, in Traditional
// Chinese, a customer disputes a payment and submits its evidence; the
// agent sees the checklist and refunds part of it; the customer sees the
// refund in their locale's format. Every control is labelled and no page
// scrolls sideways.
func TestBrowserCasesOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("helpdesk: browser test skipped in -short mode")
	}
	ts := browserServer(t)
	b, root := newBrowser(t)
	cust, agent := b.tab(root), b.tab(root)

	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)
	b.do(cust, "open on a phone", phone, chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	b.choose(cust, "lang", "zh-Hant")
	b.until(cust, "page in Traditional Chinese", `document.documentElement.lang === "zh-Hant"`)
	for _, tab := range []string{"search", "chat", "tickets", "fees", "decline", "email"} {
		b.click(cust, "tab "+tab, fmt.Sprintf(`document.querySelector('[data-tab=%q]')`, tab))
		if tab == "tickets" {
			eval[bool](b, cust, "open the report form", `(document.getElementById("report").open = true, true)`)
		}
		if got := eval[[]string](b, cust, "labels on "+tab, unlabelled); len(got) > 0 {
			t.Errorf("tab %s: controls without a label: %v", tab, got)
		}
		if w := eval[int](b, cust, "width on "+tab, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
			t.Errorf("tab %s scrolls sideways by %d px on a 390 px screen", tab, w)
		}
	}

	// Dispute a payment from "my tickets" and submit the evidence.
	b.click(cust, "tickets tab", `document.querySelector('[data-tab="tickets"]')`)
	eval[bool](b, cust, "open the report form", `(document.getElementById("report").open = true, true)`)
	b.choose(cust, "d-reason", "product_not_received")
	b.click(cust, "open the dispute", `document.querySelector('#dispute-form button[type="submit"]')`)
	b.until(cust, "evidence form", `document.querySelectorAll("#ticket-case form.evidence textarea, #ticket-case form.evidence input").length >= 3`)
	fill := func(label, value string) {
		eval[bool](b, cust, "fill "+label, fmt.Sprintf(`(() => {
			const l = [...document.querySelectorAll("#ticket-case form.evidence label")].find(l => l.textContent.includes(%q));
			const i = l.querySelector("input, textarea"); i.value = %q; return true; })()`, label, value))
	}
	fill("貨運公司", "DHL")
	fill("追蹤編號", "JD014600")
	fill("出貨日期", time.Now().AddDate(0, 0, -4).Format(time.DateOnly))
	b.click(cust, "submit the evidence", `[...document.querySelectorAll("#ticket-case form.evidence button")].find(b => b.type === "button")`)
	b.until(cust, "evidence submitted", `document.getElementById("ticket-case").textContent.includes("證據已提交")`)
	b.shoot(cust, "dispute-phone")

	// The agent sees the evidence and refunds part of the payment.
	b.do(agent, "open the console", chromedp.Navigate(ts.URL+"/agent.html"), chromedp.WaitVisible(chromedp.ID("presence")))
	b.click(agent, "open the dispute", `[...document.querySelectorAll("#unassigned li button.link")].find(b => b.textContent.includes("Example Electronics"))`)
	b.until(agent, "checklist", `document.querySelectorAll("#work-case ul.checklist li").length >= 3 && document.getElementById("work-case").textContent.includes("JD014600")`)
	eval[bool](b, agent, "refund amount", `(() => { const i = [...document.querySelectorAll("#work-case form.inline input")].find(i => i.placeholder.startsWith("0.00")); i.value = "29.00"; return true; })()`)
	b.click(agent, "refund", `[...document.querySelectorAll("#work-case form.inline button")].find(b => b.textContent === "Refund")`)
	b.until(agent, "refunded", `document.getElementById("work-case").textContent.includes("€29.00")`)
	b.shoot(agent, "console-case")

	// The customer sees it, formatted for zh-Hant.
	b.click(cust, "reopen the ticket", `[...document.querySelectorAll("#tickets li button.link")].find(b => b.textContent.includes("Example Electronics"))`)
	b.until(cust, "refund shown", `document.getElementById("ticket-case").textContent.includes("€29.00") && document.getElementById("ticket-case").textContent.includes("部分退款")`)
}
