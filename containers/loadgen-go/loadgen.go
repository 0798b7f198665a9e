// Command loadgen is portex's load generator in Go: the HTTP clients Go services send from, each as commonly written
// and beside its fix, on the standard library only (net/http):
//
//	go-post-unclosed    http.Post(url, ...) per document, the response's Body never closed: the transport cannot
//	                    put the connection back in its pool, so every document opens a new one, and each stays open
//	                    (held by the unread, unclosed body) for as long as the process lives;
//	go-post-unread      the same with resp.Body.Close() but the body not read: closing an unread body closes its
//	                    connection, so every document opens a new one, and its port is left in TIME_WAIT;
//	go-post             the fix: io.Copy(io.Discard, resp.Body) and then Close: one keep-alive connection;
//	go-shared-default   one http.Client on the default transport shared by --concurrency goroutines: its pool keeps at
//	                    most MaxIdleConnsPerHost (2 by default) idle connections per host and closes the others;
//	go-shared-idle      the fix: a Transport with MaxIdleConnsPerHost = --concurrency.
//
// It takes the Java load generator's options and prints its single JSON line on stdout; progress lines
// ("portex-progress tMs acknowledged failed timeWait established docs") and messages go to stderr. At the end of the
// load it records the namespace's sockets and TCP counters (as the Java generator's EndOfLoad does) while its client
// still holds what it holds, says "portex-progress done", and with --await-recovery-seconds asks the same client for
// an answer once a second after a failure. Exit codes: 0 when the run completed (failed documents are results, not
// errors), 2 for bad options (one line naming the problem and the fix), 1 when the generator itself broke.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Clients this generator runs, in the order of the docs' table.
var clients = []string{"go-post-unclosed", "go-post-unread", "go-post", "go-shared-default", "go-shared-idle"}

const (
	progressPrefix = "portex-progress "
	// connect() may take this long, as for every portex client (behind a full NAT a connect times out).
	connectTimeout = 3 * time.Second
	// the wait for an answer's headers, as the others' read time-out (10 s). Not http.Client.Timeout: http.Post's
	// DefaultClient has none, and its timer would end a response whose body is never closed, and close its
	// connection, 13 s after the request (measured: go-post-unclosed's ports came back 11 s after the first failure).
	headerTimeout = 10 * time.Second
	maxMessage    = 500
	maxErrorKinds = 20
)

type options struct {
	client        string
	docs          int
	rate          float64
	concurrency   int
	targets       []string
	runID         string
	maxSeconds    int
	sampleMs      int
	awaitRecovery int
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func parseArgs(args []string) (options, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := options{}
	target := ""
	fs.StringVar(&o.client, "client", "", "")
	fs.IntVar(&o.docs, "docs", 100, "")
	fs.Float64Var(&o.rate, "rate", 0, "")
	fs.IntVar(&o.concurrency, "concurrency", 1, "")
	fs.StringVar(&target, "target", "", "")
	fs.StringVar(&o.runID, "run-id", "", "")
	fs.IntVar(&o.maxSeconds, "max-seconds", 300, "")
	fs.IntVar(&o.sampleMs, "sample-ms", 200, "")
	fs.IntVar(&o.awaitRecovery, "await-recovery-seconds", 0, "")
	if err := fs.Parse(args); err != nil {
		return o, usageError{fmt.Sprintf("%v (the options: --client %s --target URL[,URL...] [--docs N] [--rate R] "+
			"[--concurrency C] [--run-id ID] [--max-seconds S] [--sample-ms MS] [--await-recovery-seconds S]; "+
			"--close-mode, --idle-gap-ms and --reuse are the Java load generator's only)", err, strings.Join(clients, "|"))}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Sprintf("unexpected argument %q: every value follows its option, e.g. --docs 300", fs.Arg(0))}
	}
	known := false
	for _, c := range clients {
		known = known || c == o.client
	}
	if !known {
		return o, usageError{fmt.Sprintf("--client %q is not a Go client; use one of: %s", o.client, strings.Join(clients, ", "))}
	}
	switch {
	case o.docs < 1:
		return o, usageError{fmt.Sprintf("--docs must be at least 1, e.g. --docs 300; got %d", o.docs)}
	case o.rate < 0:
		return o, usageError{fmt.Sprintf("--rate must be 0 (as fast as possible) or more; got %v", o.rate)}
	case o.concurrency < 1:
		return o, usageError{fmt.Sprintf("--concurrency must be at least 1; got %d", o.concurrency)}
	case o.maxSeconds < 1:
		return o, usageError{fmt.Sprintf("--max-seconds must be at least 1; got %d", o.maxSeconds)}
	case o.sampleMs < 10:
		return o, usageError{fmt.Sprintf("--sample-ms must be at least 10; got %d", o.sampleMs)}
	case o.awaitRecovery < 0:
		return o, usageError{fmt.Sprintf("--await-recovery-seconds must be 0 or more; got %d", o.awaitRecovery)}
	}
	for _, t := range strings.Split(target, ",") {
		t = strings.TrimSpace(t)
		if !strings.HasPrefix(t, "http://") && !strings.HasPrefix(t, "https://") {
			return o, usageError{fmt.Sprintf("--target needs URLs like http://host:8080/docs, comma-separated; got %q", target)}
		}
		o.targets = append(o.targets, t)
	}
	if o.runID == "" {
		o.runID = fmt.Sprintf("go-%d", time.Now().UnixNano())
	}
	return o, nil
}

