// The on-sale benchmark's buyers' connections (bench/on-sale.js --client go, the default): each buyer joins the
// room at their arrival time and then follows their status on the room's live stream, as a browser tab does. It is
// the load generator's hot part, in Go because the buyers share the machine's 2 cores with the system they measure:
// the same work in Node's HTTP client took 0.35 to 0.4 of a core and its event loop lagged up to 100 ms, which was
// counted in the latencies it measured (bench/RESULTS.md, the on-sale). Everything else about the buyers (buying
// with a pass, paying, the attempts without one, the figures) stays in bench/lib/on-sale-buyers.js, which runs this
// program and reads what it reports.
//
// Input (stdin, JSON): the buyers and the schedule, see Plan. Output (stdout, one JSON object a line):
//
//	{"t":"warm","n":2000}                               the warm-up's buyers joined and left
//	{"t":"join","k":7,"sentAt":…,"receivedAt":…,"ms":…,"status":200,"body":{…}}
//	{"t":"status","k":7,"data":{…}}                     a status event whose state or position changed
//	{"t":"end","k":7,"reconnects":0}                   the buyer stopped following (admitted, closed, or out of time)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"
)

// Buyer is one simulated buyer: K is their index in the input, I their index among all buyers (arrival and replica).
type Buyer struct {
	K      int    `json:"k"`
	I      int    `json:"i"`
	Cookie string `json:"cookie"`
}

// WarmUp is the unmeasured warm-up of bench/lib/on-sale-buyers.js: other buyers join another room first.
type WarmUp struct {
	EventID  string   `json:"eventId"`
	StartAt  float64  `json:"startAt"`
	FollowMs float64  `json:"followMs"`
	Cookies  []string `json:"cookies"`
}

// Plan is the input: when buyer i arrives is FirstArrival + i × WindowMs / Total (epoch milliseconds).
type Plan struct {
	EventID      string   `json:"eventId"`
	QueueURLs    []string `json:"queueUrls"`
	FirstArrival float64  `json:"firstArrival"`
	WindowMs     float64  `json:"windowMs"`
	Total        int      `json:"total"`
	HardLimitAt  float64  `json:"hardLimitAt"`
	Buyers       []Buyer  `json:"buyers"`
	WarmUp       WarmUp   `json:"warmUp"`
}

// status is what the follower reads of a status event to decide whether to report it and to stop.
type status struct {
	Status   string `json:"status"`
	Position *int   `json:"position"`
}

var out = newReporter(os.Stdout)

func epochMs(t time.Time) float64 { return float64(t.UnixNano()) / 1e6 }

func sleepUntil(epoch float64) {
	if d := time.Until(time.UnixMicro(int64(epoch * 1000))); d > 0 {
		time.Sleep(d)
	}
}

// reporter writes one JSON line per report, flushed every 10 ms so that an admission reaches the buyer's purchase
// at once without a write per line.
type reporter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func newReporter(w io.Writer) *reporter {
	r := &reporter{w: bufio.NewWriterSize(w, 1<<16)}
	go func() {
		for range time.Tick(10 * time.Millisecond) {
			r.flush()
		}
	}()
	return r
}

func (r *reporter) report(v any) {
	line, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.Write(line)
	r.w.WriteByte('\n')
}

func (r *reporter) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.w.Flush()
}

// conn is an HTTP/1.1 connection: requests are written as bytes, answers read with net/http's parser. Go's
// http.Client costs two goroutines and a few timers per connection and more per request; with 10,000 buyers on
// the machine the system runs on, the load generator's own CPU is taken from the system it measures.
type conn struct {
	net.Conn
	r *bufio.Reader
}

func dial(host string) (*conn, error) {
	c, err := net.Dial("tcp", host)
	if err != nil {
		return nil, err
	}
	return &conn{c, bufio.NewReaderSize(c, 4096)}, nil
}

// pool keeps the joins' idle keep-alive connections per host, as a browser's or a proxy's pool does.
type pool struct {
	mu   sync.Mutex
	idle map[string][]*conn
}

var joinPool = &pool{idle: map[string][]*conn{}}

func (p *pool) get(host string) (c *conn, reused bool, err error) {
	p.mu.Lock()
	if n := len(p.idle[host]); n > 0 {
		c = p.idle[host][n-1]
		p.idle[host] = p.idle[host][:n-1]
		p.mu.Unlock()
		return c, true, nil
	}
	p.mu.Unlock()
	c, err = dial(host)
	return c, false, err
}

func (p *pool) put(host string, c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle[host] = append(p.idle[host], c)
}

