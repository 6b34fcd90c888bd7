package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/paydesk/paydesk/support"
	"github.com/paydesk/paydesk/support/chat"
)

// statSamples is how many recent handling times a ChatStore averages.
const statSamples = 50

// ChatStore is an in-memory chat.Store: the live-chat routing state of one
// process (agents, the queue, who holds which chat, read receipts and recent
// handling times). The zero ChatStore is not usable; call NewChat. A
// ChatStore is safe for concurrent use: every method runs under one lock, so
// each is atomic.
//
// Routing costs do not grow with the number of agents or waiting chats:
//
//   - Online agents with room are kept per skill set (agents with the same
//     languages, categories and groups), each set ordered by
//     chat.CompareAgents. AssignBest checks each skill set once and takes the
//     best of their first agents (skipping those who declined the chat):
//     its cost grows with the number of distinct skill sets, not of agents.
//   - Waiting chats are kept per pool (base language, group and category;
//     chats reserved for an agent apart, per agent), each ordered by
//     chat.CompareWaiting. TakeNext compares the first chat of every pool
//     the agent serves and of the agent's reserved chats (skipping chats the
//     agent declined): its cost grows with the number of pools, not of
//     chats.
//   - Each line (chat.SameLine) is also an order-statistic tree, so Position
//     is a search of O(log n) steps.
//
// Enqueue, Dequeue and assignments take O(log n) steps.
type ChatStore struct {
	mu       sync.RWMutex
	agents   map[string]*agentRec
	profiles map[string]*profile // by skillSet.key
	profList []*profile          // the profiles with agents that have room
	waiting  map[support.ID]*waitRec
	lines    map[lineKey]*tree[*waitRec]
	pools    map[poolKey]*pool
	poolList []*pool                    // the non-empty pools
	reserved map[string]*tree[*waitRec] // reserved chats, by agent
	held     map[support.ID]holding
	receipts map[support.ID][]chat.Receipt // ordered by reader
	handle   [statSamples]time.Duration    // a ring of the recent handling times
	nHandle  int                           // samples in handle
	next     int                           // the ring's next slot
	free     []*waitRec                    // records to reuse
	rnd      uint64                        // xorshift state for tree priorities
}

var _ chat.Store = (*ChatStore)(nil)

// NewChat returns an empty ChatStore.
func NewChat() *ChatStore {
	return &ChatStore{
		agents:   make(map[string]*agentRec),
		profiles: make(map[string]*profile),
		waiting:  make(map[support.ID]*waitRec),
		lines:    make(map[lineKey]*tree[*waitRec]),
		pools:    make(map[poolKey]*pool),
		reserved: make(map[string]*tree[*waitRec]),
		held:     make(map[support.ID]holding),
		receipts: make(map[support.ID][]chat.Receipt),
		rnd:      0x9e3779b97f4a7c15,
	}
}

// skillSet is an agent's skills in the form routing checks: base
// languages, categories and groups, sorted and without duplicates.
type skillSet struct {
	bases  []language.Base
	cats   []support.Category
	groups []string
	key    string // identifies the set
}

func newSkillSet(s *chat.Skills) skillSet {
	var ss skillSet
	for _, t := range s.Languages {
		b, _ := t.Base()
		ss.bases = append(ss.bases, b)
	}
	slices.SortFunc(ss.bases, func(a, b language.Base) int { return strings.Compare(a.String(), b.String()) })
	ss.bases = slices.Compact(ss.bases)
	ss.cats = slices.Compact(slices.Sorted(slices.Values(s.Categories)))
	ss.groups = slices.Compact(slices.Sorted(slices.Values(s.Groups)))
	var k []byte
	for _, b := range ss.bases {
		k = strconv.AppendQuote(k, b.String())
	}
	k = append(k, '|')
	for _, c := range ss.cats {
		k = strconv.AppendQuote(k, string(c))
	}
	k = append(k, '|')
	for _, g := range ss.groups {
		k = strconv.AppendQuote(k, g)
	}
	ss.key = string(k)
	return ss
}

