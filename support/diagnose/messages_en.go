package diagnose

// englishTexts returns the built-in English texts. Arguments: %[1]s code,
// %[2]s expected by, %[3]s worry after, %[4]s wait, %[5]s reference.
func englishTexts() map[string]string {
	m := map[string]string{
		MsgRetryNever:          "Trying this card again will not help.",
		MsgRetryAfterFix:       "You can try again once this is fixed.",
		MsgRetryLater:          "You can try again in %[4]s.",
		MsgRetryNow:            "You can try again now.",
		MsgTimeLayout:          "Mon 2 Jan 2006 15:04 MST",
		MsgWaitMinutes:         "%[1]d minutes",
		MsgWaitHour:            "an hour",
		MsgWaitHours:           "%[1]d hours",
		MsgWaitDay:             "a day",
		MsgWaitDays:            "%[1]d days",
		MsgUnauthorizedSubject: "Payment I did not make: %[5]s",
		MsgUnauthorizedBody:    "I did not make the payment %[5]s.",
	}
	return addCauses(m, map[Cause]causeTexts{
		// Declines.
		CauseDeclined: {
			"Your bank declined this payment without giving us a reason.",
			"Use another card or payment method, or call the number on the back of your card to ask your bank why.",
			"Decline code %[1]s: the issuer declined without a specific reason. Retrying the same card rarely works; suggest another method or that the customer calls the bank."},
		CauseInsufficientFunds: {
			"The card does not have enough money or credit for this payment.",
			"Add money to the account or use another card, then try again.",
			"Decline code %[1]s: insufficient funds or credit on the card. The customer can top up or pay with another method."},
		CauseCardLimit: {
			"This payment goes over a spending or withdrawal limit set on your card.",
			"Try a smaller amount, wait for the limit to reset, or ask your bank to raise it.",
			"Decline code %[1]s: a card limit (amount or number of payments) was exceeded. Limits usually reset within a day; the bank can raise them."},
		CauseWrongNumber: {
			"The card number is not correct.",
			"Check the card number, enter it again and retry.",
			"Decline code %[1]s: the card number is wrong or not valid. Ask the customer to re-enter it; do not ask for the number in chat."},
		CauseWrongCVC: {
			"The security code (the 3 or 4 digits on the card) is not correct.",
			"Check the security code on your card and try again.",
			"Decline code %[1]s: the CVC is wrong. Ask the customer to re-enter it; never ask for the code itself."},
		CauseWrongExpiry: {
			"The card's expiry date is not correct.",
			"Check the month and year printed on your card and try again.",
			"Decline code %[1]s: the expiry month or year is wrong."},
		CauseExpiredCard: {
			"This card has expired.",
			"Use your new card or another payment method.",
			"Decline code %[1]s: the card is expired. The customer needs to add the replacement card."},
		CauseWrongPostcode: {
			"The billing postcode does not match the one your bank has.",
			"Enter the postcode of your card's billing address and try again.",
			"Decline code %[1]s: the postal code check failed."},
		CauseWrongPIN: {
			"The PIN was not correct.",
			"Try again with the correct PIN. Several wrong tries will block the PIN.",
			"Decline code %[1]s: wrong PIN."},
		CausePINTriesExceeded: {
			"The PIN was entered wrong too many times, so your bank has blocked it.",
			"Contact your bank to unblock your PIN, or use another card.",
			"Decline code %[1]s: PIN tries exceeded. Only the issuer can unblock it."},
		CausePINRequired: {
			"Your bank needs you to confirm this payment with your card and PIN.",
			"Pay again with the card inserted in the terminal and enter your PIN.",
			"Decline code %[1]s: the issuer requires a PIN (chip and PIN) for this payment."},
		CauseAuthentication: {
			"Your bank needs you to confirm this payment, for example in your banking app or with a code.",
			"Try again and complete the confirmation step from your bank.",
			"Decline code %[1]s: authentication (3-D Secure) is required. The customer must retry on-session and complete it."},
		CauseNotSupported: {
			"This card cannot be used for this kind of payment.",
			"Use another card or payment method, or ask your bank to enable this type of payment.",
			"Decline code %[1]s: the card does not allow this type of transaction (card type, merchant category or online use)."},
		CauseCurrencyNotSupported: {
			"This card cannot pay in this currency.",
			"Use another card, or pay in a currency your card supports.",
			"Decline code %[1]s: the card does not support the payment's currency."},
		CauseAccountInvalid: {
			"This card or the account behind it is no longer valid, for example because it was replaced.",
			"Add your current card and try again.",
			"Decline code %[1]s: the card or account is closed or its details changed. The customer needs to update the card."},
		CauseInvalidAmount: {
			"The amount is not allowed for this card or payment.",
			"Check the amount; if it is correct, ask your bank or try another method.",
			"Decline code %[1]s: the amount is invalid or over what the issuer allows."},
		CauseDuplicate: {
			"A payment with the same amount and details was just made, so this one was stopped as a possible duplicate.",
			"Check your recent payments before paying again.",
			"Decline code %[1]s: duplicate transaction. Check whether the first payment went through before the customer retries."},
		CauseStoppedByCardholder: {
			"Your bank stopped this payment because payments to this merchant were cancelled on your card.",
			"If you want to pay, contact your bank to lift the stop, or use another method.",
			"Decline code %[1]s: the cardholder revoked authorization or placed a stop-payment order. Do not retry recurring charges."},
		CauseProcessingError: {
			"Something went wrong while processing the payment. You were not charged.",
			"Please try again.",
			"Decline code %[1]s: a processing error. A retry usually succeeds; if it repeats, check for an incident."},
		CauseIssuerUnavailable: {
			"We could not reach your bank to approve the payment.",
			"Please try again a little later.",
			"Decline code %[1]s: the issuer was unavailable or asked to retry. Suggest a retry after the wait."},
		CauseTestCard: {
			"This is a test card and cannot be used for real payments.",
			"Use a real card.",
			"Decline code %[1]s: a test card number was used in live mode."},
		CauseSuspectedFraud: {agent: "Decline code %[1]s: the payment was flagged as likely fraud. Do not tell the customer; they were shown a generic decline. Review the account for takeover before helping further."},
		CauseLostOrStolen:   {agent: "Decline code %[1]s: the card is reported lost or stolen. Do not tell the customer; they were shown a generic decline. Check the customer's identity; follow the account-takeover procedure."},
		CausePickupCard:     {agent: "Decline code %[1]s: the issuer asks to retain the card (possibly lost or stolen). Do not tell the customer; they were shown a generic decline."},
		CauseRestrictedCard: {agent: "Decline code %[1]s: the card is restricted by the issuer (possibly lost or stolen). Do not tell the customer; they were shown a generic decline."},
		CauseBlocklisted:    {agent: "Decline code %[1]s: the payment matched a block list. Do not tell the customer; they were shown a generic decline. Escalate to the risk team."},
		CauseUnknownDecline: {agent: "Decline code %[1]s is not in the decline table. The customer was shown a generic decline; check the processor's documentation and add a rule."},

		// Locks.
		CauseTooManyAttempts: {
			"Your account is locked for now because of too many sign-in attempts with a wrong password or code.",
			"Wait %[4]s and sign in again, or reset your password now to unlock it.",
			"Locked after too many failed sign-ins (%[1]s). It lifts by itself after %[4]s; a password reset unlocks it at once. If the customer did not try, treat it as a takeover attempt."},
		CauseVerificationNeeded: {
			"We need to verify your identity before you can use your account fully.",
			"Open the app and complete the identity check; it takes a few minutes.",
			"Limited until identity verification (%[1]s) is completed. The customer can do it in the app."},
		CauseDocumentsExpired: {
			"The identity document we have on file has expired.",
			"Upload a valid identity document in the app to lift the limit.",
			"Limited because the identity document on file expired (%[1]s). A new document lifts it once verified."},
		CauseSuspiciousActivity: {
			"We noticed unusual activity and secured your account to protect your money.",
			"Confirm your identity in the app and change your password. If you did not recognize the activity, tell us.",
			"Secured after suspicious activity (%[1]s). The customer unlocks it with an identity check; ask whether they recognize the recent sign-ins and payments."},
		CauseLimitReached: {
			"Your account has reached one of its limits, so some payments are paused.",
			"Wait for the limit to reset, or verify your identity to raise it.",
			"An account limit was reached (%[1]s). Verification raises it."},
		CauseTwoStepLost: {
			"You can't sign in because you no longer have your second sign-in step (phone or authenticator).",
			"Complete the identity check; an agent will then reset your two-step verification.",
			"The customer lost their two-step device (%[1]s). After a successful identity check, reset the second factor."},
		CauseNegativeBalance: {
			"Your balance is below zero, usually because a payment you received was reversed.",
			"Add money to bring your balance back to zero.",
			"Limited because of a negative balance (%[1]s), typically after a reversal or chargeback."},
		CauseAccountReview: {
			"Your account is under review, so some features are paused.",
			"An agent will contact you. You do not need to do anything now.",
			"Account under review."},
		CauseComplianceReview: {agent: "Locked for a compliance or legal review (%[1]s). Do not tell the customer why: they were told their account is under review. Route to the compliance team."},
		CauseUnknownLock:      {agent: "Lock reason %[1]s is not in the lock table. The customer was told their account is under review; find out why it was locked."},

		// Delays.
		CauseDelayWithin: {
			"Your payment is on its way and still within the usual time. It normally arrives by %[2]s.",
			"No action is needed yet. If it has not arrived by %[3]s, contact us.",
			"Within the normal window: expected by %[2]s, worry after %[3]s. Reassure the customer; nothing to trace yet."},
		CauseDelaySlow: {
			"Your payment is taking longer than usual, but some payments do.",
			"Please wait until %[3]s. If it has not arrived by then, contact us and we will trace it.",
			"Past the expected time (%[2]s) but before the worry point (%[3]s). Check the status; trace only if it is stuck."},
		CauseDelayOverdue: {
			"Your payment should have arrived by now.",
			"Contact us with the payment reference so we can trace it with the banks.",
			"Overdue: it should have arrived by %[3]s. Trace the payment with the network and the receiving bank."},
		CauseDelayUnknown: {
			"We cannot tell how long this payment normally takes.",
			"Contact us with the payment reference and we will check it for you.",
			"No delivery window is known for this method and route. Check the payment's status by hand."},

		// Reports of unrecognized payments.
		CauseUnauthorized: {
			"Thank you for telling us about the payment %[5]s. Our security team is treating it as urgent.",
			"Freeze your card in the app now and change your password. Never share codes we send you. We will contact you shortly.",
			"The customer reports %[5]s as not made by them. Check for account takeover and card compromise; block the card if needed; start a dispute if the payment is unauthorized."},
	})
}
