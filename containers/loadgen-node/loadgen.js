'use strict'
// portex's load generator in Node.js: the HTTP clients Node.js services send from, each as commonly written and
// beside its fix (the Node.js sibling of containers/loadgen-go/loadgen.go, with the same options, output and exit codes):
//
//   node-fetch            the global fetch (Node's bundled undici) as it comes, the answer read (res.json()):
//                         undici's default dispatcher keeps the connection alive;
//   node-fetch-reset      fetch with a dispatcher, an undici Agent composed so that every request is dispatched with
//                         reset: true: undici sends "connection: close" and closes the socket after the answer, so
//                         every document opens a new connection;
//   node-axios            axios.post(url, doc) with axios's defaults, on Node's global http agent: it keeps connections
//                         alive since Node.js 19 (keepAlive: true, timeout 5 s), and does not on Node.js 18;
//   node-axios-keepalive  axios with httpAgent: new http.Agent({ keepAlive: true }): the fix on Node.js 18.
//
// It takes the Java load generator's options and prints its single JSON line on stdout; progress lines
// ("portex-progress tMs acknowledged failed timeWait established docs") and messages go to stderr. At the end of the
// load it records the namespace's sockets and TCP counters (as the Java generator's EndOfLoad does) while its client
// still holds what it holds, says "portex-progress done", and with --await-recovery-seconds asks the same client for an
// answer once a second after a failure. Exit codes: 0 when the run completed (failed documents are results, not
// errors), 2 for bad options (one line naming the problem and the fix), 1 when the generator itself broke.
//
// The same script runs on Node.js 24 and on Node.js 18 (the image's NODE_MAJOR); axios and undici are loaded only by
// the clients that use them, so that the pure logic below (tested by loadgen.test.js) needs neither.

const fs = require('node:fs')
const http = require('node:http')
const https = require('node:https')
const path = require('node:path')
const { setTimeout: sleep } = require('node:timers/promises')

// Clients this generator runs, in the order of the docs' table.
const CLIENTS = ['node-fetch', 'node-fetch-reset', 'node-axios', 'node-axios-keepalive']

const PROGRESS_PREFIX = 'portex-progress '
// connect() may take this long, as for every portex client (behind a full NAT a connect times out).
const CONNECT_TIMEOUT_MS = 3000
// the wait for an answer's headers, as the others' read time-out (10 s).
const HEADERS_TIMEOUT_MS = 10000
const MAX_MESSAGE = 500
const MAX_ERROR_KINDS = 20

class UsageError extends Error {}

const OPTIONS_HINT = `(the options: --client ${CLIENTS.join('|')} --target URL[,URL...] [--docs N] [--rate R] ` +
  '[--concurrency C] [--run-id ID] [--max-seconds S] [--sample-ms MS] [--await-recovery-seconds S]; ' +
  "--close-mode, --idle-gap-ms and --reuse are the Java load generator's only)"

// Each option: its kind and default, as loadgen.go's flags.
const OPTION_SPECS = {
  client: { kind: 'string', key: 'client', dflt: '' },
  docs: { kind: 'int', key: 'docs', dflt: 100 },
  rate: { kind: 'float', key: 'rate', dflt: 0 },
  concurrency: { kind: 'int', key: 'concurrency', dflt: 1 },
  target: { kind: 'string', key: 'target', dflt: '' },
  'run-id': { kind: 'string', key: 'runId', dflt: '' },
  'max-seconds': { kind: 'int', key: 'maxSeconds', dflt: 300 },
  'sample-ms': { kind: 'int', key: 'sampleMs', dflt: 200 },
  'await-recovery-seconds': { kind: 'int', key: 'awaitRecovery', dflt: 0 }
}

function optionValue (spec, name, raw) {
  if (spec.kind === 'string') return raw
  const text = raw.trim()
  if (spec.kind === 'int') {
    if (!/^[+-]?[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new UsageError(`invalid value ${JSON.stringify(raw)} for --${name}: not a whole number ${OPTIONS_HINT}`)
    }
    return Number(text)
  }
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text) || !Number.isFinite(Number(text))) {
    throw new UsageError(`invalid value ${JSON.stringify(raw)} for --${name}: not a number ${OPTIONS_HINT}`)
  }
  return Number(text)
}

