'use strict'
// portex ingest-node: the incident's Express server. POST /docs indexes one JSON document into
// Elasticsearch; GET /stats and GET /health report on it. See README.md for the contract.
const { isUtf8 } = require('node:buffer')
const fs = require('node:fs')
const http = require('node:http')
const https = require('node:https')
const express = require('express')
const { errors } = require('@elastic/elasticsearch')
const { MODES, CLIENT_VERSION, createClient, indexDocument, productCheckCounter, connectionCounter, describeEsError } = require('./es-client')

function fail (message) {
  console.error(`ingest-node: ${message}`)
  process.exit(2)
}

function parseMillis (raw, name) {
  if (raw == null || String(raw).trim() === '') return null
  const n = Number(String(raw).trim())
  if (!Number.isInteger(n) || n < 0 || n > 3600000) fail(`${name} must be a whole number of milliseconds from 0 to 3600000; got "${raw}"`)
  return n
}

function parsePort (raw, name) {
  const n = Number(String(raw).trim())
  if (!Number.isInteger(n) || n < 1 || n > 65535) fail(`${name} must be a TCP port; got "${raw}"`)
  return n
}

const config = {
  port: parsePort(process.env.PORT || '8080', 'PORT'),
  extraPorts: (process.env.EXTRA_PORTS || '').split(',').map(s => s.trim()).filter(Boolean)
    .map(p => parsePort(p, 'EXTRA_PORTS')),
  esUrl: process.env.ES_URL || 'http://elasticsearch:9200',
  esClient: process.env.ES_CLIENT || 'pooled',
  index: process.env.INDEX || 'docs',
  bodyLimit: process.env.BODY_LIMIT || '100kb',
  // Node's http server closes a keep-alive connection idle for keepAliveTimeout (default 5000 ms; Node 24.6+
  // waits keepAliveTimeoutBuffer, default 1000 ms, longer than the Keep-Alive: timeout=5 it advertises).
  // Set here explicitly so that the "longer server timeout" fix of the keep-alive race can be measured.
  keepAliveTimeout: parseMillis(process.env.KEEP_ALIVE_TIMEOUT_MS ?? '5000', 'KEEP_ALIVE_TIMEOUT_MS'),
  keepAliveTimeoutBuffer: parseMillis(process.env.KEEP_ALIVE_TIMEOUT_BUFFER_MS, 'KEEP_ALIVE_TIMEOUT_BUFFER_MS'),
  // HTTPS beside HTTP: TLS_PORT with the certificate chain and key in PEM files (the harness makes them per stack).
  tlsPort: process.env.TLS_PORT ? parsePort(process.env.TLS_PORT, 'TLS_PORT') : null,
  tlsCertFile: process.env.TLS_CERT_FILE || null,
  tlsKeyFile: process.env.TLS_KEY_FILE || null
}
function readPem (file, name) {
  try {
    return fs.readFileSync(file)
  } catch (err) {
    fail(`${name} ${file} cannot be read: ${err.message}`)
  }
}
if (config.tlsPort !== null && (!config.tlsCertFile || !config.tlsKeyFile)) fail('TLS_PORT needs TLS_CERT_FILE and TLS_KEY_FILE (PEM files): set both, or drop TLS_PORT')
const tlsOptions = config.tlsPort === null ? null
  // It asks for a client certificate and takes a connection without one (requestCert, not rejectUnauthorized): a client
  // that has one presents it, as under mutual TLS, and one that has none is served the same.
  : { cert: readPem(config.tlsCertFile, 'TLS_CERT_FILE'), key: readPem(config.tlsKeyFile, 'TLS_KEY_FILE'), requestCert: true, rejectUnauthorized: false }
if (!/^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i.test(config.bodyLimit)) fail(`BODY_LIMIT must look like 100kb, 1mb or 2048; got "${config.bodyLimit}"`)
if (!MODES.includes(config.esClient)) fail(`ES_CLIENT must be one of ${MODES.join(', ')}; got "${config.esClient}"`)

