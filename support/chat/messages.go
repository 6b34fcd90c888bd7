package chat

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the texts chat writes into a conversation. A host
// rewording them, or adding a language, sets these keys on the builder from
// DefaultCatalog and passes it to NewMessages. Arguments are noted per key.
const (
	MsgBotIntro    = "chat.bot.intro"     // the bot's answer, before the articles
	MsgBotArticle  = "chat.bot.article"   // %[1]d number, %[2]s title, %[3]s snippet
	MsgBotAsk      = "chat.bot.ask"       // after the articles: did it help?
	MsgBotNoAnswer = "chat.bot.no_answer" // the bot found nothing good enough
	MsgHandoff     = "chat.handoff"       // handing the chat to a person
	MsgQueued      = "chat.queued"        // %[1]d position, %[2]s estimated wait
	MsgNoAgent     = "chat.no_agent"      // no agent who serves the chat is online; the message is kept
	MsgAfterHours  = "chat.after_hours"   // %[1]s when the desk opens again
	MsgJoined      = "chat.joined"        // an agent joined
	MsgTransferred = "chat.transferred"   // passed to a colleague or team
	MsgLeft        = "chat.left"          // the agent left; back in the queue
	MsgEnded       = "chat.ended"         // the chat ended
	MsgDeflected   = "chat.deflected"     // the customer said an article solved it
	MsgWaitMinutes = "chat.wait.minutes"  // %[1]d minutes
	MsgWaitUnder   = "chat.wait.under"    // less than a minute
)

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgBotIntro:    "These articles may answer your question:",
			MsgBotArticle:  "%[1]d. %[2]s — %[3]s",
			MsgBotAsk:      "Did this solve it? Choose “This solved it”, or “Talk to a person” and an agent will join.",
			MsgBotNoAnswer: "I could not find an article that answers this.",
			MsgHandoff:     "I am passing your chat to a person. Everything you wrote stays in this conversation.",
			MsgQueued:      "You are number %[1]d in the queue. Estimated wait: %[2]s.",
			MsgNoAgent:     "No agent who can take your chat is online right now. Your message is saved on your request and an agent will answer here as soon as one is available.",
			MsgAfterHours:  "Our agents are away until %[1]s. Your message is saved on your request and we will answer here when we are back.",
			MsgJoined:      "An agent joined the chat.",
			MsgTransferred: "Your chat was passed to a colleague who can help further.",
			MsgLeft:        "The agent left the chat. You are back in the queue for the next agent.",
			MsgEnded:       "The chat has ended. You can read it again from your requests at any time.",
			MsgDeflected:   "Glad that helped! We marked your request as solved; just write again if you need more help.",
			MsgWaitMinutes: "about %[1]d minutes",
			MsgWaitUnder:   "less than a minute",
		},
		language.SimplifiedChinese: {
			MsgBotIntro:    "以下文章可能解答您的问题：",
			MsgBotArticle:  "%[1]d. %[2]s —— %[3]s",
			MsgBotAsk:      "问题解决了吗？请选择“已解决”，或选择“转人工”，客服会加入对话。",
			MsgBotNoAnswer: "没有找到能回答这个问题的文章。",
			MsgHandoff:     "正在为您转接人工客服，您之前的消息都会保留在对话中。",
			MsgQueued:      "您目前排在第 %[1]d 位，预计等待：%[2]s。",
			MsgNoAgent:     "目前没有能接待您的客服在线。您的消息已保存在工单中，客服上线后会在这里回复您。",
			MsgAfterHours:  "客服将于 %[1]s 回来。您的消息已保存在工单中，我们上班后会在这里回复您。",
			MsgJoined:      "客服已加入对话。",
			MsgTransferred: "您的对话已转给能进一步帮助您的同事。",
			MsgLeft:        "客服已离开对话，您已重新排队等待下一位客服。",
			MsgEnded:       "对话已结束，您可以随时在“我的工单”中查看。",
			MsgDeflected:   "很高兴帮到您！我们已将您的请求标记为已解决，如需更多帮助请再次留言。",
			MsgWaitMinutes: "约 %[1]d 分钟",
			MsgWaitUnder:   "不到 1 分钟",
		},
		language.TraditionalChinese: {
			MsgBotIntro:    "以下文章可能解答您的問題：",
			MsgBotArticle:  "%[1]d. %[2]s —— %[3]s",
			MsgBotAsk:      "問題解決了嗎？請選擇「已解決」，或選擇「轉真人客服」，客服會加入對話。",
			MsgBotNoAnswer: "沒有找到能回答這個問題的文章。",
			MsgHandoff:     "正在為您轉接真人客服，您之前的訊息都會保留在對話中。",
			MsgQueued:      "您目前排在第 %[1]d 位，預計等待：%[2]s。",
			MsgNoAgent:     "目前沒有能接待您的客服在線。您的訊息已保存在工單中，客服上線後會在這裡回覆您。",
			MsgAfterHours:  "客服將於 %[1]s 回來。您的訊息已保存在工單中，我們上班後會在這裡回覆您。",
			MsgJoined:      "客服已加入對話。",
			MsgTransferred: "您的對話已轉給能進一步協助您的同事。",
			MsgLeft:        "客服已離開對話，您已重新排隊等候下一位客服。",
			MsgEnded:       "對話已結束，您可以隨時在「我的工單」中查看。",
			MsgDeflected:   "很高興幫到您！我們已將您的請求標記為已解決，如需更多協助請再次留言。",
			MsgWaitMinutes: "約 %[1]d 分鐘",
			MsgWaitUnder:   "不到 1 分鐘",
		},
	}
}

// DefaultCatalog returns a new catalog builder with the built-in chat texts
// in English (the fallback), Simplified and Traditional Chinese. Nothing
// global is changed: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages()) }

// Messages renders chat texts in the language best matching a ticket's. It
// is immutable and safe for concurrent use.
type Messages struct{ texts *l10n.Texts }

// NewMessages returns the messages of cat, negotiating among its languages
// with English as the fallback when cat has it. A catalog without languages
// is refused with an error matching l10n.ErrNoLanguages.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("chat: %w", err)
	}
	return &Messages{texts: t}, nil
}

// DefaultMessages returns the built-in messages.
func DefaultMessages() *Messages {
	m, err := NewMessages(DefaultCatalog())
	if err != nil {
		panic(err) // unreachable: the built-in catalog has languages
	}
	return m
}

// Text returns the text of key in the language best matching lang.
func (m *Messages) Text(lang language.Tag, key string, args ...any) string {
	return m.texts.Sprintf(lang, key, args...)
}

// Language returns the language of m that serves lang.
func (m *Messages) Language(lang language.Tag) language.Tag { return m.texts.Match(lang) }

// wait renders an estimated wait: under a minute, or whole minutes rounded up.
func (m *Messages) wait(lang language.Tag, d time.Duration) string {
	if d < time.Minute {
		return m.Text(lang, MsgWaitUnder)
	}
	return m.Text(lang, MsgWaitMinutes, int((d+time.Minute-1)/time.Minute))
}

// String describes m's languages, for debugging.
func (m *Messages) String() string { return fmt.Sprintf("chat.Messages%v", m.texts.Languages()) }
