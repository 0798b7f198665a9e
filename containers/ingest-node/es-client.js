'use strict'
// The Elasticsearch side of ingest-node: the official client in one of three connection modes,
// plus a real count of the TCP connections Node opens towards Elasticsearch.
const http = require('node:http')
const os = require('node:os')
const diagnosticsChannel = require('node:diagnostics_channel')
const fs = require('node:fs')
const path = require('node:path')
const elasticsearch = require('@elastic/elasticsearch')
const { Client, errors } = elasticsearch

const MODES = ['pooled', 'per-request', 'agent-false']

// 9, 8 or 7: the image installs the client whose major matches the Elasticsearch server (es8/ for 8.19,
// es7/ for 7.17). Read from the installed package.json: no major exports "./package.json".
const CLIENT_VERSION = JSON.parse(fs.readFileSync(
  path.join(path.dirname(require.resolve('@elastic/elasticsearch')), 'package.json'), 'utf8')).version
const CLIENT_MAJOR = Number(CLIENT_VERSION.split('.')[0])
// The node:http based connection class: HttpConnection in 8.x and 9.x (the default there is undici),
// Connection in 7.x (where it is the only one, and the default).
const HttpConnection = CLIENT_MAJOR >= 8 ? elasticsearch.HttpConnection : elasticsearch.Connection

// Keep-alive agent that never keeps a socket: requests go out with "Connection: keep-alive", so
// Elasticsearch keeps its end open, and as soon as a response has been read completely the agent
// destroys the socket. Node therefore closes first (sends the first FIN) and the TIME_WAIT, with its
// ephemeral port, stays in Node's network namespace: one new connection and one TIME_WAIT per request.
// (An agent with keepAlive:false sends "Connection: close" instead, Elasticsearch then closes first and
// the TIME_WAIT lands on the Elasticsearch side: Node would never run out of ports.)
class OneConnectionPerRequestAgent extends http.Agent {
  constructor () {
    // maxSockets stays Infinity: a queued request would otherwise reuse a freed socket before
    // keepSocketAlive() is asked.
    super({ keepAlive: true, maxSockets: Infinity })
  }

  keepSocketAlive (socket) {
    return false // http.Agent then calls socket.destroy()
  }
}

function createClient (mode, esUrl) {
  const common = { node: esUrl, maxRetries: maxRetries() }
  switch (mode) {
    case 'pooled':
      // The client's defaults. 8.x, 9.x: UndiciConnection, an undici Pool with keep-alive. 7.x: Connection
      // on a node:http Agent with keepAlive, maxSockets 256, maxFreeSockets 256, LIFO scheduling.
      return new Client(common)
    case 'per-request':
      return new Client({ ...common, Connection: HttpConnection, agent: () => new OneConnectionPerRequestAgent() })
    case 'agent-false':
      // The documented "agent: false": the connection then uses Node's global agent, whose keep-alive
      // depends on the Node version (off on Node 18, on since Node 19). In 8.x and 9.x the default
      // UndiciConnection throws ConfigurationError("Undici connection agent options can't be a function
      // or a boolean"), so it needs HttpConnection.
      return new Client({ ...common, Connection: HttpConnection, agent: false })
    default:
      throw new Error(`ES_CLIENT must be one of ${MODES.join(', ')}; got "${mode}"`)
  }
}

// Retries are off by default: the client's default (3 retries with 1-4 s back-off each) turns every
// failed document into a 5-10 s wait and, once ports come back out of TIME_WAIT after 60 s, a retry
// can silently succeed. ES_MAX_RETRIES restores them.
function maxRetries () {
  const raw = process.env.ES_MAX_RETRIES
  if (raw == null || raw === '') return 0
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`ES_MAX_RETRIES must be a non-negative integer; got "${raw}"`)
  return n
}

// Indexes one document and returns Elasticsearch's answer ({ result, _index, _id, ... }): result is
// "created", or "updated" when a document with the same id was there already. Without an id
// Elasticsearch makes one up, so the same document sent twice is indexed twice.
// 8.x and 9.x take the document as `document` and resolve to the body; 7.x takes `body` and resolves to
// { body, statusCode, headers, ... }.
async function indexDocument (es, index, doc, id) {
  const target = id === undefined ? { index } : { index, id }
  if (CLIENT_MAJOR >= 8) return es.index({ ...target, document: doc })
  const response = await es.index({ ...target, body: doc })
  return response.body
}

// Counts the 7.x client's product checks: before its first request it sends GET / of its own (one more
// connection; in per-request mode one more port in TIME_WAIT). The 8.x and 9.x clients check the
// response header of every request instead, so the count stays 0 there.
function productCheckCounter (es) {
  const counter = { checks: 0 }
  if (CLIENT_MAJOR < 8) {
    es.on('request', (err, result) => {
      const params = result && result.meta && result.meta.request && result.meta.request.params
      if (params && params.method === 'GET' && params.path === '/') counter.checks++
    })
  }
  return counter
}

// Counts TCP connections that Node actually established towards Elasticsearch (host:port of esUrl).
// Both undici (pooled) and node:http (the other modes) create their sockets through net.connect(),
// which publishes every new client socket on the "net.client.socket" diagnostics channel before it
// connects; a connection counts once the socket emits 'connect'. Failed connects (EADDRNOTAVAIL,
// ECONNREFUSED) do not count.
function connectionCounter (esUrl) {
  const url = new URL(esUrl)
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const counter = { opened: 0 }
  diagnosticsChannel.subscribe('net.client.socket', ({ socket }) => {
    socket.once('connect', () => {
      if (socket.remotePort === port) counter.opened++
    })
  })
  return counter
}

// errno names (EADDRNOTAVAIL, ECONNREFUSED, ...) plus the getaddrinfo codes Node reports for DNS failures.
const ERRNO_NAMES = new Set([...Object.keys(os.constants.errno), 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME'])

// Turns whatever the client threw into { cause, code }. elasticsearch-js wraps socket errors in a
// ConnectionError whose message is the Node error message ("connect EADDRNOTAVAIL 172.18.0.2:9200 -
// Local (0.0.0.0:0)") but drops the error code, so the errno name is read back out of the message.
function describeEsError (err) {
  if (err == null) return { cause: 'unknown error', code: null }
  if (err instanceof errors.ResponseError) {
    const body = err.meta && err.meta.body
    const esError = body && typeof body === 'object' ? body.error : null
    const reason = esError && typeof esError === 'object'
      ? (esError.reason || esError.type)
      : (typeof esError === 'string' ? esError : null)
    const status = err.meta && err.meta.statusCode
    return {
      cause: `Elasticsearch answered ${status}: ${reason || firstLine(err.message)}`,
      code: (esError && typeof esError === 'object' && esError.type) || `HTTP_${status}`
    }
  }
  const causeChain = [err, err.cause, err.cause && err.cause.cause].filter(Boolean)
  for (const e of causeChain) {
    if (typeof e.code === 'string' && e.code !== '') return { cause: messageOf(err), code: e.code }
  }
  const message = messageOf(err)
  const errno = message.split(/[^A-Z0-9_]+/).find(token => ERRNO_NAMES.has(token))
  if (errno) return { cause: message, code: errno }
  return { cause: message, code: err.name && err.name !== 'Error' ? err.name : null }
}

function messageOf (err) {
  return (err && err.message) ? String(err.message) : String(err)
}

function firstLine (s) {
  return String(s).split('\n')[0]
}

module.exports = { MODES, CLIENT_VERSION, createClient, indexDocument, productCheckCounter, connectionCounter, describeEsError, OneConnectionPerRequestAgent }