const connections = connectionCounter(config.esUrl) // subscribe before the first socket exists
let es
try {
  es = createClient(config.esClient, config.esUrl)
} catch (err) {
  fail(`cannot create the Elasticsearch client: ${err.message}`)
}

const productChecks = productCheckCounter(es)
// What happened, in all and per client address. received = indexed + failed (503) + rejected (4xx); the connection
// counters say what happened to the client connections: all accepted, those that carried a POST /docs (the harness's
// own /stats and /health requests come over connections of their own), how many of each the keep-alive timeout
// closed, and client errors (parse errors, request/headers timeouts, resets) by code. Per client address: each load
// generator has an address of its own on the stack's network, so runs that share this server at the same time each
// read their own counters (GET /stats?client=<address>).
function newCounters () {
  return {
    received: 0,
    indexed: 0,
    failed: 0,
    rejected: 0,
    overwritten: 0,
    connectionsAccepted: 0,
    keepAliveTimeouts: 0,
    docsConnections: 0,
    docsConnectionsTimedOut: 0,
    clientErrors: {}
  }
}
const total = newCounters()
const byClient = new Map()
const CLIENT_ADDRESS = Symbol('portex.clientAddress')

// The peer's IPv4 address as the load generator knows its own (Node reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d).
function addressOf (socket) {
  if (socket[CLIENT_ADDRESS] === undefined) {
    const address = socket.remoteAddress || 'unknown'
    socket[CLIENT_ADDRESS] = address.startsWith('::ffff:') ? address.slice(7) : address
  }
  return socket[CLIENT_ADDRESS]
}

function countersOf (address) {
  let counters = byClient.get(address)
  if (counters === undefined) {
    counters = newCounters()
    byClient.set(address, counters)
  }
  return counters
}

function count (socket, name) {
  total[name]++
  countersOf(addressOf(socket))[name]++
}

function countClientError (socket, code) {
  for (const counters of [total, countersOf(addressOf(socket))]) {
    counters.clientErrors[code] = (counters.clientErrors[code] || 0) + 1
  }
}
const CARRIED_DOCS = Symbol('portex.carriedDocs')

function sendError (res, status, error, cause, code) {
  res.status(status).json({ error, cause: cause == null ? null : String(cause), code: code == null ? null : String(code) })
}