// serves reports whether the skills cover the chats of pool p, as
// chat.Skills.Serves does for their Need.
func (ss *skillSet) serves(p poolKey) bool {
	if p.group != "" && !slices.Contains(ss.groups, p.group) {
		return false
	}
	if len(ss.bases) > 0 && !p.und && !slices.Contains(ss.bases, p.base) {
		return false
	}
	return len(ss.cats) == 0 || p.cat == "" || slices.Contains(ss.cats, p.cat)
}

// profile is the agents of one skill set, with those that have room
// ordered by chat.CompareAgents.
type profile struct {
	skillSet
	members int             // agents with these skills
	online  chat.Capacity   // of the online members
	avail   tree[*agentRec] // the online agents with room
	idx     int             // in profList, -1 when avail is empty
}

// agentRec is a stored agent.
type agentRec struct {
	a    chat.Agent // Skills and Chats are the store's own
	prof *profile
	n    node[*agentRec] // in prof.avail when a.HasRoom()
	in   bool            // n is in prof.avail
}

func compareAgentRecs(a, b *agentRec) int { return chat.CompareAgents(&a.a, &b.a) }

// lineKey identifies a line of the queue as chat.SameLine draws them.
type lineKey struct {
	base  language.Base
	group string
}

// poolKey identifies the waiting chats that exactly the same agents serve
// (chat.Skills.Serves): those of one base language (or language.Und, which
// every agent serves), group and category.
type poolKey struct {
	und   bool
	base  language.Base
	group string
	cat   support.Category
}

func keysOf(n chat.Need) (lineKey, poolKey) {
	b, _ := n.Language.Base()
	return lineKey{base: b, group: n.Group}, poolKey{und: n.Language == language.Und, base: b, group: n.Group, cat: n.Category}
}

// pool is the unreserved waiting chats of one poolKey.
type pool struct {
	key poolKey
	q   tree[*waitRec]
	idx int // in poolList
}

// waitRec is a waiting chat. It is in its line, and in its pool or (when
// reserved) in its agent's reserved chats.
type waitRec struct {
	w     chat.Waiting // Declined is the store's own
	line  *tree[*waitRec]
	pool  *pool           // nil when reserved
	res   *tree[*waitRec] // the reserved chats of w.Agent, when reserved
	ln    node[*waitRec]  // in line
	qn    node[*waitRec]  // in pool.q or res
	lineK lineKey
}

func compareWaitRecs(a, b *waitRec) int { return chat.CompareWaiting(&a.w, &b.w) }

func (r *waitRec) declined(agent string) bool { return slices.Contains(r.w.Declined, agent) }

// holding is a chat assigned to an agent.
type holding struct {
	agent *agentRec
	at    time.Time
}

// pri returns the next tree priority (xorshift64).
func (s *ChatStore) pri() uint32 {
	x := s.rnd
	x ^= x << 13
	x ^= x >> 7
	x ^= x << 17
	s.rnd = x
	return uint32(x >> 32)
}

func unknownAgent(id string) error {
	return &chat.AgentError{Agent: id, Reason: chat.ErrUnknownAgent}
}

func notWaiting(ticket support.ID) error {
	return fmt.Errorf("memstore: chat %q: %w", string(ticket), chat.ErrNotWaiting)
}

// cloneAgent returns a copy of a that shares no slice with it.
func cloneAgent(a *chat.Agent) chat.Agent {
	c := *a
	c.Skills.Languages = slices.Clone(a.Skills.Languages)
	c.Skills.Categories = slices.Clone(a.Skills.Categories)
	c.Skills.Groups = slices.Clone(a.Skills.Groups)
	c.Chats = slices.Clone(a.Chats)
	return c
}

// cloneWaiting returns a copy of w that shares no slice with it.
func cloneWaiting(w *chat.Waiting) chat.Waiting {
	c := *w
	c.Declined = slices.Clone(w.Declined)
	return c
}

// changeAgent takes r out of its skill set's order, calls f to change it,
// and puts it back where it now belongs.
func (s *ChatStore) changeAgent(r *agentRec, f func()) {
	r.count(-1)
	defer r.count(1)
	if r.in {
		p := r.prof
		p.avail.remove(&r.n)
		r.in = false
		if p.avail.len() == 0 {
			s.dropProfile(p)
		}
	}
	f()
	if r.a.HasRoom() {
		p := r.prof
		if p.avail.len() == 0 {
			p.idx = len(s.profList)
			s.profList = append(s.profList, p)
		}
		p.avail.insert(&r.n, s.pri())
		r.in = true
	}
}