// sender posts one document and says whether it was acknowledged (2xx), with the failure otherwise.
type sender func(url string, body []byte) (int, error)

// dialer: the 3 s connect time-out of every portex client; everything else as net/http's defaults.
func dialer() func(ctx context.Context, network, addr string) (net.Conn, error) {
	return (&net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}).DialContext
}

// newSender builds the client as it is commonly written: http.Post, on http.DefaultClient (no Timeout) and the default
// transport, which gets the 3 s connect time-out and a 10 s wait for an answer's headers; its pool
// (MaxIdleConnsPerHost 2, keep-alive on) is left as it comes.
func newSender(o options) sender {
	transport := http.DefaultTransport.(*http.Transport)
	transport.DialContext = dialer()
	transport.ResponseHeaderTimeout = headerTimeout
	switch o.client {
	case "go-post-unclosed":
		return func(url string, body []byte) (int, error) {
			resp, err := http.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				return 0, err
			}
			return resp.StatusCode, nil // the body is never read nor closed
		}
	case "go-post-unread":
		return func(url string, body []byte) (int, error) {
			resp, err := http.Post(url, "application/json", bytes.NewReader(body))
			if err != nil {
				return 0, err
			}
			defer resp.Body.Close() // closed, but not read to the end
			return resp.StatusCode, nil
		}
	case "go-shared-idle":
		idle := &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           dialer(),
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   o.concurrency, // room for every goroutine's connection
			IdleConnTimeout:       90 * time.Second,
			ResponseHeaderTimeout: headerTimeout,
		}
		client := &http.Client{Transport: idle}
		return readAndClose(client)
	default: // go-post, go-shared-default: http.Post, the body read to the end and closed
		return readAndClose(http.DefaultClient)
	}
}

func readAndClose(client *http.Client) sender {
	return func(url string, body []byte) (int, error) {
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return 0, err
		}
		return resp.StatusCode, nil
	}
}

type failure struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

func failureOf(err error) failure {
	msg := err.Error()
	if len(msg) > maxMessage {
		msg = msg[:maxMessage]
	}
	return failure{Type: fmt.Sprintf("%T", err), Message: msg}
}

type sample struct {
	TMs          int64 `json:"tMs"`
	Acknowledged int64 `json:"acknowledged"`
	Failed       int64 `json:"failed"`
	TimeWait     int   `json:"timeWait"`
	Established  int   `json:"established"`
}

type result struct {
	Client                         string         `json:"client"`
	Docs                           int            `json:"docs"`
	Concurrency                    int            `json:"concurrency"`
	Rate                           float64        `json:"rate"`
	Attempted                      int64          `json:"attempted"`
	Acknowledged                   int64          `json:"acknowledged"`
	Failed                         int64          `json:"failed"`
	FirstFailureAt                 *int           `json:"firstFailureAt"`
	Error                          *failure       `json:"error"`
	AcknowledgedBeforeFirstFailure *int64         `json:"acknowledgedBeforeFirstFailure"`
	FirstFailureEpochMs            *int64         `json:"firstFailureEpochMs"`
	AcknowledgedSeqs               [][2]int       `json:"acknowledgedSeqs"`
	DurationMs                     int64          `json:"durationMs"`
	DocsPerSecond                  float64        `json:"docsPerSecond"`
	StoppedBy                      string         `json:"stoppedBy"`
	Samples                        []sample       `json:"samples"`
	ErrorCounts                    map[string]int `json:"errorCounts"`
}

// mergeRanges: sorted, merged, inclusive ranges: {1,2,3,7} -> [[1,3],[7,7]].
func mergeRanges(seqs []int) [][2]int {
	s := append([]int(nil), seqs...)
	sort.Ints(s)
	ranges := [][2]int{}
	for _, v := range s {
		if n := len(ranges); n > 0 && (v == ranges[n-1][1] || v == ranges[n-1][1]+1) {
			ranges[n-1][1] = v
		} else {
			ranges = append(ranges, [2]int{v, v})
		}
	}
	return ranges
}

