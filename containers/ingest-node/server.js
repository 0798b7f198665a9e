'use strict'
// portex ingest-node: the incident's Express server. POST /docs indexes one JSON document into
// Elasticsearch; GET /stats and GET /health report on it. See README.md for the contract.
const express = require('express')
const { errors } = require('@elastic/elasticsearch')
const { MODES, CLIENT_VERSION, createClient, indexDocument, productCheckCounter, connectionCounter, describeEsError } = require('./es-client')

function fail (message) {
  console.error(`ingest-node: ${message}`)
  process.exit(2)
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
  bodyLimit: process.env.BODY_LIMIT || '100kb'
}
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
const stats = { received: 0, indexed: 0, failed: 0, rejected: 0 }

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
  verify: (req, res, buf) => { req.rawBodyLength = buf.length } // body-parser turns an empty body into {}
})

app.post('/docs',
  (req, res, next) => {
    stats.received++
    const contentType = req.headers['content-type']
    const mediaType = contentType ? contentType.split(';')[0].trim().toLowerCase() : ''
    if (mediaType !== 'application/json') {
      stats.rejected++
      return sendError(res, 415, 'Content-Type must be application/json',
        contentType ? `got Content-Type "${contentType}"` : 'no Content-Type header', null)
    }
    next()
  },
  jsonBody,
  async (req, res) => {
    if (req.body === undefined || req.rawBodyLength === 0) {
      stats.rejected++
      return sendError(res, 400, 'Request body is empty', 'expected a JSON object', null)
    }
    const doc = req.body
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      stats.rejected++
      return sendError(res, 400, 'Request body must be a JSON object', `got ${typeOfJson(doc)}`, null)
    }
    let result
    try {
      result = await indexDocument(es, config.index, doc)
    } catch (err) {
      stats.failed++
      const { cause, code } = describeEsError(err)
      return sendError(res, 503, err instanceof errors.ResponseError
        ? 'Elasticsearch refused the document: it was not indexed'
        : 'Elasticsearch is unavailable: the document was not indexed', cause, code)
    }
    stats.indexed++
    res.status(201).json({ result: result.result, index: result._index, id: result._id })
  },
  // Errors of the body parser (and anything else thrown on this route).
  (err, req, res, next) => {
    if (res.headersSent) return next(err)
    const status = Number(err.status || err.statusCode) || 500
    if (status >= 400 && status < 500) stats.rejected++
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

app.get('/stats', (req, res) => {
  res.json({
    received: stats.received,
    indexed: stats.indexed,
    failed: stats.failed,
    rejected: stats.rejected,
    esClient: config.esClient,
    esClientVersion: CLIENT_VERSION,
    nodeVersion: process.version,
    esConnectionsOpened: connections.opened,
    esProductChecks: productChecks.checks
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
const servers = []
let listening = 0
for (const port of ports) {
  const server = app.listen(port, err => {
    if (err) fail(`cannot listen on ${port}: ${err.message}`)
    if (++listening === ports.length) {
      console.log(`ingest-node listening on ${ports.join(',')} (node ${process.version}, es client: ${config.esClient}, @elastic/elasticsearch ${CLIENT_VERSION}, es: ${config.esUrl})`)
    }
  })
  server.on('error', err => fail(`cannot listen on ${port}: ${err.message}`))
  servers.push(server)
}

function shutdown (signal) {
  for (const server of servers) server.close()
  es.close().catch(() => {}).finally(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