function typeOfJson (value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

const app = express()
app.disable('x-powered-by')
app.disable('etag')

const jsonBody = express.json({
  limit: config.bodyLimit,
  strict: false, // top-level type is checked below, with a clearer message
  type: () => true, // Content-Type was already checked
  verify: (req, res, buf, encoding) => {
    req.rawBodyLength = buf.length // body-parser turns an empty body into {}
    // JSON text is UTF-8 (RFC 8259). body-parser would decode bytes that are not to U+FFFD, and Elasticsearch would
    // index (and Node acknowledge) a document the client never sent: found by IngestServerFuzzIT, seed 20261202.
    if (encoding === 'utf-8' && !isUtf8(buf)) {
      const err = new Error('the body is not valid UTF-8, which JSON text must be (RFC 8259)')
      err.status = 400
      err.type = 'entity.parse.failed'
      throw err
    }
  }
})

app.post('/docs',
  (req, res, next) => {
    count(req.socket, 'received')
    if (!req.socket[CARRIED_DOCS]) {
      req.socket[CARRIED_DOCS] = true
      count(req.socket, 'docsConnections')
    }
    const contentType = req.headers['content-type']
    const mediaType = contentType ? contentType.split(';')[0].trim().toLowerCase() : ''
    if (mediaType !== 'application/json') {
      count(req.socket, 'rejected')
      return sendError(res, 415, 'Content-Type must be application/json',
        contentType ? `got Content-Type "${contentType}"` : 'no Content-Type header', null)
    }
    next()
  },
  jsonBody,
  async (req, res) => {
    if (req.body === undefined || req.rawBodyLength === 0) {
      count(req.socket, 'rejected')
      return sendError(res, 400, 'Request body is empty', 'expected a JSON object', null)
    }
    const doc = req.body
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      count(req.socket, 'rejected')
      return sendError(res, 400, 'Request body must be a JSON object', `got ${typeOfJson(doc)}`, null)
    }
    let result
    try {
      // A document that carries its own id (a non-empty string "id") is indexed under it: sent twice, it
      // overwrites itself instead of being indexed twice, so a client may safely retry it.
      const id = typeof doc.id === 'string' && doc.id !== '' ? doc.id : undefined
      result = await indexDocument(es, config.index, doc, id)
    } catch (err) {
      count(req.socket, 'failed')
      const { cause, code } = describeEsError(err)
      return sendError(res, 503, err instanceof errors.ResponseError
        ? 'Elasticsearch refused the document: it was not indexed'
        : 'Elasticsearch is unavailable: the document was not indexed', cause, code)
    }
    count(req.socket, 'indexed')
    if (result.result === 'updated') count(req.socket, 'overwritten') // a document with its own id, sent again
    res.status(201).json({ result: result.result, index: result._index, id: result._id })
  },
  // Errors of the body parser (and anything else thrown on this route).
  (err, req, res, next) => {
    if (res.headersSent) return next(err)
    const status = Number(err.status || err.statusCode) || 500
    if (status >= 400 && status < 500) count(req.socket, 'rejected')
    switch (err.type) {
      case 'entity.parse.failed':
        return sendError(res, 400, 'Request body is not valid JSON', err.message, err.type)
      case 'entity.too.large':
        return sendError(res, 413, `Request body is larger than BODY_LIMIT (${config.bodyLimit})`,
          `${err.message}: ${err.length != null ? `${err.length} bytes` : 'chunked body'} > limit of ${err.limit} bytes`, err.type)
      case 'charset.unsupported':
      case 'encoding.unsupported':
        return sendError(res, 415, 'Unsupported charset or Content-Encoding', err.message, err.type)
      default:
        return sendError(res, status, status < 500 ? 'Request body could not be read' : 'Internal server error',
          err.message, err.type || err.code)
    }
  })

// GET /stats: every counter in all; GET /stats?client=<address>: the counters of the connections from that address
// only (zeros for an address never seen), with "client" naming it. The rest describes the server.
app.get('/stats', (req, res) => {
  const client = typeof req.query.client === 'string' && req.query.client !== '' ? req.query.client : null
  const counters = client === null ? total : (byClient.get(client) || newCounters())
  res.json({
    ...(client === null ? {} : { client }),
    received: counters.received,
    indexed: counters.indexed,
    failed: counters.failed,
    rejected: counters.rejected,
    esClient: config.esClient,
    esClientVersion: CLIENT_VERSION,
    nodeVersion: process.version,
    esConnectionsOpened: connections.opened,
    esProductChecks: productChecks.checks,
    overwritten: counters.overwritten,
    keepAliveTimeout: servers.length ? servers[0].keepAliveTimeout : config.keepAliveTimeout,
    keepAliveTimeoutBuffer: servers.length && servers[0].keepAliveTimeoutBuffer !== undefined ? servers[0].keepAliveTimeoutBuffer : null,
    connectionsAccepted: counters.connectionsAccepted,
    keepAliveTimeouts: counters.keepAliveTimeouts,
    docsConnections: counters.docsConnections,
    docsConnectionsTimedOut: counters.docsConnectionsTimedOut,
    clientErrors: counters.clientErrors
  })
})

app.get('/health', (req, res) => {
  res.json({ status: 'ok', esClient: config.esClient, esClientVersion: CLIENT_VERSION, nodeVersion: process.version })
})

const allowed = { '/docs': 'POST', '/stats': 'GET, HEAD', '/health': 'GET, HEAD' }
for (const [path, methods] of Object.entries(allowed)) {
  app.all(path, (req, res) => {
    res.set('Allow', methods)
    sendError(res, 405, 'Method not allowed', `${req.method} ${path}; allowed: ${methods}`, null)
  })
}

