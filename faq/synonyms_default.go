package faq

import "golang.org/x/text/language"

// DefaultSynonyms returns the synonym groups the KB uses unless Options says
// otherwise: common ways customers of a payment app name the same thing, in
// English and Simplified Chinese. The first phrase of a group is its
// canonical form. The result is a fresh map the caller may modify.
func DefaultSynonyms() map[language.Tag][][]string {
	return map[language.Tag][][]string{
		language.English: {
			{"refund", "money back", "reimburse", "reimbursement", "repayment"},
			{"atm", "cash machine", "cashpoint", "cash point"},
			{"2fa", "two factor", "two-factor", "2 step", "two step", "two-step", "2-step", "mfa"},
			{"top up", "topup", "top-up", "reload"},
			{"otp", "one time code", "one-time code", "one time password", "one-time password"},
			{"phishing", "scam", "fraudulent email", "fake email"},
			{"complaint", "grievance"},
			{"live chat", "human agent", "real person", "live agent", "live person"},
			{"exchange rate", "fx rate", "conversion rate"},
			{"password", "passcode"},
			{"email", "e-mail"},
			{"locked", "frozen", "blocked", "suspended"},
		},
		language.Chinese: {
			{"退款", "退钱", "退费", "返还"},
			{"手续费", "服务费"},
			{"汇率", "兑换率", "换汇率"},
			{"账户", "账号", "帐户", "帐号"},
			{"验证码", "校验码", "动态码"},
			{"冻结", "锁定", "封号", "封禁"},
			{"人工客服", "在线客服", "真人客服"},
			{"两步验证", "双重验证", "二次验证", "双因素认证"},
			{"钓鱼", "诈骗"},
			{"充值", "充钱", "加钱"},
			{"投诉", "申诉"},
			{"银行卡", "卡片"},
		},
	}
}