// parseArgs reads the options as Go's flag package does: -name or --name, the value as the next argument or after
// "=", the last one of a repeated option wins, "--" ends the options, and the first argument that is not an option
// ends them too (then it is an error). Throws UsageError naming the fix.
function parseArgs (args, now = Date.now) {
  const o = {}
  for (const spec of Object.values(OPTION_SPECS)) o[spec.key] = spec.dflt
  let i = 0
  for (; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--') { i++; break }
    if (!arg.startsWith('-') || arg === '-') break
    const body = arg.replace(/^--?/, '')
    const eq = body.indexOf('=')
    const name = eq >= 0 ? body.slice(0, eq) : body
    if (name === 'h' || name === 'help') throw new UsageError(`help requested ${OPTIONS_HINT}`)
    const spec = Object.prototype.hasOwnProperty.call(OPTION_SPECS, name) ? OPTION_SPECS[name] : undefined
    if (spec === undefined) throw new UsageError(`unknown option ${arg} ${OPTIONS_HINT}`)
    let raw
    if (eq >= 0) {
      raw = body.slice(eq + 1)
    } else if (i + 1 < args.length) {
      raw = args[++i]
    } else {
      throw new UsageError(`option --${name} needs a value ${OPTIONS_HINT}`)
    }
    o[spec.key] = optionValue(spec, name, raw)
  }
  if (i < args.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(args[i])}: every value follows its option, e.g. --docs 300`)
  }
  if (!CLIENTS.includes(o.client)) {
    throw new UsageError(`--client ${JSON.stringify(o.client)} is not a Node.js client; use one of: ${CLIENTS.join(', ')}`)
  }
  if (o.docs < 1) throw new UsageError(`--docs must be at least 1, e.g. --docs 300; got ${o.docs}`)
  if (o.rate < 0) throw new UsageError(`--rate must be 0 (as fast as possible) or more; got ${o.rate}`)
  if (o.concurrency < 1) throw new UsageError(`--concurrency must be at least 1; got ${o.concurrency}`)
  if (o.maxSeconds < 1) throw new UsageError(`--max-seconds must be at least 1; got ${o.maxSeconds}`)
  if (o.sampleMs < 10) throw new UsageError(`--sample-ms must be at least 10; got ${o.sampleMs}`)
  if (o.awaitRecovery < 0) throw new UsageError(`--await-recovery-seconds must be 0 or more; got ${o.awaitRecovery}`)
  const target = o.target
  o.targets = []
  for (let t of target.split(',')) {
    t = t.trim()
    if (!t.startsWith('http://') && !t.startsWith('https://')) {
      throw new UsageError(`--target needs URLs like http://host:8080/docs, comma-separated; got ${JSON.stringify(target)}`)
    }
    o.targets.push(t)
  }
  delete o.target
  if (o.runId === '') o.runId = `node-${BigInt(now()) * 1000000n}`
  return o
}

// undiciOrUsageError: the npm package undici for node-fetch-reset. undici 7 needs Node.js 20.18.1 or later: on
// Node.js 18 requiring it throws (measured on 18.20.8: "ReferenceError: File is not defined"), a usage error there.
function undiciOrUsageError (nodeVersion = process.versions.node, load = () => require('undici')) {
  try {
    return load()
  } catch (err) {
    if (Number(nodeVersion.split('.')[0]) < 20) {
      throw new UsageError('node-fetch-reset needs Node.js 20 or later: run it on the NODE_MAJOR=24 image ' +
        `(undici ${undiciVersion()} does not load on Node.js ${nodeVersion}: ${err.message})`)
    }
    throw err
  }
}

function undiciVersion () {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', 'undici', 'package.json'), 'utf8')).version
  } catch {
    return '7'
  }
}

// A sender posts one document and resolves to the HTTP status of any answer (the fetch clients read its body first);
// it rejects when no answer came (the connect failed, the connection broke, a time-out).
function newSender (o) {
  switch (o.client) {
    case 'node-fetch':
      // The default dispatcher as it comes: its connect time-out (undici's 10 s) and headersTimeout (300 s) can only
      // be changed by replacing it. fetch's own knob is a signal: it aborts the request unless the answer's headers
      // came within 10 s (fetch resolves at the headers, and the timer is then cleared), the connect included.
      return fetchSender(undefined, true)
    case 'node-fetch-reset': {
      const { Agent } = undiciOrUsageError()
      // An Agent allows both: a 3 s connect time-out and a 10 s wait for the headers (the rest undici's defaults).
      const dispatcher = new Agent({ connect: { timeout: CONNECT_TIMEOUT_MS }, headersTimeout: HEADERS_TIMEOUT_MS })
        .compose(dispatch => (opts, handler) => dispatch({ ...opts, reset: true }, handler))
      return fetchSender(dispatcher, false)
    }
    case 'node-axios':
    case 'node-axios-keepalive': {
      const axios = require('axios')
      // axios's one time-out, `timeout`, is a wall clock from the request until the answer's headers, the connect
      // included (follow-redirects' timer, cleared on the response); neither axios nor Node's http has a connect
      // time-out of its own, so a connect may take the whole 10 s.
      const config = { timeout: HEADERS_TIMEOUT_MS }
      if (o.client === 'node-axios-keepalive') {
        config.httpAgent = new http.Agent({ keepAlive: true })
        config.httpsAgent = new https.Agent({ keepAlive: true })
      }
      return async (url, doc) => {
        try {
          const res = await axios.post(url, doc, config)
          return res.status
        } catch (err) {
          if (err && err.response) return err.response.status // a non-2xx answer is an answer
          throw err
        }
      }
    }
    default:
      throw new UsageError(`--client ${JSON.stringify(o.client)} is not a Node.js client; use one of: ${CLIENTS.join(', ')}`)
  }
}

