package feedback

import (
	"fmt"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the texts a survey shows the customer. A host rewording
// them, adding a language or labelling its own reasons sets these keys on
// the builder from DefaultCatalog and passes it to NewMessages.
const (
	MsgQuestionCSAT    = "feedback.question.csat"        // how satisfied, 1 to 5
	MsgQuestionBinary  = "feedback.question.csat_binary" // was it good or bad
	MsgQuestionNPS     = "feedback.question.nps"         // how likely to recommend, 0 to 10
	MsgQuestionArticle = "feedback.question.article"     // was the article helpful
	MsgQuestionChat    = "feedback.question.chat"        // how was the chat, 1 to 5
	MsgScaleCSAT       = "feedback.scale.csat"           // the ends of the 1–5 scale
	MsgScaleNPS        = "feedback.scale.nps"            // the ends of the 0–10 scale
	MsgGood            = "feedback.good"                 // the "good" choice
	MsgBad             = "feedback.bad"                  // the "bad" choice
	MsgReasonPrompt    = "feedback.reason.prompt"        // after a low score: what went wrong?
	MsgCommentPrompt   = "feedback.comment.prompt"       // anything else to tell us?
	MsgThanks          = "feedback.thanks"               // after the answer
	MsgExpired         = "feedback.expired"              // the survey link has expired
	MsgAnswered        = "feedback.answered"             // the survey was answered already

	// MsgReasonPrefix + a reason code is the label of that reason, such as
	// "feedback.reason.slow". A reason without a label renders as its key.
	MsgReasonPrefix = "feedback.reason."
)

// The built-in low-score reasons (see Options.Reasons), labelled in the
// built-in catalog.
const (
	ReasonSlow       = "slow"       // it took too long
	ReasonNotSolved  = "not_solved" // the problem is not solved
	ReasonUnfriendly = "unfriendly" // the agent was not friendly
	ReasonUnclear    = "unclear"    // the answer was hard to understand
	ReasonOther      = "other"      // something else
)

// DefaultReasons returns the built-in reason codes, in display order. Each
// call returns a new slice.
func DefaultReasons() []string {
	return []string{ReasonSlow, ReasonNotSolved, ReasonUnfriendly, ReasonUnclear, ReasonOther}
}

// builtinMessages returns the built-in texts.
func builtinMessages() l10n.Table {
	return l10n.Table{
		language.English: {
			MsgQuestionCSAT:                    "How satisfied are you with the help you received?",
			MsgQuestionBinary:                  "How would you rate the help you received?",
			MsgQuestionNPS:                     "How likely are you to recommend us to a friend or colleague?",
			MsgQuestionArticle:                 "Was this article helpful?",
			MsgQuestionChat:                    "How satisfied are you with this chat?",
			MsgScaleCSAT:                       "1 = very dissatisfied, 5 = very satisfied",
			MsgScaleNPS:                        "0 = not at all likely, 10 = extremely likely",
			MsgGood:                            "Good, I'm satisfied",
			MsgBad:                             "Bad, I'm unsatisfied",
			MsgReasonPrompt:                    "Sorry to hear that. What went wrong?",
			MsgCommentPrompt:                   "Is there anything else you would like to tell us?",
			MsgThanks:                          "Thank you for your feedback!",
			MsgExpired:                         "This survey has expired. If you still need help, please contact us.",
			MsgAnswered:                        "You have already answered this survey. Thank you!",
			MsgReasonPrefix + ReasonSlow:       "It took too long",
			MsgReasonPrefix + ReasonNotSolved:  "My problem is not solved",
			MsgReasonPrefix + ReasonUnfriendly: "The agent was not friendly",
			MsgReasonPrefix + ReasonUnclear:    "The answer was hard to understand",
			MsgReasonPrefix + ReasonOther:      "Something else",
		},
		language.SimplifiedChinese: {
			MsgQuestionCSAT:                    "您对本次获得的帮助满意吗？",
			MsgQuestionBinary:                  "您如何评价本次获得的帮助？",
			MsgQuestionNPS:                     "您有多大可能向朋友或同事推荐我们？",
			MsgQuestionArticle:                 "这篇文章对您有帮助吗？",
			MsgQuestionChat:                    "您对本次对话满意吗？",
			MsgScaleCSAT:                       "1 = 非常不满意，5 = 非常满意",
			MsgScaleNPS:                        "0 = 完全不可能，10 = 非常可能",
			MsgGood:                            "好，我很满意",
			MsgBad:                             "不好，我不满意",
			MsgReasonPrompt:                    "很抱歉。请问哪里出了问题？",
			MsgCommentPrompt:                   "您还有其他想告诉我们的吗？",
			MsgThanks:                          "感谢您的反馈！",
			MsgExpired:                         "此调查已过期。如果您仍需要帮助，请联系我们。",
			MsgAnswered:                        "您已经回答过此调查，谢谢！",
			MsgReasonPrefix + ReasonSlow:       "等待时间太长",
			MsgReasonPrefix + ReasonNotSolved:  "问题没有解决",
			MsgReasonPrefix + ReasonUnfriendly: "客服态度不友好",
			MsgReasonPrefix + ReasonUnclear:    "回答难以理解",
			MsgReasonPrefix + ReasonOther:      "其他原因",
		},
		language.TraditionalChinese: {
			MsgQuestionCSAT:                    "您對本次獲得的協助滿意嗎？",
			MsgQuestionBinary:                  "您如何評價本次獲得的協助？",
			MsgQuestionNPS:                     "您有多大可能向朋友或同事推薦我們？",
			MsgQuestionArticle:                 "這篇文章對您有幫助嗎？",
			MsgQuestionChat:                    "您對本次對話滿意嗎？",
			MsgScaleCSAT:                       "1 = 非常不滿意，5 = 非常滿意",
			MsgScaleNPS:                        "0 = 完全不可能，10 = 非常可能",
			MsgGood:                            "好，我很滿意",
			MsgBad:                             "不好，我不滿意",
			MsgReasonPrompt:                    "很抱歉。請問哪裡出了問題？",
			MsgCommentPrompt:                   "您還有其他想告訴我們的嗎？",
			MsgThanks:                          "感謝您的意見回饋！",
			MsgExpired:                         "此調查已過期。如果您仍需要協助，請與我們聯絡。",
			MsgAnswered:                        "您已經回答過此調查，謝謝！",
			MsgReasonPrefix + ReasonSlow:       "等候時間太長",
			MsgReasonPrefix + ReasonNotSolved:  "問題沒有解決",
			MsgReasonPrefix + ReasonUnfriendly: "客服態度不友善",
			MsgReasonPrefix + ReasonUnclear:    "回答難以理解",
			MsgReasonPrefix + ReasonOther:      "其他原因",
		},
	}
}

// DefaultCatalog returns a new catalog builder with the built-in feedback
// texts in English (the fallback), Simplified and Traditional Chinese.
// Nothing global is changed: each call builds a new one.
func DefaultCatalog() *catalog.Builder { return l10n.MustCatalog(builtinMessages()) }

// Messages renders survey texts in the language best matching a
// customer's. It is immutable and safe for concurrent use.
type Messages struct{ texts *l10n.Texts }

// NewMessages returns the messages of cat, negotiating among its languages
// with English as the fallback when cat has it. A catalog without languages
// is refused with an error matching l10n.ErrNoLanguages.
func NewMessages(cat catalog.Catalog) (*Messages, error) {
	t, err := l10n.New(cat)
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
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

// Question returns the question of a survey of kind k after trigger t in
// the language best matching lang: an article survey asks whether the
// article helped, a chat survey about the chat.
func (m *Messages) Question(lang language.Tag, k Kind, t Trigger) string {
	switch {
	case k == NPS:
		return m.Text(lang, MsgQuestionNPS)
	case t == TriggerArticle:
		return m.Text(lang, MsgQuestionArticle)
	case k == CSATBinary:
		return m.Text(lang, MsgQuestionBinary)
	case t == TriggerChatEnded:
		return m.Text(lang, MsgQuestionChat)
	}
	return m.Text(lang, MsgQuestionCSAT)
}

// Reason returns the label of reason code in the language best matching
// lang.
func (m *Messages) Reason(lang language.Tag, code string) string {
	return m.Text(lang, MsgReasonPrefix+code)
}

// String describes m's languages, for debugging.
func (m *Messages) String() string {
	return fmt.Sprintf("feedback.Messages%v", m.texts.Languages())
}