var procLine = regexp.MustCompile(`^\s*[0-9]+:\s+\S+\s+\S+\s+([0-9A-Fa-f]{1,2})\s`)

// tcpStateCounts: TIME_WAIT (06) and ESTABLISHED (01) sockets in texts of /proc/net/tcp and /proc/net/tcp6.
func tcpStateCounts(texts ...string) (timeWait, established int, err error) {
	for _, text := range texts {
		for i, line := range strings.Split(text, "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || f[0] == "sl" {
				continue
			}
			m := procLine.FindStringSubmatch(line)
			if m == nil {
				return 0, 0, fmt.Errorf("not a /proc/net/tcp line (line %d): %q", i+1, line)
			}
			switch st, _ := strconv.ParseUint(m[1], 16, 8); st {
			case 0x06:
				timeWait++
			case 0x01:
				established++
			}
		}
	}
	return timeWait, established, nil
}

// closingStates: FIN_WAIT1, FIN_WAIT2, CLOSING, LAST_ACK (as TcpSocketTable.CLOSING_STATES).
func closing(texts ...string) int {
	n := 0
	for _, text := range texts {
		for _, line := range strings.Split(text, "\n") {
			if m := procLine.FindStringSubmatch(line); m != nil {
				switch st, _ := strconv.ParseUint(m[1], 16, 8); st {
				case 0x04, 0x05, 0x0B, 0x09:
					n++
				}
			}
		}
	}
	return n
}

func readProc(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	return string(b)
}

func readSockets() (int, int) {
	tw, est, err := tcpStateCounts(readProc("/proc/net/tcp"), readProc("/proc/net/tcp6"))
	if err != nil {
		return -1, -1
	}
	return tw, est
}

// endOfLoadDir is EndOfLoad.path's folder in the Java harness: /tmp/portex-run-<runId with [^A-Za-z0-9._-] as _>.
func endOfLoadDir(runID string) string {
	return "/tmp/portex-run-" + regexp.MustCompile(`[^A-Za-z0-9._-]`).ReplaceAllString(runID, "_")
}

