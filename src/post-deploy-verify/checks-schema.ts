/**
 * The JSON Schema of the `checks` input of post-deploy-verify. The repository ships the same
 * document as `schemas/checks.schema.json` (a unit test keeps the two identical), so editors can
 * validate a checks file with `# yaml-language-server: $schema=…`.
 */

const duration = {
  'x-hint': 'is not a duration; use a number of seconds or text such as 500ms, 5s, 1m30s',
  oneOf: [
    { type: 'number', minimum: 0 },
    { type: 'string', pattern: '^\\s*(\\d+(\\.\\d+)?|(\\d+(\\.\\d+)?(ms|s|m|h|d))+)\\s*$' },
  ],
};

const headerMap = {
  type: 'object',
  description: 'Header name to value. Values may reference environment variables as ${NAME}.',
  additionalProperties: { type: ['string', 'number', 'boolean'] },
};

const statusItem = {
  'x-hint': 'is not a status; use a status (200), a class (2xx) or a range (200-299)',
  oneOf: [
    { type: 'integer', minimum: 100, maximum: 599 },
    {
      type: 'string',
      pattern: '^\\s*([1-5]xx|[1-5]\\d\\d(\\s*-\\s*[1-5]\\d\\d)?)\\s*$',
      description: 'A status (200), a class (2xx) or a range (200-299).',
    },
  ],
};

const common = {
  name: { type: 'string', minLength: 1, description: 'Unique name shown in the summary.' },
  kind: { enum: ['http', 'prometheus', 'kubernetes'], description: 'Defaults to http.' },
};

const httpCheck = {
  type: 'object',
  required: ['url', 'expect'],
  additionalProperties: false,
  properties: {
    ...common,
    url: {
      type: 'string',
      minLength: 1,
      description: 'An http(s) URL, or a path resolved against the base-url input.',
    },
    method: {
      'x-hint': 'is not an HTTP method; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS',
      type: 'string',
      pattern: '^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|get|head|post|put|patch|delete|options)$',
    },
    headers: { $ref: '#/definitions/headers' },
    body: {
      description: 'Request body: text, or an object/array sent as JSON. May reference ${NAME}.',
      type: ['string', 'object', 'array'],
    },
    timeout: { $ref: '#/definitions/duration', description: 'Per-request timeout (default 10s).' },
    requests: {
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      description:
        'Requests per attempt, one after the other (default 1): all must pass; p95-latency is over them.',
    },
    tls: {
      type: 'object',
      additionalProperties: false,
      properties: {
        'ca-file': { type: 'string', minLength: 1, description: 'PEM file of extra trusted CAs.' },
        insecure: {
          type: 'boolean',
          description: 'Skip certificate verification (staging only).',
        },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      description: 'What the response must satisfy; at least one expectation.',
      properties: {
        status: {
          'x-hint': statusItem['x-hint'],
          oneOf: [
            { $ref: '#/definitions/status' },
            { type: 'array', minItems: 1, items: { $ref: '#/definitions/status' } },
          ],
        },
        'body-contains': {
          oneOf: [
            { type: 'string', minLength: 1 },
            { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          ],
        },
        'body-regex': { type: 'string', minLength: 1 },
        json: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['path'],
            additionalProperties: false,
            minProperties: 2,
            properties: {
              path: {
                type: 'string',
                minLength: 1,
                description: 'Dot path into the JSON body: status, $.data.items[0].id',
              },
              equals: { description: 'Any JSON value, compared deeply.' },
              matches: { type: 'string', minLength: 1, description: 'Regular expression.' },
              exists: { type: 'boolean' },
            },
          },
        },
        headers: {
          type: 'object',
          description: 'Header name to a text the header value must contain (case-insensitive).',
          additionalProperties: { type: ['string', 'number'] },
        },
        'max-latency': {
          $ref: '#/definitions/duration',
          description: 'Upper bound of the response time.',
        },
        'p95-latency': {
          $ref: '#/definitions/duration',
          description: "Upper bound of the 95th percentile of an attempt's response times.",
        },
      },
    },
  },
};

const prometheusCheck = {
  type: 'object',
  required: ['kind', 'query', 'condition'],
  additionalProperties: false,
  properties: {
    ...common,
    address: {
      type: 'string',
      minLength: 1,
      description: 'Prometheus base URL; defaults to the prometheus-url input.',
    },
    query: { type: 'string', minLength: 1, description: 'PromQL, evaluated as an instant query.' },
    condition: {
      type: 'string',
      minLength: 1,
      description: 'Success condition on `result`, e.g. result >= 0.99 (each vector element).',
    },
    'failure-condition': {
      type: 'string',
      minLength: 1,
      description:
        'Optional failure condition; when neither holds the measurement is inconclusive.',
    },
    interval: {
      $ref: '#/definitions/duration',
      description: 'Time between measurements (default 10s).',
    },
    count: { type: 'integer', minimum: 1, description: 'Number of measurements (default 1).' },
    'failure-limit': { type: 'integer', minimum: 0, description: 'Failures tolerated (0).' },
    'inconclusive-limit': {
      type: 'integer',
      minimum: 0,
      description: 'Inconclusive measurements tolerated (0).',
    },
    'initial-delay': {
      $ref: '#/definitions/duration',
      description: 'Wait before the first measurement.',
    },
    timeout: { $ref: '#/definitions/duration', description: 'Per-query timeout (default 10s).' },
    headers: { $ref: '#/definitions/headers' },
  },
};

const kubernetesCheck = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    ...common,
    namespace: { type: 'string', minLength: 1 },
    deployment: { type: 'string', minLength: 1, description: 'Deployment whose pods to watch.' },
    selector: { type: 'string', minLength: 1, description: 'Label selector of the pods.' },
    window: {
      $ref: '#/definitions/duration',
      description: 'How long restart counts must stay unchanged (default 30s).',
    },
  },
};

const check = {
  type: 'object',
  required: [],
  properties: { kind: common.kind },
  allOf: [
    {
      if: { properties: { kind: { const: 'prometheus' } }, required: ['kind'] },
      then: prometheusCheck,
    },
    {
      if: { properties: { kind: { const: 'kubernetes' } }, required: ['kind'] },
      then: kubernetesCheck,
    },
    { if: { not: { required: ['kind'] } }, then: httpCheck },
    { if: { properties: { kind: { const: 'http' } }, required: ['kind'] }, then: httpCheck },
  ],
};

export const checksSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://raw.githubusercontent.com/org/oasis-actions/v1/schemas/checks.schema.json',
  title: 'post-deploy-verify checks',
  description:
    'Checks run by the post-deploy-verify action: a list of checks, or an object with a checks list.',
  oneOf: [
    { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } },
    {
      type: 'object',
      required: ['checks'],
      additionalProperties: false,
      properties: {
        checks: { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } },
      },
    },
  ],
  definitions: {
    check,
    httpCheck,
    prometheusCheck,
    kubernetesCheck,
    duration,
    headers: headerMap,
    status: statusItem,
  },
};