function fetchSender (dispatcher, headersSignal) {
  return async (url, doc) => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) }
    if (dispatcher !== undefined) init.dispatcher = dispatcher
    let timer
    if (headersSignal) {
      const controller = new AbortController()
      timer = setTimeout(() => controller.abort(new DOMException(
        `no answer's headers within ${HEADERS_TIMEOUT_MS} ms`, 'TimeoutError')), HEADERS_TIMEOUT_MS)
      init.signal = controller.signal
    }
    let res
    try {
      res = await fetch(url, init)
    } finally {
      clearTimeout(timer)
    }
    if (res.ok) {
      await res.json()
    } else {
      await res.text()
    }
    return res.status
  }
}

function messageOf (err) {
  if (err === null || err === undefined) return String(err)
  if (typeof err !== 'object') return String(err)
  if (typeof err.message === 'string' && err.message !== '') return err.message
  if (Array.isArray(err.errors) && err.errors.length > 0) return err.errors.map(messageOf).join('; ') // AggregateError
  if (err.code) return String(err.code)
  return String(err)
}

// failureOf: the error's class (as Go's %T) and its message with the messages of its causes (fetch's "fetch failed"
// has the connect error as its cause), as Go's wrapped errors read: "fetch failed: connect EADDRNOTAVAIL ...".
function failureOf (err) {
  const type = (err && typeof err === 'object' && err.constructor && err.constructor.name) || typeof err
  const parts = []
  let e = err
  for (let depth = 0; depth < 5 && e !== undefined && e !== null; depth++) {
    const m = messageOf(e)
    if (m !== '' && !parts.some(p => p.includes(m))) parts.push(m)
    e = typeof e === 'object' ? e.cause : undefined
  }
  let message = parts.join(': ')
  if (message.length > MAX_MESSAGE) message = message.slice(0, MAX_MESSAGE)
  return { type, message }
}

// mergeRanges: sorted, merged, inclusive ranges: [1,2,3,7] -> [[1,3],[7,7]].
function mergeRanges (seqs) {
  const s = [...(seqs || [])].sort((a, b) => a - b)
  const ranges = []
  for (const v of s) {
    const last = ranges[ranges.length - 1]
    if (last !== undefined && (v === last[1] || v === last[1] + 1)) {
      last[1] = v
    } else {
      ranges.push([v, v])
    }
  }
  return ranges
}

const PROC_LINE = /^\s*[0-9]+:\s+\S+\s+\S+\s+([0-9A-Fa-f]{1,2})\s/

// tcpStateCounts: TIME_WAIT (06) and ESTABLISHED (01) sockets in texts of /proc/net/tcp and /proc/net/tcp6.
function tcpStateCounts (...texts) {
  let timeWait = 0
  let established = 0
  for (const text of texts) {
    const lines = text.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      const f = line.trim().split(/\s+/)
      if (f[0] === '' || f[0] === 'sl') continue
      const m = PROC_LINE.exec(line)
      if (m === null) throw new Error(`not a /proc/net/tcp line (line ${i + 1}): ${JSON.stringify(line)}`)
      const st = parseInt(m[1], 16)
      if (st === 0x06) timeWait++
      else if (st === 0x01) established++
    }
  }
  return { timeWait, established }
}

// closing: FIN_WAIT1, FIN_WAIT2, CLOSING, LAST_ACK (as TcpSocketTable.CLOSING_STATES).
function closing (...texts) {
  return countStates([0x04, 0x05, 0x0B, 0x09], texts)
}

