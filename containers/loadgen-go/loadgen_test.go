package main

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestMergeRangesJoinsNeighboursAndKeepsGaps(t *testing.T) {
	got := mergeRanges([]int{7, 1, 3, 2, 9, 8, 12})
	want := [][2]int{{1, 3}, {7, 9}, {12, 12}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("mergeRanges: got %v, want %v", got, want)
	}
	if got := mergeRanges(nil); len(got) != 0 {
		t.Fatalf("mergeRanges(nil): got %v, want no range", got)
	}
}

const procNetTCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0B00007F:A1B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 030014AC:9C40 020014AC:1F90 06 00000000:00000000 03:00000D2F 00000000     0        0 0 3 0000000000000000
   2: 030014AC:9C41 020014AC:1F90 06 00000000:00000000 03:00000D2F 00000000     0        0 0 3 0000000000000000
   3: 030014AC:9C42 020014AC:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 2345 1 0000000000000000 20 4 30 10 -1
   4: 030014AC:9C43 020014AC:1F90 09 00000000:00000001 01:00000014 00000000  1001        0 2346 1 0000000000000000 20 4 30 10 -1
`

func TestTcpStateCountsCountsTimeWaitAndEstablished(t *testing.T) {
	tw, est, err := tcpStateCounts(procNetTCP, "")
	if err != nil || tw != 2 || est != 1 {
		t.Fatalf("tcpStateCounts: got TIME_WAIT %d, ESTABLISHED %d, err %v; want 2, 1, nil", tw, est, err)
	}
	if n := closing(procNetTCP); n != 1 {
		t.Fatalf("closing: got %d, want 1 (the LAST_ACK socket)", n)
	}
}

func TestTcpStateCountsRefusesALineThatIsNotATableRow(t *testing.T) {
	_, _, err := tcpStateCounts(procNetTCP + "garbage here\n")
	if err == nil || !strings.Contains(err.Error(), "not a /proc/net/tcp line (line 7)") {
		t.Fatalf("tcpStateCounts on garbage: got %v, want an error naming line 7", err)
	}
}

func TestParseArgsNamesTheFix(t *testing.T) {
	cases := map[string][]string{
		`--client "curl" is not a Go client; use one of: go-post-unclosed`: {"--client", "curl", "--target", "http://n:8080/docs"},
		"--docs must be at least 1, e.g. --docs 300; got 0":                {"--client", "go-post", "--docs", "0", "--target", "http://n:8080/docs"},
		"--target needs URLs like http://host:8080/docs":                   {"--client", "go-post", "--target", "n:8080"},
		"are the Java load generator's only":                               {"--client", "go-post", "--reuse", "retry", "--target", "http://n:8080/docs"},
	}
	for want, args := range cases {
		_, err := parseArgs(args)
		var u usageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), want) {
			t.Errorf("parseArgs(%v): got %v, want a usage error containing %q", args, err, want)
		}
	}
	o, err := parseArgs([]string{"--client", "go-shared-idle", "--concurrency", "8", "--target", "http://a:8080/docs,http://a:8081/docs"})
	if err != nil || o.concurrency != 8 || len(o.targets) != 2 || o.sampleMs != 200 {
		t.Fatalf("parseArgs of good options: got %+v, %v", o, err)
	}
}

func TestEndOfLoadDirIsTheJavaHarnessFolder(t *testing.T) {
	if got := endOfLoadDir("run 1/x"); got != "/tmp/portex-run-run_1_x" {
		t.Fatalf("endOfLoadDir: got %q, want /tmp/portex-run-run_1_x (EndOfLoad.path)", got)
	}
}