app.use((req, res) => {
  sendError(res, 404, 'No such route', `${req.method} ${req.path}`, null)
})

app.use((err, req, res, next) => {
  if (res.headersSent) return next(err)
  const status = Number(err.status || err.statusCode) || 500
  sendError(res, status >= 400 && status < 600 ? status : 500,
    status < 500 ? 'Bad request' : 'Internal server error', err.message, err.type || err.code)
})

process.on('unhandledRejection', err => {
  console.error('ingest-node: unhandled rejection:', err)
})

const ports = [config.port, ...config.extraPorts.filter(p => p !== config.port)]
if (config.tlsPort !== null && ports.includes(config.tlsPort)) fail(`TLS_PORT ${config.tlsPort} is also an HTTP port: pick another`)
const listeners = [...ports.map(port => ({ port, tls: false })), ...(config.tlsPort === null ? [] : [{ port: config.tlsPort, tls: true }])]
const servers = []
let listening = 0
for (const { port, tls } of listeners) {
  const server = tls ? https.createServer(tlsOptions, app) : http.createServer(app)
  server.listen(port, () => {
    if (++listening === listeners.length) {
      console.log(`ingest-node listening on ${listeners.map(l => l.tls ? `${l.port} (https)` : l.port).join(',')} (node ${process.version}, es client: ${config.esClient}, @elastic/elasticsearch ${CLIENT_VERSION}, es: ${config.esUrl}, keep-alive timeout ${servers[0].keepAliveTimeout} ms${servers[0].keepAliveTimeoutBuffer !== undefined ? ` + ${servers[0].keepAliveTimeoutBuffer} ms buffer` : ''})`)
    }
  })
  server.on('error', err => fail(`cannot listen on ${port}: ${err.message}`))
  server.keepAliveTimeout = config.keepAliveTimeout
  if (config.keepAliveTimeoutBuffer != null) {
    if (server.keepAliveTimeoutBuffer === undefined) fail(`KEEP_ALIVE_TIMEOUT_BUFFER_MS needs Node.js 24.6 or later; this is ${process.version}`)
    server.keepAliveTimeoutBuffer = config.keepAliveTimeoutBuffer
  }
  server.on('connection', socket => { count(socket, 'connectionsAccepted') })
  // A client that refuses the certificate (or speaks no TLS) ends the handshake: counted by its code, as a client error.
  if (tls) server.on('tlsClientError', (err, socket) => { countClientError(socket, err.code || 'tls'); socket.destroy() })
  // With server.timeout at its default (0) the only socket timeout is the keep-alive one: Node emits 'timeout'
  // when a kept-alive connection stayed idle that long. A listener replaces Node's own socket.destroy(), so do it here.
  server.on('timeout', socket => {
    count(socket, 'keepAliveTimeouts')
    if (socket[CARRIED_DOCS]) count(socket, 'docsConnectionsTimedOut')
    socket.destroy()
  })
  // Counted, then answered as Node does without a listener (408 for a request timeout, 431 for oversized
  // headers, 400 otherwise); a reset or an unwritable socket is just destroyed.
  server.on('clientError', (err, socket) => {
    const code = err.code || 'unknown'
    countClientError(socket, code)
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy()
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout'
      : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request'
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
  })
  // CONNECT asks a proxy for a tunnel; Node hands it to 'connect' listeners and, with none, closes the connection
  // without a word (found by IngestServerFuzzIT, seed 20261202). Refused here like any method a route does not take.
  server.on('connect', (req, socket) => {
    socket.on('error', () => socket.destroy()) // the socket is this listener's now: a reset must not end the process
    const body = JSON.stringify({ error: 'Method not allowed', cause: `CONNECT ${req.url}; this server is no proxy`, code: null })
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  })
  servers.push(server)
}

function shutdown (signal) {
  for (const server of servers) server.close()
  es.close().catch(() => {}).finally(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