// closingOrOpen: closing's sockets and the ESTABLISHED ones, for a client that closes every connection after its answer
// (an ESTABLISHED socket there is one whose close has not begun yet: Node's FIN or the client's own still to come).
function closingOrOpen (...texts) {
  return countStates([0x01, 0x04, 0x05, 0x0B, 0x09], texts)
}

function countStates (states, texts) {
  let n = 0
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const m = PROC_LINE.exec(line)
      if (m !== null && states.includes(parseInt(m[1], 16))) n++
    }
  }
  return n
}

// closesEveryConnection: the clients that send "connection: close" (fetch with reset: true; axios on Node's global
// agent before Node.js 19, which does not keep connections alive).
function closesEveryConnection (client, nodeMajor) {
  return client === 'node-fetch-reset' || (client === 'node-axios' && nodeMajor < 19)
}

function readProc (name) {
  try {
    return fs.readFileSync(name, 'utf8')
  } catch {
    return ''
  }
}

function readSockets () {
  try {
    return tcpStateCounts(readProc('/proc/net/tcp'), readProc('/proc/net/tcp6'))
  } catch {
    return { timeWait: -1, established: -1 }
  }
}

// endOfLoadDir is EndOfLoad.path's folder in the Java harness: /tmp/portex-run-<runId with [^A-Za-z0-9._-] as _>
// (per code point, as Java's regex).
function endOfLoadDir (runId) {
  return '/tmp/portex-run-' + runId.replace(/[^A-Za-z0-9._-]/gu, '_')
}

// recordSockets: the socket table and TCP counters as they are now, once closes under way finished (at most 2 s); for a
// client that closes every connection, once its last connections' closes began and finished too.
async function recordSockets (runId, closesEach) {
  const giveUp = Date.now() + 2000
  const unsettled = closesEach ? closingOrOpen : closing
  let tcp = readProc('/proc/net/tcp')
  let tcp6 = readProc('/proc/net/tcp6')
  while (unsettled(tcp, tcp6) > 0 && Date.now() < giveUp) {
    await sleep(20)
    tcp = readProc('/proc/net/tcp')
    tcp6 = readProc('/proc/net/tcp6')
  }
  const dir = endOfLoadDir(runId)
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 })
  const files = { tcp, tcp6, snmp: readProc('/proc/net/snmp') + readProc('/proc/net/netstat') }
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text, { mode: 0o644 })
  }
}

// document: the JSON body of loadgen.go's document(seq), its keys in the order Go's encoding/json writes a map's.
function document (o, seq) {
  return { client: o.client, message: `document ${seq} of ${o.docs}`, runId: o.runId, seq }
}

function docsPerSecond (acks, durationMs) {
  if (durationMs <= 0) return 0
  return Math.floor(acks / (durationMs / 1000) * 10 + 0.5) / 10
}

function sortedObject (counts) {
  const sorted = {}
  for (const k of Object.keys(counts).sort()) sorted[k] = counts[k]
  return sorted
}

class Run {
  constructor (o, send) {
    this.o = o
    this.send = send
    this.start = Date.now()
    this.next = 0
    this.attempted = 0
    this.acknowledged = 0
    this.failed = 0
    this.ackedSeqs = []
    this.firstAt = 0
    this.first = null
    this.firstEpochMs = 0
    this.ackBefore = 0
    this.errorCounts = {}
    this.samples = []
  }

  fail (seq, f) {
    this.failed++
    // by type and message, bounded as the Java generator's: a message naming a port could make each failure a kind
    const kind = `${f.type}: ${f.message}`
    if (this.errorCounts[kind] > 0 || Object.keys(this.errorCounts).length < MAX_ERROR_KINDS) {
      this.errorCounts[kind] = (this.errorCounts[kind] || 0) + 1
    } else {
      this.errorCounts['(other)'] = (this.errorCounts['(other)'] || 0) + 1
    }
    if (this.first === null || seq < this.firstAt) {
      if (this.first === null) {
        this.ackBefore = this.acknowledged
        this.firstEpochMs = Date.now()
      }
      this.firstAt = seq
      this.first = f
    }
  }

  // work sends documents until they are all sent or the time limit passed; true when the limit stopped it.
  async work (deadline) {
    for (;;) {
      const seq = ++this.next
      if (seq > this.o.docs) return false
      if (this.o.rate > 0) {
        const wait = this.start + (seq - 1) / this.o.rate * 1000 - Date.now()
        if (wait > 0) await sleep(wait)
      }
      if (Date.now() > deadline) return true
      this.attempted++
      const target = this.o.targets[(seq - 1) % this.o.targets.length]
      let status
      try {
        status = await this.send(target, document(this.o, seq))
      } catch (err) {
        this.fail(seq, failureOf(err))
        continue
      }
      if (status < 200 || status > 299) {
        this.fail(seq, { type: `HTTP ${status}`, message: http.STATUS_CODES[status] || '' })
      } else {
        this.acknowledged++
        this.ackedSeqs.push(seq)
      }
    }
  }

