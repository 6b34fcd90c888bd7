// Package faq is a multilingual knowledge base for a payment help center:
// articles with translations, language negotiation, search that finds the
// answer from a customer's own words, suggestions as the customer types,
// helpfulness votes and a way to measure search quality.
//
// # Articles and the knowledge base
//
// An Article has an ID, a category, tags, related articles, a Status and one
// Translation per language.Tag: a title, a Markdown body and alternate
// questions — the ways customers actually ask for it. A KB holds articles and
// the search indexes built from them:
//
//	kb := faq.New(faq.Options{})             // English default, built-in synonyms
//	err := kb.Put(article1, article2)        // validated, all or none
//	res, err := kb.Search(faq.Query{Text: "my card payment was declined twice"})
//
// Builtin returns a KB with the embedded articles (sign-up and email
// verification, failed and delayed payments, locked accounts, refunds and
// disputes, fees, currency conversion, security, account changes, live chat,
// complaints) in English and Simplified Chinese; BuiltinArticles returns them
// for a host that wants to extend or replace some. DecodeArticle and
// LoadArticles read the same JSON format from the host's own files.
//
// A KB is safe for concurrent use. Put and Delete build new indexes and swap
// them in atomically, so searches never wait for an update and never see half
// of one.
//
// # Languages
//
// A search covers the customer's languages in order, each matched with
// language.Matcher among the languages that have published translations
// (zh-TW matches zh-Hant, zh-CN zh-Hans, pt pt-BR), from Query.Languages or
// an Accept-Language header, then fallbacks: the other script of Chinese
// (zh-Hant ↔ zh-Hans; the index folds Traditional and Simplified
// characters), then Options.DefaultLanguage. Fallback is per article: an
// article is found in the first of these languages it is translated into,
// and a hit in any but the first language scores FallbackFactor (0.9) times
// less, so it ranks below an equally good native answer. Each Result says
// its Language.
//
// The query's own script counts too: of those languages only the ones
// written in a script of the query (Latin and other alphabets, Han, kana,
// Hangul, detected in one pass over the text) are searched, so English
// typed by a customer who prefers Japanese searches English, and Chinese
// typed by one who prefers English searches Chinese. Without preferences,
// Chinese, Japanese or Korean text selects its language by script.
// Results.Language is the first language searched; KB.Localized and
// KB.Vote pick the best translation of one article the same way.
//
// # Search
//
// Text is normalized (NFKC, width folding, case folding) and split into
// words; Latin words lose their diacritics, English words are stemmed
// (Porter2) and Romance plurals lightly trimmed. Chinese, Japanese and Korean
// are indexed as character unigrams plus bigrams, so no dictionary is needed
// and one-character queries still match. Synonym groups per language
// (DefaultSynonyms: refund / money back, 退款 / 退钱, ...) are rewritten to one
// form on both sides. A query word of five letters or more that the index
// does not know is corrected to the most frequent indexed word within edit
// distance 1 (2 from eight letters).
//
// Chinese is matched as customers type it: Traditional and Simplified
// characters fold into each other (OpenCC's character tables, with the Hong
// Kong and Taiwan variants), so a customer typing 帳戶 finds an article that
// says 账户; and a character pair the index does not know is replaced by the
// indexed pair with the same toneless pinyin, so the commonest input-method
// error, a wrong character with the right sound (退宽 for 退款), still
// matches, while exact pairs are never replaced. The tables are generated
// data (go generate ./faq; faq/internal/zhgen records the npm packages
// opencc-js and pinyin, their versions and licences).
//
// Ranking blends three signals. BM25F scores the title (and tags), the
// alternate questions and the body with field weights. A linear classifier
// (averaged passive-aggressive over word, word-pair and in-word character
// n-gram features), trained when the index is built on the alternate
// questions, titles, tags and bodies as labeled examples, scores how much the
// query looks like the ways customers ask for each article; articles with few
// or no alternate questions still rank by their text. When articles have many
// alternate questions (20 or more on average), the two best candidates are
// re-ranked by their single closest question (BM25 over individual
// questions). Training is pure Go, deterministic (a fixed seed) and takes
// about a second for 10,000 questions. The classifier is trained when it has
// something to learn — at least three labeled examples per article on
// average, and at most 4,096 articles per language — and otherwise the
// index ranks by BM25F: with one question per article it learns nothing the
// text match does not know (measured: it lowered top-1 on 10,003
// single-question entries). Up to 256 articles its weights are dense rows;
// beyond, only the weights training set are kept, per article.
//
// The cost of a query does not grow with the number of articles. An index
// of up to 512 articles scores them all; a larger one takes candidates from
// its inverted index — the postings of the query's rarer terms in full, the
// 32 best documents by that partial score, the commoner terms added for
// those only (common terms keep a dense weight vector, one load per
// candidate) — and the classifier scores only the candidates. Median query
// on this project's 2-core machine, single-question entries: 5 µs at 100
// articles, 21 µs at 10,003 (Bleve: 251 µs), 45–75 µs at 100,000.
// Result.Score lies in [0, 1] and
// compares across queries: a host can offer live chat when the best score is
// low. Results carry a Snippet with the matched words marked: Snippet.HTML
// renders it as safe HTML (the text escaped part by part, matches in
// <mark>), Snippet.Parts gives the parts for other markup. Query.Categories
// filters by category.
//
// Suggest completes partly typed text with titles and alternate questions.
// Search and Suggest work in memory, never block and do no I/O, so they take
// no context; Evaluate, which runs many queries, does.
//
// Queries longer than MaxQueryBytes, invalid UTF-8 and empty text get a
// *QueryError; only the first 64 tokens of a query are used, so every search
// takes bounded time.
//
// # Votes
//
// Vote records "was this helpful?" per article, voter and language: the
// language is negotiated from the customer's preferences like Localized, and
// each voter counts once per article (voting again replaces the ballot).
// Ballots and RestoreVotes let the host persist the ballots; VoteCounts gives
// the tallies per article and language; Options.VotePrior turns them into a
// mild ranking prior.
//
// # Concurrency
//
// A KB is safe for concurrent use: any number of goroutines may Search,
// Suggest, Vote and Evaluate while others Put, Delete or Rebuild. Searches
// never wait for writers: they read an immutable snapshot that a writer
// replaces atomically.
//
// # Updates
//
// Put and Delete rebuild the indexes of the languages they touch — unless
// they change at most 64 translations of an index of more than 512
// articles, which is updated incrementally instead: the new snapshot shares
// everything unchanged with the old one and copies only the posting lists of
// the words the changed articles contain, so one article in a
// 10,000-article KB is searchable in milliseconds. Until the host calls
// Rebuild (an explicit call it schedules: the package starts no goroutine),
// an incrementally updated index keeps the other words' weights, typo
// corrections, suggestions and learned model of its last full build; new
// articles rank by their text match alone. Stale reports how many
// translations changed since. Everything else is
// a plain value: Article, Translation, Query, SuggestQuery, LabeledQuery,
// Results, Result, Span, Suggestion, Evaluation and VoteCount are safe to read
// from many goroutines but not to modify while others read them; the KB
// copies what it keeps and returns values the caller owns. The error types
// (*QueryError, *ArticleError, *NotFoundError) are not modified once
// returned, so they are safe for concurrent use.
//
// # Measuring
//
// KB.Evaluate runs labeled queries and reports top-1, top-3, MRR and latency
// percentiles — how a support team measures its knowledge base. The command
// examples/faqeval does the same for CSV files. On the BANKING77 training
// split (77 intents, 5-fold cross-validation) the search reaches 0.913 top-1
// where Bleve's BM25 reaches 0.81; the benchmarks module compares the two.
package faq
