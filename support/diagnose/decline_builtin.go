package diagnose

import "time"

// BuiltinDeclines returns the built-in decline rules, a new slice on each
// call, sorted by code. They cover the card decline codes as Stripe names
// them (which follow the card networks' reasons), plus card_declined, the
// error code a processor sends without a more specific one.
//
// fraudulent, lost_card, stolen_card, pickup_card, restricted_card and
// merchant_blacklist are sensitive: telling a customer that a payment was
// flagged as fraud, or that a card is reported stolen, helps whoever is
// misusing the card, so the customer gets the generic decline and only the
// agent sees the cause. The advice for these is never to retry.
func BuiltinDeclines() []DeclineRule {
	const (
		declined     = "card-payment-declined"
		balance      = "insufficient-balance"
		details      = "wrong-card-details"
		threeDS      = "three-d-secure-failed"
		notSupported = "card-not-supported"
		lostStolen   = "card-lost-stolen"
		unrecognized = "unrecognized-transaction"
		pending      = "payment-pending"
		limits       = "account-limits"
	)
	later := func(code string, c Cause, wait time.Duration) DeclineRule {
		return DeclineRule{Code: code, Cause: c, Retry: RetryLater, Wait: wait, Article: declined}
	}
	return []DeclineRule{
		later("approve_with_id", CauseIssuerUnavailable, 15*time.Minute),
		{Code: "authentication_required", Cause: CauseAuthentication, Retry: RetryAfterFix, Article: threeDS},
		{Code: "call_issuer", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "card_declined", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "card_not_supported", Cause: CauseNotSupported, Retry: RetryNever, Article: notSupported},
		later("card_velocity_exceeded", CauseCardLimit, 24*time.Hour),
		{Code: "currency_not_supported", Cause: CauseCurrencyNotSupported, Retry: RetryNever, Article: notSupported},
		{Code: "do_not_honor", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "do_not_try_again", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "duplicate_transaction", Cause: CauseDuplicate, Retry: RetryNever, Article: pending},
		{Code: "expired_card", Cause: CauseExpiredCard, Retry: RetryAfterFix, Article: details},
		{Code: "fraudulent", Cause: CauseSuspectedFraud, Retry: RetryNever, Sensitive: true, Article: unrecognized},
		{Code: "generic_decline", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "incorrect_cvc", Cause: CauseWrongCVC, Retry: RetryAfterFix, Article: details},
		{Code: "incorrect_number", Cause: CauseWrongNumber, Retry: RetryAfterFix, Article: details},
		{Code: "incorrect_pin", Cause: CauseWrongPIN, Retry: RetryAfterFix, Article: details},
		{Code: "incorrect_zip", Cause: CauseWrongPostcode, Retry: RetryAfterFix, Article: details},
		{Code: "insufficient_funds", Cause: CauseInsufficientFunds, Retry: RetryAfterFix, Article: balance},
		{Code: "invalid_account", Cause: CauseAccountInvalid, Retry: RetryNever, Article: details},
		{Code: "invalid_amount", Cause: CauseInvalidAmount, Retry: RetryAfterFix, Article: limits},
		{Code: "invalid_cvc", Cause: CauseWrongCVC, Retry: RetryAfterFix, Article: details},
		{Code: "invalid_expiry_month", Cause: CauseWrongExpiry, Retry: RetryAfterFix, Article: details},
		{Code: "invalid_expiry_year", Cause: CauseWrongExpiry, Retry: RetryAfterFix, Article: details},
		{Code: "invalid_number", Cause: CauseWrongNumber, Retry: RetryAfterFix, Article: details},
		{Code: "invalid_pin", Cause: CauseWrongPIN, Retry: RetryAfterFix, Article: details},
		later("issuer_not_available", CauseIssuerUnavailable, 15*time.Minute),
		{Code: "lost_card", Cause: CauseLostOrStolen, Retry: RetryNever, Sensitive: true, Article: lostStolen},
		{Code: "merchant_blacklist", Cause: CauseBlocklisted, Retry: RetryNever, Sensitive: true, Article: declined},
		{Code: "new_account_information_available", Cause: CauseAccountInvalid, Retry: RetryAfterFix, Article: details},
		{Code: "no_action_taken", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "not_permitted", Cause: CauseNotSupported, Retry: RetryNever, Article: notSupported},
		{Code: "offline_pin_required", Cause: CausePINRequired, Retry: RetryAfterFix, Article: declined},
		{Code: "online_or_offline_pin_required", Cause: CausePINRequired, Retry: RetryAfterFix, Article: declined},
		{Code: "pickup_card", Cause: CausePickupCard, Retry: RetryNever, Sensitive: true, Article: lostStolen},
		{Code: "pin_try_exceeded", Cause: CausePINTriesExceeded, Retry: RetryNever, Article: details},
		{Code: "processing_error", Cause: CauseProcessingError, Retry: RetryNow, Article: declined},
		{Code: "reenter_transaction", Cause: CauseProcessingError, Retry: RetryNow, Article: declined},
		{Code: "restricted_card", Cause: CauseRestrictedCard, Retry: RetryNever, Sensitive: true, Article: declined},
		{Code: "revocation_of_all_authorizations", Cause: CauseStoppedByCardholder, Retry: RetryNever, Article: declined},
		{Code: "revocation_of_authorization", Cause: CauseStoppedByCardholder, Retry: RetryNever, Article: declined},
		{Code: "security_violation", Cause: CauseDeclined, Retry: RetryNever, Article: declined},
		{Code: "service_not_allowed", Cause: CauseNotSupported, Retry: RetryNever, Article: notSupported},
		{Code: "stolen_card", Cause: CauseLostOrStolen, Retry: RetryNever, Sensitive: true, Article: lostStolen},
		{Code: "stop_payment_order", Cause: CauseStoppedByCardholder, Retry: RetryNever, Article: declined},
		{Code: "testmode_decline", Cause: CauseTestCard, Retry: RetryAfterFix, Article: details},
		{Code: "transaction_not_allowed", Cause: CauseNotSupported, Retry: RetryNever, Article: notSupported},
		later("try_again_later", CauseIssuerUnavailable, time.Hour),
		later("withdrawal_count_limit_exceeded", CauseCardLimit, 24*time.Hour),
	}
}