  sample () {
    // the sockets first, then the documents: a sample never shows more TIME_WAIT than documents done
    const { timeWait, established } = readSockets()
    const s = { tMs: Date.now() - this.start, acknowledged: this.acknowledged, failed: this.failed, timeWait, established }
    this.samples.push(s)
    process.stderr.write(`${PROGRESS_PREFIX}${s.tMs} ${s.acknowledged} ${s.failed} ${timeWait} ${established} ${this.o.docs}\n`)
  }

  // awaitRecovery asks the same client once a second, from the first failure on, for an answer from the target's
  // /health (Node answers a POST there with 405 without counting it): any HTTP answer means it got a connection again.
  async awaitRecovery () {
    const giveUp = this.firstEpochMs + this.o.awaitRecovery * 1000
    const probe = this.o.targets[0].replace(/\/docs$/, '') + '/health'
    const body = { runId: 'probe-' + this.o.runId, seq: 0 }
    while (Date.now() < giveUp) {
      const sentAt = Date.now()
      try {
        await this.send(probe, body)
        try {
          fs.writeFileSync(path.join(endOfLoadDir(this.o.runId), 'recovered-after-ms'), String(sentAt - this.firstEpochMs),
            { mode: 0o644 })
        } catch {}
        return
      } catch {}
      const wait = sentAt + 1000 - Date.now()
      if (wait > 0) await sleep(wait)
    }
  }
}

async function execute (o, send) {
  const r = new Run(o, send)
  const deadline = r.start + o.maxSeconds * 1000
  r.sample()
  const ticker = setInterval(() => r.sample(), o.sampleMs)
  let limited = false
  try {
    const workers = []
    for (let w = 0; w < o.concurrency; w++) workers.push(r.work(deadline))
    for (const stoppedByLimit of await Promise.all(workers)) limited = limited || stoppedByLimit
  } finally {
    clearInterval(ticker)
  }
  const durationMs = Date.now() - r.start
  r.sample()
  try {
    await recordSockets(o.runId, closesEveryConnection(o.client, Number(process.versions.node.split('.')[0])))
  } catch (err) {
    process.stderr.write(`loadgen: cannot record the socket table at the end of the load: ${err.message}\n`)
  }
  process.stderr.write(PROGRESS_PREFIX + 'done\n')
  if (o.awaitRecovery > 0 && r.first !== null) await r.awaitRecovery()
  const first = r.first !== null
  return {
    client: o.client,
    docs: o.docs,
    concurrency: o.concurrency,
    rate: o.rate,
    attempted: r.attempted,
    acknowledged: r.acknowledged,
    failed: r.failed,
    firstFailureAt: first ? r.firstAt : null,
    error: first ? r.first : null,
    acknowledgedBeforeFirstFailure: first ? r.ackBefore : null,
    firstFailureEpochMs: first ? r.firstEpochMs : null,
    acknowledgedSeqs: mergeRanges(r.ackedSeqs),
    durationMs,
    docsPerSecond: docsPerSecond(r.acknowledged, durationMs),
    stoppedBy: limited ? 'time-limit' : 'completed',
    samples: r.samples,
    errorCounts: sortedObject(r.errorCounts)
  }
}

function broke (err) {
  process.stderr.write(`loadgen: the generator broke: ${err && err.stack ? err.stack : err}\n`)
  process.exit(1)
}

async function main () {
  process.on('uncaughtException', broke)
  process.on('unhandledRejection', broke)
  let o, send
  try {
    o = parseArgs(process.argv.slice(2))
    send = newSender(o)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`loadgen: ${err.message}\n`)
      process.exit(2)
    }
    broke(err)
  }
  const line = JSON.stringify(await execute(o, send))
  // the keep-alive pools would keep the process alive for their idle time-outs: exit once the line is written
  process.stdout.write(line + '\n', () => process.exit(0))
}

module.exports = {
  CLIENTS,
  UsageError,
  parseArgs,
  undiciOrUsageError,
  failureOf,
  mergeRanges,
  tcpStateCounts,
  closing,
  closingOrOpen,
  closesEveryConnection,
  endOfLoadDir,
  document,
  docsPerSecond,
  sortedObject
}

if (require.main === module) main().catch(broke)
