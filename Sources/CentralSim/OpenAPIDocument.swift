/// The central's OpenAPI 3.1 description, served at `/openapi.yaml`.
public enum OpenAPIDocument {
    public static let yaml = """
    openapi: 3.1.0
    info:
      title: idgate central service
      version: 1.0.0
      description: >
        Record intake from idgate agents (exactly once through Idempotency-Key), reference
        snapshot export with cursors, and admin endpoints for tests (fault injection).
    servers:
      - url: http://127.0.0.1:8086
    security:
      - agentToken: []
    paths:
      /health:
        get:
          summary: Liveness
          security: []
          responses:
            '200': {description: Alive, content: {text/plain: {schema: {type: string}}}}
      /openapi.yaml:
        get:
          summary: This document
          security: []
          responses:
            '200': {description: The OpenAPI document, content: {application/yaml: {schema: {type: string}}}}
      /v1/records:
        post:
          summary: Submit one record; a replay of the same Idempotency-Key returns the original answer
          parameters:
            - name: Idempotency-Key
              in: header
              required: true
              schema: {type: string, minLength: 1}
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Record'}
          responses:
            '201': {description: 'Stored, or replayed', content: {application/json: {schema: {$ref: '#/components/schemas/RecordAnswer'}}}}
            '400': {description: Missing header or malformed body}
            '401': {description: Agent token missing or unknown}
            '422': {description: 'Refused for good: unknown kind, or key reused with another record', content: {application/json: {schema: {$ref: '#/components/schemas/RecordAnswer'}}}}
            '500': {description: 'Transient failure; retry with the same key'}
      /v1/records/batch:
        post:
          summary: Submit records in order, each with its own idempotency key
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [records]
                  properties:
                    records: {type: array, items: {$ref: '#/components/schemas/BatchItem'}}
          responses:
            '200':
              description: One answer per record, in order
              content:
                application/json:
                  schema:
                    type: object
                    required: [results]
                    properties:
                      results: {type: array, items: {$ref: '#/components/schemas/RecordAnswer'}}
            '400': {description: Malformed body}
            '401': {description: Agent token missing or unknown}
            '413': {description: Batch too large}
            '500': {description: 'Transient failure; retry the batch'}
      /v1/snapshots/{dataset}:
        get:
          summary: Rows of a reference dataset changed after a cursor
          parameters:
            - {name: dataset, in: path, required: true, schema: {type: string, examples: [eligibility, health-certificates]}}
            - {name: since, in: query, required: false, schema: {type: string}, description: nextCursor of the previous page}
            - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 10000, default: 1000}}
          responses:
            '200': {description: A page, content: {application/json: {schema: {$ref: '#/components/schemas/SnapshotPage'}}}}
            '400': {description: Bad cursor or limit}
            '401': {description: Agent token missing or unknown}
      /admin/faults:
        get:
          summary: Fault plan in force
          security: [{adminToken: []}]
          responses:
            '200': {description: The plan, content: {application/json: {schema: {$ref: '#/components/schemas/FaultPlan'}}}}
        put:
          summary: Replace the fault plan
          security: [{adminToken: []}]
          requestBody:
            required: true
            content: {application/json: {schema: {$ref: '#/components/schemas/FaultPlan'}}}
          responses:
            '200': {description: The new plan, content: {application/json: {schema: {$ref: '#/components/schemas/FaultPlan'}}}}
            '400': {description: Values out of range}
      /admin/records/keys:
        get:
          summary: Idempotency keys of all stored records, in arrival order
          security: [{adminToken: []}]
          responses:
            '200':
              description: Keys
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      count: {type: integer}
                      keys: {type: array, items: {type: string}}
      /admin/snapshots/{dataset}:
        put:
          summary: Insert or replace snapshot rows
          security: [{adminToken: []}]
          parameters:
            - {name: dataset, in: path, required: true, schema: {type: string}}
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  properties:
                    rows: {type: array, items: {$ref: '#/components/schemas/SnapshotEntry'}}
          responses:
            '204': {description: Stored}
    components:
      securitySchemes:
        agentToken: {type: http, scheme: bearer}
        adminToken: {type: http, scheme: bearer}
      schemas:
        Record:
          type: object
          required: [stream, kind, createdAt, payload]
          properties:
            stream: {type: string, description: Ordering stream}
            kind: {type: string, examples: [check-in, lookup, health-certificate]}
            createdAt: {type: string, format: date-time}
            payload: {type: string, contentEncoding: base64}
        BatchItem:
          allOf:
            - $ref: '#/components/schemas/Record'
            - type: object
              required: [idempotencyKey]
              properties:
                idempotencyKey: {type: string}
        RecordAnswer:
          type: object
          required: [idempotencyKey, status]
          properties:
            idempotencyKey: {type: string}
            status: {type: integer, description: '201 stored or replayed; 4xx refused for good; 503 not processed'}
            recordId: {type: string}
            replayed: {type: boolean}
            error: {type: string}
        SnapshotEntry:
          type: object
          required: [key, body, deleted]
          properties:
            key: {type: string}
            body: {type: string, contentEncoding: base64}
            deleted: {type: boolean}
        SnapshotPage:
          type: object
          required: [rows, nextCursor, hasMore]
          properties:
            rows: {type: array, items: {$ref: '#/components/schemas/SnapshotEntry'}}
            nextCursor: {type: string}
            hasMore: {type: boolean}
        FaultPlan:
          type: object
          properties:
            latencyMilliseconds: {type: integer, minimum: 0}
            errorRate: {type: number, minimum: 0, maximum: 1}
            dropAfterReceiveRate: {type: number, minimum: 0, maximum: 1}
    """
}
