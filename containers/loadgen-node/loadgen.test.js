'use strict'
// Unit tests of loadgen.js's pure logic (as loadgen-go's loadgen_test.go): run by the image's build stage with
// `node --test loadgen.test.js`, on the Node.js the image runs (24 or 18); no network, no axios, no undici needed.
const test = require('node:test')
const assert = require('node:assert/strict')
const lg = require('./loadgen.js')

test('mergeRanges joins neighbours and keeps gaps', () => {
  assert.deepEqual(lg.mergeRanges([7, 1, 3, 2, 9, 8, 12]), [[1, 3], [7, 9], [12, 12]])
  assert.deepEqual(lg.mergeRanges([]), [])
  assert.deepEqual(lg.mergeRanges([5, 5, 6]), [[5, 6]], 'a repeated seq does not open a range')
  assert.deepEqual(lg.mergeRanges([10, 9, 100, 2]), [[2, 2], [9, 10], [100, 100]], 'sorted as numbers, not as text')
})

const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0B00007F:A1B3 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12345 1 0000000000000000 100 0 0 10 0
   1: 030014AC:9C40 020014AC:1F90 06 00000000:00000000 03:00000D2F 00000000     0        0 0 3 0000000000000000
   2: 030014AC:9C41 020014AC:1F90 06 00000000:00000000 03:00000D2F 00000000     0        0 0 3 0000000000000000
   3: 030014AC:9C42 020014AC:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 2345 1 0000000000000000 20 4 30 10 -1
   4: 030014AC:9C43 020014AC:1F90 09 00000000:00000001 01:00000014 00000000  1001        0 2346 1 0000000000000000 20 4 30 10 -1
`

const PROC_NET_TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0000000000000000FFFF0000030014AC:A7F8 0000000000000000FFFF0000020014AC:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 99 1 0000000000000000 20 4 30 10 -1
   1: 0000000000000000FFFF0000030014AC:A7F9 0000000000000000FFFF0000020014AC:1F90 04 00000000:00000000 00:00000000 00000000  1001        0 98 1 0000000000000000 20 4 30 10 -1
`

test('tcpStateCounts counts TIME_WAIT and ESTABLISHED, closing the closes under way', () => {
  assert.deepEqual(lg.tcpStateCounts(PROC_NET_TCP, ''), { timeWait: 2, established: 1 })
  assert.equal(lg.closing(PROC_NET_TCP), 1, 'the LAST_ACK socket')
  assert.deepEqual(lg.tcpStateCounts(PROC_NET_TCP, PROC_NET_TCP6), { timeWait: 2, established: 2 }, 'tcp6 counts too')
  assert.equal(lg.closing(PROC_NET_TCP, PROC_NET_TCP6), 2, 'LAST_ACK and FIN_WAIT1')
  assert.equal(lg.closingOrOpen(PROC_NET_TCP), 2, 'the LAST_ACK socket and the ESTABLISHED one')
})

test('closesEveryConnection: fetch with reset, and axios where Node does not keep connections alive', () => {
  assert.equal(lg.closesEveryConnection('node-fetch-reset', 24), true)
  assert.equal(lg.closesEveryConnection('node-axios', 18), true, "Node.js 18's global agent: keepAlive false")
  assert.equal(lg.closesEveryConnection('node-axios', 24), false, 'Node.js 19+: keepAlive true')
  assert.equal(lg.closesEveryConnection('node-axios-keepalive', 18), false)
  assert.equal(lg.closesEveryConnection('node-fetch', 24), false)
})

test('tcpStateCounts refuses a line that is not a table row, naming it', () => {
  assert.throws(() => lg.tcpStateCounts(PROC_NET_TCP + 'garbage here\n'), /not a \/proc\/net\/tcp line \(line 7\): "garbage here"/)
})

test('parseArgs names the fix', () => {
  const cases = {
    '--client "curl" is not a Node.js client; use one of: node-fetch, node-fetch-reset, node-axios, node-axios-keepalive':
      ['--client', 'curl', '--target', 'http://n:8080/docs'],
    '--docs must be at least 1, e.g. --docs 300; got 0': ['--client', 'node-fetch', '--docs', '0', '--target', 'http://n:8080/docs'],
    '--docs must be at least 1, e.g. --docs 300; got -5': ['--client', 'node-fetch', '--docs', '-5', '--target', 'http://n:8080/docs'],
    '--target needs URLs like http://host:8080/docs, comma-separated; got "n:8080"': ['--client', 'node-axios', '--target', 'n:8080'],
    '--target needs URLs like http://host:8080/docs, comma-separated; got ""': ['--client', 'node-axios'],
    "are the Java load generator's only": ['--client', 'node-axios', '--reuse', 'retry', '--target', 'http://n:8080/docs'],
    'unknown option --reuse': ['--client', 'node-axios', '--reuse', 'retry', '--target', 'http://n:8080/docs'],
    'invalid value "ten" for --docs: not a whole number': ['--client', 'node-axios', '--docs', 'ten', '--target', 'http://n:8080/docs'],
    'invalid value "fast" for --rate: not a number': ['--client', 'node-axios', '--rate', 'fast', '--target', 'http://n:8080/docs'],
    'option --target needs a value': ['--client', 'node-axios', '--target'],
    'unexpected argument "extra": every value follows its option, e.g. --docs 300': ['--client', 'node-axios', '--target', 'http://n:8080/docs', 'extra'],
    '--rate must be 0 (as fast as possible) or more; got -1': ['--client', 'node-axios', '--rate', '-1', '--target', 'http://n:8080/docs'],
    '--concurrency must be at least 1; got 0': ['--client', 'node-axios', '--concurrency', '0', '--target', 'http://n:8080/docs'],
    '--max-seconds must be at least 1; got 0': ['--client', 'node-axios', '--max-seconds', '0', '--target', 'http://n:8080/docs'],
    '--sample-ms must be at least 10; got 9': ['--client', 'node-axios', '--sample-ms', '9', '--target', 'http://n:8080/docs'],
    '--await-recovery-seconds must be 0 or more; got -1': ['--client', 'node-axios', '--await-recovery-seconds', '-1', '--target', 'http://n:8080/docs']
  }
  for (const [want, args] of Object.entries(cases)) {
    assert.throws(() => lg.parseArgs(args), err => err instanceof lg.UsageError && err.message.includes(want) && !err.message.includes('\n'),
      `parseArgs(${JSON.stringify(args)}) should fail with one line containing ${JSON.stringify(want)}`)
  }
})

