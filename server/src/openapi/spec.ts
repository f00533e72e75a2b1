import { STATUS_CODES } from "node:http";
import { API_ERROR_STATUS, type ApiErrorCode } from "@readerkit/core/error-codes";
import { openAPI } from "better-auth/plugins";
import * as z from "zod";
import type { Auth } from "../auth/auth.ts";
import { VERSION } from "../version.ts";
import { OPERATIONS, type Operation } from "./operations.ts";
import {
  authErrorBodySchema,
  errorBodySchema,
  profileAnswerSchema,
  profileWriteAnswerSchema,
  profileWriteBodySchema,
} from "./schemas.ts";

type Json = Record<string, unknown>;
export type OpenApiDocument = Json & {
  openapi: string;
  paths: Record<string, Record<string, Json>>;
  components: Json;
};

/**
 * Any route on the API router may answer these: a NUL in a query value or an undecodable URL
 * (request-guards.ts, errors.ts), and the error middleware's bare 500.
 */
const EVERY_ROUTE: ApiErrorCode[] = ["VALIDATION_FAILED", "INTERNAL_ERROR"];

/** Schemas many operations share: printed once under components, referenced by name. */
const SHARED: Record<string, { schema: z.ZodType; io: "input" | "output" }> = {
  ErrorBody: { schema: errorBodySchema, io: "output" },
  AuthErrorBody: { schema: authErrorBodySchema, io: "output" },
  ProfileAnswer: { schema: profileAnswerSchema, io: "output" },
  ProfileWriteAnswer: { schema: profileWriteAnswerSchema, io: "output" },
  ProfileWrite: { schema: profileWriteBodySchema, io: "input" },
};

/** A shared schema by reference, any other inline. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const shared = Object.entries(SHARED).find(
    ([, entry]) => entry.schema === schema && entry.io === io,
  );
  return shared ? { $ref: `#/components/schemas/${shared[0]}` } : inline(schema, io);
}

/** JSON Schema 2020-12, OpenAPI 3.1's own dialect. */
function inline(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    // Every schema inline: each operation reads on its own, and a `$ref` into `$defs` would
    // resolve against the document's root, not the schema's.
    reused: "inline",
  }) as Json;
  return rest;
}

const SECURITY = {
  public: [],
  reader: [{ cookieAuth: [] }, { bearerAuth: [] }],
  metrics: [{ metricsToken: [] }],
  // Better Auth's endpoints read a session when one is sent; which of them need one is theirs to say.
  optional: [{ cookieAuth: [] }, { bearerAuth: [] }, {}],
} as const;

const RETRY_AFTER = { "Retry-After": { schema: { type: "integer" }, description: "Seconds" } };

/** One error status: its codes listed, each with an example body. */
function errorResponse(
  status: number,
  codes: string[],
  schema: z.ZodType,
  example: (code: string) => Json,
): Json {
  return {
    description: `${STATUS_CODES[status]}: ${codes.join(", ")}`,
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    content: {
      "application/json": {
        schema: jsonSchema(schema, "output"),
        examples: Object.fromEntries(codes.map((code) => [code, { value: example(code) }])),
      },
    },
  };
}

function errorResponses(codes: ApiErrorCode[]): Record<string, Json> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of new Set([...codes, ...EVERY_ROUTE])) {
    const status = API_ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      errorResponse(status, list, errorBodySchema, (code) => ({
        error: STATUS_CODES[status],
        message: `(${code})`,
        code,
        requestId: "a1b2c3d4-7",
      })),
    ]),
  );
}

function authErrorResponses(codes: Record<number, string[]>): Record<string, Json> {
  const all: Record<number, string[]> = {
    413: ["PAYLOAD_TOO_LARGE"],
    500: ["INTERNAL_ERROR"],
    503: ["SERVICE_UNAVAILABLE"],
    ...codes,
  };
  return Object.fromEntries(
    Object.entries(all).map(([status, list]) => [
      status,
      errorResponse(Number(status), list, authErrorBodySchema, (code) => ({
        code,
        message: `(${code})`,
        requestId: "a1b2c3d4-9",
      })),
    ]),
  );
}