// count adds r, when online, to its profile's capacity (sign 1) or takes
// it out (sign -1).
func (r *agentRec) count(sign int) {
	if r.prof == nil || r.a.Presence != chat.Online {
		return
	}
	c := &r.prof.online
	c.Agents += sign
	c.Slots += sign * r.a.Capacity
	c.Free += sign * max(0, r.a.Capacity-len(r.a.Chats))
}

// dropProfile takes p, whose avail is empty, out of profList.
func (s *ChatStore) dropProfile(p *profile) {
	last := s.profList[len(s.profList)-1]
	s.profList[p.idx] = last
	last.idx = p.idx
	s.profList[len(s.profList)-1] = nil
	s.profList = s.profList[:len(s.profList)-1]
	p.idx = -1
}

// PutAgent implements chat.Store. An existing agent keeps its chats and,
// unless it comes online, its LastAssigned; coming online, its LastAssigned
// is the later of the stored one and a.LastAssigned. The Chats of a are
// ignored.
func (s *ChatStore) PutAgent(ctx context.Context, a chat.Agent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := a.Validate(); err != nil {
		return err
	}
	ss := newSkillSet(&a.Skills)
	a.Skills.Languages = slices.Clone(a.Skills.Languages)
	a.Skills.Categories = slices.Clone(a.Skills.Categories)
	a.Skills.Groups = slices.Clone(a.Skills.Groups)
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.agents[a.ID]
	if !ok {
		r = &agentRec{}
		r.n.v = r
		s.agents[a.ID] = r
		a.Chats = nil
		r.prof = s.join(ss)
		s.changeAgent(r, func() { r.a = a })
		return nil
	}
	s.changeAgent(r, func() {
		if r.prof.key != ss.key {
			s.leave(r.prof)
			r.prof = s.join(ss)
		}
		last := r.a.LastAssigned
		if r.a.Presence != chat.Online && a.Presence == chat.Online && a.LastAssigned.After(last) {
			last = a.LastAssigned
		}
		a.Chats, a.LastAssigned = r.a.Chats, last
		r.a = a
	})
	return nil
}

// join returns the profile of ss, made if new, counting one more member.
func (s *ChatStore) join(ss skillSet) *profile {
	p := s.profiles[ss.key]
	if p == nil {
		p = &profile{skillSet: ss, idx: -1}
		p.avail.cmp = compareAgentRecs
		s.profiles[ss.key] = p
	}
	p.members++
	return p
}

// leave counts one member less in p, whose avail must not hold it.
func (s *ChatStore) leave(p *profile) {
	p.members--
	if p.members == 0 {
		delete(s.profiles, p.key)
	}
}

