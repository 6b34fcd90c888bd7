package cases

import (
	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/l10n"
)

// Message keys of the complaint texts. MsgComplaintNextPrefix + a stage's
// name is what happens next at that stage, for the customer: %[1]s the
// stage's target, %[2]s the final answer's deadline, %[3]s the reason given
// with the last move (the proposed resolution, the reason of a rejection).
// MsgComplaintStagePrefix + a stage's name names the stage.
const (
	MsgComplaintTitle       = "cases.complaint.title" // %[1]s ticket, %[2]s stage name
	MsgComplaintNextPrefix  = "cases.complaint.next."
	MsgComplaintStagePrefix = "cases.complaint.stage."
)

// complaintTexts returns the built-in complaint texts.
func complaintTexts() l10n.Table {
	next, stage := MsgComplaintNextPrefix, MsgComplaintStagePrefix
	return l10n.Table{
		language.English: {
			MsgComplaintTitle:             "Your complaint %[1]s: %[2]s",
			stage + "received":            "received",
			stage + "verifying":           "checking the facts",
			stage + "investigating":       "under investigation",
			stage + "resolution_proposed": "resolution proposed",
			stage + "resolved":            "resolved",
			stage + "rejected":            "not upheld",
			next + "received":             "We received your complaint. We will confirm the next steps by %[1]s, and you will have our final answer by %[2]s at the latest.",
			next + "verifying":            "We are checking the facts of your complaint and will update you by %[1]s. Final answer by %[2]s at the latest.",
			next + "investigating":        "We are investigating your complaint and will propose a resolution by %[1]s. Final answer by %[2]s at the latest.",
			next + "resolution_proposed":  "We propose: %[3]s. Please accept it, or tell us why you disagree, by %[1]s.",
			next + "resolved":             "Your complaint is resolved. Thank you for your patience.",
			next + "rejected":             "We could not uphold your complaint: %[3]s. If you disagree, you may refer it to the financial ombudsman or your payment regulator.",
		},
		language.SimplifiedChinese: {
			MsgComplaintTitle:             "您的投诉 %[1]s：%[2]s",
			stage + "received":            "已受理",
			stage + "verifying":           "核实中",
			stage + "investigating":       "调查中",
			stage + "resolution_proposed": "已提出解决方案",
			stage + "resolved":            "已解决",
			stage + "rejected":            "未予支持",
			next + "received":             "我们已收到您的投诉，将在 %[1]s 前确认后续步骤，并最迟于 %[2]s 给出最终答复。",
			next + "verifying":            "我们正在核实您投诉的情况，将在 %[1]s 前告知进展，最迟于 %[2]s 给出最终答复。",
			next + "investigating":        "我们正在调查您的投诉，将在 %[1]s 前提出解决方案，最迟于 %[2]s 给出最终答复。",
			next + "resolution_proposed":  "我们的解决方案：%[3]s。请在 %[1]s 前接受，或告诉我们您不同意的理由。",
			next + "resolved":             "您的投诉已解决，感谢您的耐心。",
			next + "rejected":             "我们未能支持您的投诉：%[3]s。如您不同意，可向金融纠纷调解机构或支付监管机构反映。",
		},
		language.TraditionalChinese: {
			MsgComplaintTitle:             "您的投訴 %[1]s：%[2]s",
			stage + "received":            "已受理",
			stage + "verifying":           "核實中",
			stage + "investigating":       "調查中",
			stage + "resolution_proposed": "已提出解決方案",
			stage + "resolved":            "已解決",
			stage + "rejected":            "未予支持",
			next + "received":             "我們已收到您的投訴，將在 %[1]s 前確認後續步驟，並最遲於 %[2]s 給出最終答覆。",
			next + "verifying":            "我們正在核實您投訴的情況，將在 %[1]s 前告知進展，最遲於 %[2]s 給出最終答覆。",
			next + "investigating":        "我們正在調查您的投訴，將在 %[1]s 前提出解決方案，最遲於 %[2]s 給出最終答覆。",
			next + "resolution_proposed":  "我們的解決方案：%[3]s。請在 %[1]s 前接受，或告訴我們您不同意的理由。",
			next + "resolved":             "您的投訴已解決，感謝您的耐心。",
			next + "rejected":             "我們未能支持您的投訴：%[3]s。如您不同意，可向金融糾紛調解機構或支付監管機構反映。",
		},
	}
}