function operation(op: Operation): Json {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const ifMatch = op.ifMatch
    ? [
        {
          name: "If-Match",
          in: "header",
          required: false,
          description: 'The expected profile version, e.g. "3" (wins over `version`)',
          schema: { type: "string" },
        },
      ]
    : [];
  const success = Object.fromEntries(
    Object.entries(op.responses).map(([status, answer]) => [
      status,
      answer.schema === "none"
        ? { description: answer.description }
        : {
            description: answer.description,
            content:
              answer.schema === "text"
                ? { "text/plain": { schema: { type: "string" } } }
                : {
                    "application/json": {
                      schema: jsonSchema(answer.schema, "output"),
                      ...(answer.example === undefined ? {} : { example: answer.example }),
                    },
                  },
          },
    ]),
  );
  return {
    operationId: `${op.method}${op.path
      .replace(/^\/api/, "")
      .replace(/[{}]/g, "")
      .replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: op.summary,
    tags: [op.tag],
    security: SECURITY[op.access],
    ...(pathParams.length + ifMatch.length ? { parameters: [...pathParams, ...ifMatch] } : {}),
    ...(op.body
      ? {
          requestBody: {
            // DELETE /api/account may come without a body (a fresh session is enough).
            required: op.method !== "delete",
            content: {
              "application/json": {
                schema: jsonSchema(op.body.schema, "input"),
                example: op.body.example,
              },
            },
          },
        }
      : {}),
    responses: {
      ...success,
      ...(op.betterAuth
        ? authErrorResponses(op.authErrors ?? {})
        : errorResponses(op.errors ?? [])),
    },
  };
}

/**
 * Better Auth's own endpoints, from its OpenAPI plugin's generator (called here rather than
 * mounted, so the plugin's reference page, which loads a script from a CDN, is never served).
 */
async function betterAuthPaths(
  auth: Auth,
): Promise<{ paths: Record<string, Record<string, Json>>; schemas: Json }> {
  const generate = openAPI({ disableDefaultReference: true }).endpoints.generateOpenAPISchema;
  const spec = (await generate({ context: await auth.$context } as never)) as unknown as {
    paths: Record<string, Record<string, Json>>;
    components: { schemas: Json };
  };
  const paths: Record<string, Record<string, Json>> = {};
  for (const [path, methods] of Object.entries(spec.paths)) {
    paths[`/api/auth${path}`] = Object.fromEntries(
      Object.entries(methods).map(([method, op]) => [
        method,
        { ...op, tags: ["Better Auth"], security: SECURITY.optional },
      ]),
    );
  }
  return { paths, schemas: spec.components.schemas };
}

/** The whole API as one OpenAPI 3.1 document: ours from OPERATIONS, Better Auth's from itself. */
export async function buildOpenApiDocument(auth: Auth): Promise<OpenApiDocument> {
  const { paths, schemas } = await betterAuthPaths(auth);
  for (const op of OPERATIONS) {
    if (op.betterAuth && !paths[op.path]?.[op.method]) {
      throw new Error(
        `${op.method.toUpperCase()} ${op.path} is not one of Better Auth's endpoints`,
      );
    }
    paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "ReaderKit API",
      version: VERSION,
      description:
        "Sign-in and personalization for Docusaurus sites. Errors are {error, message, code, details?, requestId} on our routes and {code, message, field?, requestId} on Better Auth's (/api/auth/*).",
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "Operations" },
      { name: "Account" },
      { name: "Profile" },
      { name: "Personalization" },
      { name: "Token API", description: "Our Better Auth plugin for API clients" },
      { name: "Better Auth", description: "Better Auth's own endpoints (cookie sessions)" },
    ],
    components: {
      schemas: {
        ...schemas,
        ...Object.fromEntries(
          Object.entries(SHARED).map(([name, entry]) => [name, inline(entry.schema, entry.io)]),
        ),
      },
      securitySchemes: {
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "readerkit.session_token",
          description: "The session cookie (`__Secure-readerkit.session_token` over https)",
        },
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A 15-minute RS256 access token",
        },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "METRICS_TOKEN; without it set, loopback only",
        },
      },
    },
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
  };
}