test('parseArgs reads good options as Go flag does, with loadgen.go defaults', () => {
  const o = lg.parseArgs(['--client', 'node-axios-keepalive', '--concurrency', '8', '--target', 'http://a:8080/docs, http://a:8081/docs'],
    () => 1700000000000)
  assert.deepEqual(o, {
    client: 'node-axios-keepalive',
    docs: 100,
    rate: 0,
    concurrency: 8,
    runId: 'node-1700000000000000000',
    maxSeconds: 300,
    sampleMs: 200,
    awaitRecovery: 0,
    targets: ['http://a:8080/docs', 'http://a:8081/docs']
  })
  const p = lg.parseArgs(['-client=node-fetch', '--docs=160', '--rate', '2.5', '--target', 'https://s/docs', '--run-id', 't1',
    '--docs', '170', '--await-recovery-seconds', '30', '--sample-ms', '50', '--max-seconds', '60'])
  assert.equal(p.client, 'node-fetch')
  assert.equal(p.docs, 170, 'the last of a repeated option wins')
  assert.equal(p.rate, 2.5)
  assert.equal(p.runId, 't1')
  assert.equal(p.awaitRecovery, 30)
  assert.equal(p.sampleMs, 50)
  assert.equal(p.maxSeconds, 60)
  assert.deepEqual(p.targets, ['https://s/docs'])
})

test('endOfLoadDir is the Java harness folder', () => {
  assert.equal(lg.endOfLoadDir('run 1/x'), '/tmp/portex-run-run_1_x')
  assert.equal(lg.endOfLoadDir('a.b_c-9'), '/tmp/portex-run-a.b_c-9')
  assert.equal(lg.endOfLoadDir('r\u{1F600}'), '/tmp/portex-run-r_', 'one _ per code point, as Java replaceAll')
})

test('document is loadgen.go document(seq), byte for byte', () => {
  const o = { client: 'node-fetch', docs: 10, runId: 'r1' }
  assert.equal(JSON.stringify(lg.document(o, 3)), '{"client":"node-fetch","message":"document 3 of 10","runId":"r1","seq":3}')
})

test('failureOf: the class, and the causes as Go wraps them', () => {
  const connect = Object.assign(new Error('connect EADDRNOTAVAIL 172.18.0.2:8080 - Local (0.0.0.0:0)'), { code: 'EADDRNOTAVAIL' })
  assert.deepEqual(lg.failureOf(new TypeError('fetch failed', { cause: connect })),
    { type: 'TypeError', message: 'fetch failed: connect EADDRNOTAVAIL 172.18.0.2:8080 - Local (0.0.0.0:0)' })
  class AxiosError extends Error {}
  const axiosError = new AxiosError(connect.message, { cause: connect })
  assert.deepEqual(lg.failureOf(axiosError), { type: 'AxiosError', message: connect.message }, 'a cause already said is not repeated')
  const both = new AggregateError([new Error('connect ECONNREFUSED ::1:8080'), new Error('connect ECONNREFUSED 127.0.0.1:8080')], '')
  assert.deepEqual(lg.failureOf(both), { type: 'AggregateError', message: 'connect ECONNREFUSED ::1:8080; connect ECONNREFUSED 127.0.0.1:8080' })
  assert.equal(lg.failureOf(new Error('x'.repeat(600))).message.length, 500)
  assert.deepEqual(lg.failureOf('boom'), { type: 'string', message: 'boom' })
})

test('node-fetch-reset on a Node.js without a loadable undici: exit 2 naming the image, elsewhere the generator broke', () => {
  const missing = () => { throw new ReferenceError('File is not defined') }
  assert.throws(() => lg.undiciOrUsageError('18.20.8', missing),
    err => err instanceof lg.UsageError && err.message.startsWith('node-fetch-reset needs Node.js 20 or later: run it on the NODE_MAJOR=24 image') &&
      err.message.includes('File is not defined'))
  assert.throws(() => lg.undiciOrUsageError('24.21.0', missing), err => err instanceof ReferenceError)
  assert.equal(lg.undiciOrUsageError('24.21.0', () => 'undici'), 'undici')
})

test('docsPerSecond is rounded to a tenth as loadgen.go does, and 0 for no time', () => {
  assert.equal(lg.docsPerSecond(160, 1234), 129.7)
  assert.equal(lg.docsPerSecond(3, 0), 0)
  assert.deepEqual(Object.keys(lg.sortedObject({ b: 1, a: 2 })), ['a', 'b'], 'errorCounts sorted as Go writes a map')
})