// recordSockets: the socket table and TCP counters as they are now, once closes under way finished (at most 1 s).
func recordSockets(runID string) error {
	giveUp := time.Now().Add(time.Second)
	tcp, tcp6 := readProc("/proc/net/tcp"), readProc("/proc/net/tcp6")
	for closing(tcp, tcp6) > 0 && time.Now().Before(giveUp) {
		time.Sleep(20 * time.Millisecond)
		tcp, tcp6 = readProc("/proc/net/tcp"), readProc("/proc/net/tcp6")
	}
	dir := endOfLoadDir(runID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"tcp": tcp, "tcp6": tcp6,
		"snmp": readProc("/proc/net/snmp") + readProc("/proc/net/netstat")} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

type run struct {
	o            options
	send         sender
	start        time.Time
	next         atomic.Int64
	attempted    atomic.Int64
	acknowledged atomic.Int64
	failed       atomic.Int64
	mu           sync.Mutex
	ackedSeqs    []int
	firstAt      int
	first        *failure
	firstEpochMs int64
	ackBefore    int64
	errorCounts  map[string]int
	samples      []sample
}

func (r *run) document(seq int) []byte {
	b, _ := json.Marshal(map[string]any{"runId": r.o.runID, "seq": seq, "client": r.o.client,
		"message": fmt.Sprintf("document %d of %d", seq, r.o.docs)})
	return b
}

func (r *run) fail(seq int, f failure) {
	r.failed.Add(1)
	r.mu.Lock()
	defer r.mu.Unlock()
	// by type and message, bounded as the Java generator's: a message naming a port could make each failure a kind
	if kind := f.Type + ": " + f.Message; r.errorCounts[kind] > 0 || len(r.errorCounts) < maxErrorKinds {
		r.errorCounts[kind]++
	} else {
		r.errorCounts["(other)"]++
	}
	if r.first == nil || seq < r.firstAt {
		if r.first == nil {
			r.ackBefore = r.acknowledged.Load()
			r.firstEpochMs = time.Now().UnixMilli()
		}
		r.firstAt, r.first = seq, &f
	}
}

// work sends documents until they are all sent or the time limit passed; true when the limit stopped it.
func (r *run) work(deadline time.Time) bool {
	for {
		seq := int(r.next.Add(1))
		if seq > r.o.docs {
			return false
		}
		if r.o.rate > 0 {
			due := r.start.Add(time.Duration(float64(seq-1) / r.o.rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				time.Sleep(wait)
			}
		}
		if time.Now().After(deadline) {
			return true
		}
		r.attempted.Add(1)
		target := r.o.targets[(seq-1)%len(r.o.targets)]
		status, err := r.send(target, r.document(seq))
		switch {
		case err != nil:
			r.fail(seq, failureOf(err))
		case status < 200 || status > 299:
			r.fail(seq, failure{Type: fmt.Sprintf("HTTP %d", status), Message: http.StatusText(status)})
		default:
			r.acknowledged.Add(1)
			r.mu.Lock()
			r.ackedSeqs = append(r.ackedSeqs, seq)
			r.mu.Unlock()
		}
	}
}

func (r *run) sample() {
	// the sockets first, then the documents: a sample never shows more TIME_WAIT than documents done
	tw, est := readSockets()
	s := sample{TMs: time.Since(r.start).Milliseconds(), Acknowledged: r.acknowledged.Load(), Failed: r.failed.Load(),
		TimeWait: tw, Established: est}
	r.samples = append(r.samples, s)
	fmt.Fprintf(os.Stderr, "%s%d %d %d %d %d %d\n", progressPrefix, s.TMs, s.Acknowledged, s.Failed, tw, est, r.o.docs)
}

// awaitRecovery asks the same client once a second, from the first failure on, for an answer from the target's
// /health (Node answers a POST there with 405 without counting it): any HTTP answer means it got a connection again.
func (r *run) awaitRecovery() {
	giveUp := time.UnixMilli(r.firstEpochMs).Add(time.Duration(r.o.awaitRecovery) * time.Second)
	probe := strings.TrimSuffix(r.o.targets[0], "/docs") + "/health"
	body, _ := json.Marshal(map[string]any{"runId": "probe-" + r.o.runID, "seq": 0})
	for time.Now().Before(giveUp) {
		sentAt := time.Now()
		if _, err := r.send(probe, body); err == nil {
			_ = os.WriteFile(filepath.Join(endOfLoadDir(r.o.runID), "recovered-after-ms"),
				[]byte(strconv.FormatInt(sentAt.UnixMilli()-r.firstEpochMs, 10)), 0o644)
			return
		}
		time.Sleep(time.Until(sentAt.Add(time.Second)))
	}
}

func execute(o options) result {
	r := &run{o: o, send: newSender(o), start: time.Now(), errorCounts: map[string]int{}}
	deadline := r.start.Add(time.Duration(o.maxSeconds) * time.Second)
	var limited atomic.Bool
	var wg sync.WaitGroup
	for w := 0; w < o.concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r.work(deadline) {
				limited.Store(true)
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	ticker := time.NewTicker(time.Duration(o.sampleMs) * time.Millisecond)
	r.sample()
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		case <-ticker.C:
			r.sample()
		}
	}
	ticker.Stop()
	duration := time.Since(r.start)
	r.sample()
	if err := recordSockets(o.runID); err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: cannot record the socket table at the end of the load: %v\n", err)
	}
	fmt.Fprintln(os.Stderr, progressPrefix+"done")
	if o.awaitRecovery > 0 && r.first != nil {
		r.awaitRecovery()
	}
	acks := r.acknowledged.Load()
	res := result{Client: o.client, Docs: o.docs, Concurrency: o.concurrency, Rate: o.rate,
		Attempted: r.attempted.Load(), Acknowledged: acks, Failed: r.failed.Load(),
		AcknowledgedSeqs: mergeRanges(r.ackedSeqs), DurationMs: duration.Milliseconds(),
		DocsPerSecond: docsPerSecond(acks, duration), StoppedBy: "completed", Samples: r.samples,
		ErrorCounts: r.errorCounts}
	if limited.Load() {
		res.StoppedBy = "time-limit"
	}
	if r.first != nil {
		at, before, epoch := r.firstAt, r.ackBefore, r.firstEpochMs
		res.FirstFailureAt, res.Error, res.AcknowledgedBeforeFirstFailure, res.FirstFailureEpochMs = &at, r.first, &before, &epoch
	}
	return res
}

func docsPerSecond(acks int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(int64(float64(acks)/d.Seconds()*10+0.5)) / 10
}

func main() {
	o, err := parseArgs(os.Args[1:])
	if err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "loadgen: "+err.Error())
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "loadgen: the generator broke: "+err.Error())
		os.Exit(1)
	}
	line, err := json.Marshal(execute(o))
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen: the generator broke: "+err.Error())
		os.Exit(1)
	}
	fmt.Println(string(line))
}
