module github.com/paydesk/paydesk

go 1.26.0

require github.com/shopspring/decimal v1.4.0