// Agent implements chat.Store.
func (s *ChatStore) Agent(ctx context.Context, id string) (chat.Agent, error) {
	if err := ctx.Err(); err != nil {
		return chat.Agent{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.agents[id]
	if !ok {
		return chat.Agent{}, unknownAgent(id)
	}
	return cloneAgent(&r.a), nil
}

// Agents implements chat.Store.
func (s *ChatStore) Agents(ctx context.Context) ([]chat.Agent, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	out := make([]chat.Agent, 0, len(s.agents))
	for _, r := range s.agents {
		out = append(out, cloneAgent(&r.a))
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b chat.Agent) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Enqueue implements chat.Store.
func (s *ChatStore) Enqueue(ctx context.Context, w chat.Waiting) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.Ticket == "" {
		return &support.InputError{Field: "waiting.ticket", Reason: support.ErrInvalidInput, Detail: "empty ticket ID"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.waiting[w.Ticket]; ok {
		return fmt.Errorf("memstore: chat %q waits: %w", string(w.Ticket), chat.ErrQueued)
	}
	if h, ok := s.held[w.Ticket]; ok {
		return fmt.Errorf("memstore: chat %q is held by %q: %w", string(w.Ticket), h.agent.a.ID, chat.ErrQueued)
	}
	var r *waitRec
	if n := len(s.free); n > 0 {
		r = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		r = &waitRec{}
		r.ln.v, r.qn.v = r, r
	}
	declined := append(r.w.Declined[:0], w.Declined...)
	if len(declined) == 0 {
		declined = nil // a Waiting handed out says nil, as given
	}
	r.w = w
	r.w.Declined = declined
	lk, pk := keysOf(w.Need)
	r.lineK = lk
	line := s.lines[lk]
	if line == nil {
		line = &tree[*waitRec]{cmp: compareWaitRecs}
		s.lines[lk] = line
	}
	r.line = line
	line.insert(&r.ln, s.pri())
	if w.Agent != "" {
		res := s.reserved[w.Agent]
		if res == nil {
			res = &tree[*waitRec]{cmp: compareWaitRecs}
			s.reserved[w.Agent] = res
		}
		r.res = res
		res.insert(&r.qn, s.pri())
	} else {
		p := s.pools[pk]
		if p == nil {
			p = &pool{key: pk, idx: len(s.poolList)}
			p.q.cmp = compareWaitRecs
			s.pools[pk] = p
			s.poolList = append(s.poolList, p)
		}
		r.pool = p
		p.q.insert(&r.qn, s.pri())
	}
	s.waiting[w.Ticket] = r
	return nil
}

// unqueue takes r out of the queue and keeps it for reuse.
func (s *ChatStore) unqueue(r *waitRec) {
	delete(s.waiting, r.w.Ticket)
	r.line.remove(&r.ln)
	if r.line.len() == 0 {
		delete(s.lines, r.lineK)
	}
	if r.pool != nil {
		p := r.pool
		p.q.remove(&r.qn)
		if p.q.len() == 0 {
			delete(s.pools, p.key)
			last := s.poolList[len(s.poolList)-1]
			s.poolList[p.idx] = last
			last.idx = p.idx
			s.poolList[len(s.poolList)-1] = nil
			s.poolList = s.poolList[:len(s.poolList)-1]
		}
	} else {
		r.res.remove(&r.qn)
		if r.res.len() == 0 {
			delete(s.reserved, r.w.Agent)
		}
	}
	r.line, r.pool, r.res = nil, nil, nil
	if len(s.free) < 1024 {
		clear(r.w.Declined)
		r.w = chat.Waiting{Declined: r.w.Declined[:0]}
		s.free = append(s.free, r)
	}
}

// Waiting implements chat.Store.
func (s *ChatStore) Waiting(ctx context.Context, ticket support.ID) (chat.Waiting, error) {
	if err := ctx.Err(); err != nil {
		return chat.Waiting{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.waiting[ticket]
	if !ok {
		return chat.Waiting{}, notWaiting(ticket)
	}
	return cloneWaiting(&r.w), nil
}

// Position implements chat.Store.
func (s *ChatStore) Position(ctx context.Context, ticket support.ID) (pos, line int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.waiting[ticket]
	if !ok {
		return 0, 0, notWaiting(ticket)
	}
	return r.line.rank(r) + 1, r.line.len(), nil
}

// Line returns the first limit waiting chats on need's line (chat.SameLine)
// in chat.CompareWaiting order; none when limit is not positive.
func (s *ChatStore) Line(ctx context.Context, need chat.Need, limit int) ([]chat.Waiting, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, nil
	}
	lk, _ := keysOf(need)
	s.mu.RLock()
	defer s.mu.RUnlock()
	line := s.lines[lk]
	if line == nil {
		return nil, nil
	}
	out := make([]chat.Waiting, 0, min(limit, line.len()))
	line.ascend(func(r *waitRec) bool {
		out = append(out, cloneWaiting(&r.w))
		return len(out) < limit
	})
	return out, nil
}

// Dequeue implements chat.Store.
func (s *ChatStore) Dequeue(ctx context.Context, ticket support.ID) (chat.Waiting, error) {
	if err := ctx.Err(); err != nil {
		return chat.Waiting{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.waiting[ticket]
	if !ok {
		return chat.Waiting{}, notWaiting(ticket)
	}
	w := cloneWaiting(&r.w)
	s.unqueue(r)
	return w, nil
}

// Decline implements chat.Store.
func (s *ChatStore) Decline(ctx context.Context, ticket support.ID, agent string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if agent == "" {
		return &support.InputError{Field: "agent", Reason: support.ErrInvalidInput, Detail: "empty agent ID"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.waiting[ticket]
	if !ok {
		return notWaiting(ticket)
	}
	if !r.declined(agent) {
		r.w.Declined = append(r.w.Declined, agent)
	}
	return nil
}

// assign gives the waiting chat r to agent a.
func (s *ChatStore) assign(r *waitRec, a *agentRec, at time.Time) {
	ticket := r.w.Ticket
	s.unqueue(r)
	s.held[ticket] = holding{agent: a, at: at}
	s.changeAgent(a, func() {
		a.a.Chats = append(a.a.Chats, ticket)
		a.a.LastAssigned = at
	})
}

// AssignBest implements chat.Store.
func (s *ChatStore) AssignBest(ctx context.Context, ticket support.ID, at time.Time) (chat.Agent, error) {
	if err := ctx.Err(); err != nil {
		return chat.Agent{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.waiting[ticket]
	if !ok {
		return chat.Agent{}, notWaiting(ticket)
	}
	var best *agentRec
	if r.w.Agent != "" {
		if a, ok := s.agents[r.w.Agent]; ok && a.a.Takes(&r.w) {
			best = a
		}
	} else {
		pk := r.pool.key
		for _, p := range s.profList {
			if !p.serves(pk) {
				continue
			}
			n := p.avail.min()
			if len(r.w.Declined) > 0 {
				n = nil
				p.avail.ascend(func(a *agentRec) bool {
					if r.declined(a.a.ID) {
						return true
					}
					n = &a.n
					return false
				})
			}
			if n != nil && (best == nil || compareAgentRecs(n.v, best) < 0) {
				best = n.v
			}
		}
	}
	if best == nil {
		return chat.Agent{}, fmt.Errorf("memstore: chat %q: %w", string(ticket), chat.ErrNoAgent)
	}
	s.assign(r, best, at)
	return cloneAgent(&best.a), nil
}

// TakeNext implements chat.Store.
func (s *ChatStore) TakeNext(ctx context.Context, agent string, at time.Time) (chat.Waiting, error) {
	if err := ctx.Err(); err != nil {
		return chat.Waiting{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.agents[agent]
	if !ok {
		return chat.Waiting{}, unknownAgent(agent)
	}
	if !a.a.HasRoom() {
		return chat.Waiting{}, &chat.AgentError{Agent: agent, Reason: chat.ErrAgentFull}
	}
	var best *waitRec
	consider := func(q *tree[*waitRec]) {
		n := q.min()
		if n == nil {
			return
		}
		r := n.v
		if r.declined(agent) {
			r = nil
			q.ascend(func(w *waitRec) bool {
				if w.declined(agent) {
					return true
				}
				r = w
				return false
			})
		}
		if r != nil && (best == nil || compareWaitRecs(r, best) < 0) {
			best = r
		}
	}
	if res := s.reserved[agent]; res != nil {
		consider(res)
	}
	for _, p := range s.poolList {
		if a.prof.serves(p.key) {
			consider(&p.q)
		}
	}
	if best == nil {
		return chat.Waiting{}, &chat.AgentError{Agent: agent, Reason: chat.ErrQueueEmpty}
	}
	w := cloneWaiting(&best.w)
	s.assign(best, a, at)
	return w, nil
}

// Assign implements chat.Store.
func (s *ChatStore) Assign(ctx context.Context, ticket support.ID, agent string, at time.Time) (chat.Waiting, error) {
	if err := ctx.Err(); err != nil {
		return chat.Waiting{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.agents[agent]
	if !ok {
		return chat.Waiting{}, unknownAgent(agent)
	}
	r, ok := s.waiting[ticket]
	if !ok {
		return chat.Waiting{}, notWaiting(ticket)
	}
	if r.w.Agent != "" && r.w.Agent != agent {
		return chat.Waiting{}, fmt.Errorf("memstore: chat %q is reserved for agent %q: %w", string(ticket), r.w.Agent, chat.ErrNotWaiting)
	}
	if !a.a.HasRoom() {
		return chat.Waiting{}, &chat.AgentError{Agent: agent, Ticket: ticket, Reason: chat.ErrAgentFull}
	}
	w := cloneWaiting(&r.w)
	s.assign(r, a, at)
	return w, nil
}

// Holder implements chat.Store.
func (s *ChatStore) Holder(ctx context.Context, ticket support.ID) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	h, ok := s.held[ticket]
	if !ok {
		return "", fmt.Errorf("memstore: chat %q: %w", string(ticket), chat.ErrNotAssigned)
	}
	return h.agent.a.ID, nil
}

// Release implements chat.Store. A handling time below zero (at before the
// assignment) counts as zero.
func (s *ChatStore) Release(ctx context.Context, ticket support.ID, agent string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.held[ticket]
	if !ok || h.agent.a.ID != agent {
		return &chat.AgentError{Agent: agent, Ticket: ticket, Reason: chat.ErrNotAssigned}
	}
	delete(s.held, ticket)
	a := h.agent
	s.changeAgent(a, func() {
		if i := slices.Index(a.a.Chats, ticket); i >= 0 {
			a.a.Chats = slices.Delete(a.a.Chats, i, i+1)
		}
	})
	s.handle[s.next] = max(at.Sub(h.at), 0)
	s.next = (s.next + 1) % statSamples
	s.nHandle = min(s.nHandle+1, statSamples)
	return nil
}

// compareReaders orders receipts by reader: role, then ID.
func compareReaders(a, b support.Actor) int {
	if c := cmp.Compare(a.Role, b.Role); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// MarkRead implements chat.Store. The reader must be a valid actor
// (support.Actor.Validate).
func (s *ChatStore) MarkRead(ctx context.Context, ticket support.ID, reader support.Actor, seq int64, at time.Time) (chat.Receipt, error) {
	if err := ctx.Err(); err != nil {
		return chat.Receipt{}, err
	}
	if err := reader.Validate(); err != nil {
		return chat.Receipt{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := s.receipts[ticket]
	i, found := slices.BinarySearchFunc(rs, reader, func(r chat.Receipt, a support.Actor) int { return compareReaders(r.Reader, a) })
	if found {
		if seq > rs[i].Seq {
			rs[i].Seq, rs[i].At = seq, at
		}
		return rs[i], nil
	}
	r := chat.Receipt{Reader: reader, Seq: seq, At: at}
	s.receipts[ticket] = slices.Insert(rs, i, r)
	return r, nil
}

// Receipts implements chat.Store.
func (s *ChatStore) Receipts(ctx context.Context, ticket support.ID) ([]chat.Receipt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.receipts[ticket]), nil
}

// Stats implements chat.Store: the mean of the last 50 handling times.
func (s *ChatStore) Stats(ctx context.Context) (chat.Stats, error) {
	if err := ctx.Err(); err != nil {
		return chat.Stats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.nHandle == 0 {
		return chat.Stats{}, nil
	}
	var sum time.Duration
	for _, d := range s.handle[:s.nHandle] {
		sum += d
	}
	return chat.Stats{Handle: sum / time.Duration(s.nHandle), Samples: s.nHandle}, nil
}

// Capacity implements chat.Store. It sums the capacities kept per skill
// set, so its cost grows with the number of distinct skill sets, not of
// agents.
func (s *ChatStore) Capacity(ctx context.Context, need chat.Need, agent string) (chat.Capacity, error) {
	if err := ctx.Err(); err != nil {
		return chat.Capacity{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var c chat.Capacity
	if agent != "" {
		if r := s.agents[agent]; r != nil && r.a.Presence == chat.Online {
			c = chat.Capacity{Agents: 1, Slots: r.a.Capacity, Free: max(0, r.a.Capacity-len(r.a.Chats))}
		}
		return c, nil
	}
	_, pk := keysOf(need)
	for _, p := range s.profiles {
		if p.online.Agents > 0 && p.serves(pk) {
			c.Agents += p.online.Agents
			c.Slots += p.online.Slots
			c.Free += p.online.Free
		}
	}
	return c, nil
}

// node is an element of a tree. Nodes live inside the records they order
// (a waiting chat, an agent), so that adding a record to a tree allocates
// nothing.
type node[T any] struct {
	left, right *node[T]
	pri         uint32 // heap priority: random, a parent's is at least its children's
	size        int32  // nodes in this subtree
	v           T
}

func sizeOf[T any](n *node[T]) int32 {
	if n == nil {
		return 0
	}
	return n.size
}

func (n *node[T]) fix() { n.size = 1 + sizeOf(n.left) + sizeOf(n.right) }

// tree is an order-statistic treap: a binary search tree by cmp, balanced
// by random priorities, whose nodes know the size of their subtree. Insert,
// remove and rank take O(log n) steps expected; the first element is kept
// at hand. cmp must be a strict total order on the values in the tree (no
// two compare equal), and a value's key must not change while it is in the
// tree. A tree is guarded by its ChatStore's lock.
type tree[T any] struct {
	root  *node[T]
	first *node[T]
	cmp   func(a, b T) int
}

func (t *tree[T]) len() int { return int(sizeOf(t.root)) }

// min returns the first node, or nil when t is empty.
func (t *tree[T]) min() *node[T] { return t.first }

// insert adds n, which holds a value not in t, with heap priority pri.
func (t *tree[T]) insert(n *node[T], pri uint32) {
	n.left, n.right, n.pri, n.size = nil, nil, pri, 1
	t.root = t.ins(t.root, n)
	if t.first == nil || t.cmp(n.v, t.first.v) < 0 {
		t.first = n
	}
}

func (t *tree[T]) ins(r, n *node[T]) *node[T] {
	if r == nil {
		return n
	}
	if n.pri > r.pri {
		n.left, n.right = t.split(r, n.v)
		n.fix()
		return n
	}
	if t.cmp(n.v, r.v) < 0 {
		r.left = t.ins(r.left, n)
	} else {
		r.right = t.ins(r.right, n)
	}
	r.size++
	return r
}

// split divides r into the values before v and those after it (v is not
// in r).
func (t *tree[T]) split(r *node[T], v T) (before, after *node[T]) {
	if r == nil {
		return nil, nil
	}
	if t.cmp(r.v, v) < 0 {
		r.right, after = t.split(r.right, v)
		r.fix()
		return r, after
	}
	before, r.left = t.split(r.left, v)
	r.fix()
	return before, r
}

// join joins a and b, every value of a being before every value of b.
func join[T any](a, b *node[T]) *node[T] {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	if a.pri > b.pri {
		a.right = join(a.right, b)
		a.fix()
		return a
	}
	b.left = join(a, b.left)
	b.fix()
	return b
}

// remove takes n, which is in t, out of t.
func (t *tree[T]) remove(n *node[T]) {
	t.root = t.del(t.root, n)
	n.left, n.right = nil, nil
	if t.first == n {
		t.first = nil
		if r := t.root; r != nil {
			for r.left != nil {
				r = r.left
			}
			t.first = r
		}
	}
}

func (t *tree[T]) del(r, n *node[T]) *node[T] {
	if r == n {
		return join(r.left, r.right)
	}
	if t.cmp(n.v, r.v) < 0 {
		r.left = t.del(r.left, n)
	} else {
		r.right = t.del(r.right, n)
	}
	r.size--
	return r
}

// rank returns the number of values in t before v (v is in t).
func (t *tree[T]) rank(v T) int {
	k := 0
	for r := t.root; r != nil; {
		switch c := t.cmp(v, r.v); {
		case c == 0:
			return k + int(sizeOf(r.left))
		case c < 0:
			r = r.left
		default:
			k += int(sizeOf(r.left)) + 1
			r = r.right
		}
	}
	return k
}

// ascend calls fn with the values of t in order until fn returns false. It
// reports whether fn was never stopped.
func (t *tree[T]) ascend(fn func(T) bool) bool { return ascend(t.root, fn) }

func ascend[T any](r *node[T], fn func(T) bool) bool {
	for r != nil {
		if !ascend(r.left, fn) || !fn(r.v) {
			return false
		}
		r = r.right
	}
	return true
}