// request writes a request on c and reads the answer's head; the caller reads or discards the body.
func (c *conn) request(method string, u *url.URL, cookie, accept, body string) (*http.Response, error) {
	head := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nAccept: %s\r\n", method, u.RequestURI(), u.Host, cookie, accept)
	if body != "" {
		head += fmt.Sprintf("Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	if _, err := io.WriteString(c, head+"\r\n"+body); err != nil {
		return nil, err
	}
	return http.ReadResponse(c.r, &http.Request{Method: method})
}

// join POSTs the join once on a pooled connection: the status (0 for no answer) and the body.
func join(rawURL, cookie string) (int, json.RawMessage) {
	fail := func(err error) (int, json.RawMessage) {
		return 0, json.RawMessage(fmt.Sprintf("{\"error\":%q}", err.Error()))
	}
	u, _ := url.Parse(rawURL)
	c, reused, err := joinPool.get(u.Host)
	if err != nil {
		return fail(err)
	}
	res, err := c.request(http.MethodPost, u, cookie, "application/json", "{}")
	if err != nil && reused {
		// The server closed the idle connection meanwhile (Node's keep-alive timeout is 5 s): a browser sends the
		// request again on a new one at once, and so does this.
		c.Close()
		if c, err = dial(u.Host); err == nil {
			res, err = c.request(http.MethodPost, u, cookie, "application/json", "{}")
		}
	}
	if err != nil {
		if c != nil {
			c.Close()
		}
		return fail(err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.Close()
		return fail(err)
	}
	if res.Close {
		c.Close()
	} else {
		joinPool.put(u.Host, c)
	}
	if !json.Valid(body) {
		body, _ = json.Marshal(string(body))
	}
	return res.StatusCode, body
}

// retriedJoin joins again after no answer or a 502/503, up to 3 times in all, as a user would (buyer-http.js
// retried): the first attempt's latency is the one reported, with the last attempt's status.
func retriedJoin(url, cookie string) (sent, received, ms float64, code int, body json.RawMessage) {
	start := time.Now()
	code, body = join(url, cookie)
	ms = float64(time.Since(start).Microseconds()) / 1000
	for attempt := 1; attempt < 3 && (code == 0 || code == 502 || code == 503); attempt++ {
		time.Sleep(time.Duration(500*attempt) * time.Millisecond)
		code, body = join(url, cookie)
	}
	return epochMs(start), epochMs(time.Now()), ms, code, body
}

// follow reads the stream, on a connection of its own, until onEvent returns true, the stream ends, or until
// `until` (epoch ms). It answers the stream's HTTP status (0 for no answer) and whether it ended on the server's side.
func follow(rawURL, cookie string, until float64, onEvent func(name string, data []byte) bool) (code int, ended bool) {
	u, _ := url.Parse(rawURL)
	c, err := dial(u.Host)
	if err != nil {
		return 0, false
	}
	defer c.Close()
	res, err := c.request(http.MethodGet, u, cookie, "text/event-stream", "")
	if err != nil {
		return 0, false
	}
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, false
	}
	timer := time.AfterFunc(time.Until(time.UnixMicro(int64(until*1000))), func() { c.Close() })
	defer timer.Stop()
	reader := bufio.NewReader(res.Body)
	name, data := "message", []byte(nil)
	for {
		line, err := reader.ReadSlice('\n')
		if err != nil {
			return http.StatusOK, epochMs(time.Now()) < until
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case len(line) == 0:
			if len(data) > 0 && onEvent(name, data) {
				return http.StatusOK, false
			}
			name, data = "message", nil
		case bytes.HasPrefix(line, []byte("event:")):
			name = string(bytes.TrimSpace(line[6:]))
		case bytes.HasPrefix(line, []byte("data:")):
			data = append(data, bytes.TrimSpace(line[5:])...)
		}
	}
}

// buyer joins at their arrival and follows until admitted or closed, reopening a dropped stream after a second, as
// the page's EventSource does.
func buyer(plan *Plan, b Buyer) {
	url := fmt.Sprintf("%s/api/queue/%s", plan.QueueURLs[b.I%len(plan.QueueURLs)], plan.EventID)
	sleepUntil(plan.FirstArrival + float64(b.I)*plan.WindowMs/float64(plan.Total))
	sent, received, ms, code, body := retriedJoin(url, b.Cookie)
	out.report(map[string]any{"t": "join", "k": b.K, "sentAt": sent, "receivedAt": received, "ms": ms, "status": code, "body": body})
	reconnects := 0
	if code == http.StatusOK {
		last, done := "", false
		onEvent := func(name string, data []byte) bool {
			if name != "status" {
				return false
			}
			var s status
			if json.Unmarshal(data, &s) != nil {
				return false
			}
			key := s.Status
			if s.Position != nil {
				key = fmt.Sprintf("%s %d", s.Status, *s.Position)
			}
			done = s.Status == "admitted" || s.Status == "closed"
			if key != last || done {
				last = key
				out.report(map[string]any{"t": "status", "k": b.K, "data": json.RawMessage(data)})
			}
			return done
		}
		for !done && epochMs(time.Now()) < plan.HardLimitAt {
			code, ended := follow(url+"/stream", b.Cookie, plan.HardLimitAt, onEvent)
			if !done && (code != http.StatusOK || ended) {
				reconnects++
				time.Sleep(time.Second)
			}
		}
	}
	out.report(map[string]any{"t": "end", "k": b.K, "reconnects": reconnects})
}

// warmUp has the warm-up's buyers join their room at the measured buyers' pace and follow it for a while.
func warmUp(plan *Plan) error {
	w := plan.WarmUp
	pace := plan.WindowMs / float64(plan.Total)
	leaveAt := w.StartAt + float64(len(w.Cookies))*pace + w.FollowMs
	errs := make(chan error, len(w.Cookies))
	var wg sync.WaitGroup
	for k, cookie := range w.Cookies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sleepUntil(w.StartAt + float64(k)*pace)
			url := fmt.Sprintf("%s/api/queue/%s", plan.QueueURLs[k%len(plan.QueueURLs)], w.EventID)
			if code, body := join(url, cookie); code != http.StatusOK {
				errs <- fmt.Errorf("warm-up join: %d %s", code, body)
				return
			}
			follow(url+"/stream", cookie, leaveAt, func(string, []byte) bool { return false })
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func main() {
	var plan Plan
	if err := json.NewDecoder(os.Stdin).Decode(&plan); err != nil {
		fmt.Fprintln(os.Stderr, "reading the plan:", err)
		os.Exit(2)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := warmUp(&plan); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out.report(map[string]any{"t": "warm", "n": len(plan.WarmUp.Cookies)})
	}()
	for _, b := range plan.Buyers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buyer(&plan, b)
		}()
	}
	wg.Wait()
	out.flush()
}
