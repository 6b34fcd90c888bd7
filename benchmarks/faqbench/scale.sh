#!/bin/sh
# Measures the cost curve of FAQ search, paydesk beside Bleve v2.6.3, as
# whole processes (build included): examples/faqeval -per-row and bleveeval
# on the same single-question knowledge bases of 100 to 100,000 entries
# built from BANKING77 (see faqbench.ScaleSet), the 2,001 held-out queries.
# Prints a Markdown table: median query, wall time of the whole process
# (build + queries), peak resident memory.
#
#	cd benchmarks && sh faqbench/scale.sh [SIZES...]
set -eu
cd "$(dirname "$0")/.."
sizes=${*:-100 1000 10003 100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/faqeval" ../examples/faqeval
go build -o "$tmp/bleveeval" ./faqbench/cmd/bleveeval
echo "| entries | system | top-1 | median query | build + queries (wall) | peak memory |"
echo "|---:|---|---:|---:|---:|---:|"
for n in $sizes; do
	go run ./faqbench/cmd/scaledata -n "$n" -dir "$tmp" -data faqbench/$(grep -o '"[^"]*train.csv"' faqbench/faqbench.go | tr -d '"')
	for sys in faqeval bleveeval; do
		flag=""
		[ "$sys" = faqeval ] && flag="-per-row"
		/usr/bin/time -f "%e %M" -o "$tmp/time" "$tmp/$sys" -kb "$tmp/kb-$n.csv" -queries "$tmp/queries.csv" $flag > "$tmp/out"
		line=$(tail -1 "$tmp/out")
		top1=$(echo "$line" | sed 's/.*top1=\([0-9.]*\).*/\1/')
		p50=$(echo "$line" | sed 's/.*p50_us=\([0-9.]*\).*/\1/')
		read -r wall rss < "$tmp/time"
		name=paydesk
		[ "$sys" = bleveeval ] && name="Bleve v2.6.3"
		echo "| $n | $name | $top1 | $p50 µs | $wall s | $((rss / 1024)) MB |"
	done
done
