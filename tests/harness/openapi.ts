import assert from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "../../server/src/openapi/spec.ts";

type Json = Record<string, unknown>;
type Answer = { status: number; body: unknown };

/**
 * Checks real answers against the served OpenAPI document: the status must be declared for the
 * operation, the body must match its schema, and an error's code must be one the document lists
 * for that status (as an example). So a handler and the document cannot drift apart.
 */
export function answerChecker(spec: OpenApiDocument) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  // Better Auth's operations point into components; ours are inline.
  ajv.addSchema({ $id: "spec", components: spec.components }, "spec");
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

  const compile = (key: string, schema: unknown) => {
    let validate = compiled.get(key);
    if (!validate) {
      const text = JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/');
      validate = ajv.compile(JSON.parse(text));
      compiled.set(key, validate);
    }
    return validate;
  };

  /** A request body (an example) against the operation's request schema. */
  const request = (method: string, path: string, body: unknown): void => {
    const operation = spec.paths[path]?.[method.toLowerCase()] as Json | undefined;
    const content = (operation?.requestBody as { content?: Record<string, Json> } | undefined)
      ?.content?.["application/json"];
    assert.ok(content, `${method} ${path} takes no JSON body`);
    const validate = compile(`${method} ${path} request`, content.schema);
    assert.ok(validate(body), `${method} ${path} request: ${ajv.errorsText(validate.errors)}`);
  };

  const response = (method: string, path: string, answer: Answer): void => {
    const operation = spec.paths[path]?.[method.toLowerCase()] as Json | undefined;
    assert.ok(operation, `${method} ${path} is not in the document`);
    const responses = operation.responses as Record<string, Json>;
    const response = responses[String(answer.status)];
    assert.ok(
      response,
      `${method} ${path} answered ${answer.status}, which the document does not declare: ${JSON.stringify(answer.body)}`,
    );
    const media = (response.content as Record<string, Json>)["application/json"];
    assert.ok(media, `${method} ${path} ${answer.status} declares no JSON body`);
    const key = `${method} ${path} ${answer.status}`;
    const validate = compile(key, media.schema);
    assert.ok(
      validate(answer.body),
      `${key} does not match its schema: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer.body)}`,
    );
    const code = (answer.body as { code?: unknown } | null)?.code;
    if (answer.status >= 400 && typeof code === "string") {
      const listed = Object.keys((media.examples as Json | undefined) ?? {});
      assert.ok(listed.includes(code), `${key}: code ${code} is not listed (${listed.join(", ")})`);
    }
  };
  return Object.assign(response, { request });
}

export type EndpointRow = {
  method: string;
  path: string;
  summary: string;
  tag: string;
  /** Who may call it, from its security requirements. */
  access: "anyone" | "signed in" | "session if any" | "METRICS_TOKEN or this machine";
  statuses: string[];
};

function accessOf(security: unknown[]): EndpointRow["access"] {
  const schemes = security.flatMap((requirement) => Object.keys(requirement as Json));
  if (schemes.includes("metricsToken")) return "METRICS_TOKEN or this machine";
  if (schemes.length === 0) return "anyone";
  return schemes.length < security.length ? "session if any" : "signed in";
}

/** The compact table the site's API reference page renders (the full document stays on the server). */
export function endpointTable(spec: OpenApiDocument): EndpointRow[] {
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const op = operation as {
        summary?: string;
        description?: string;
        tags?: string[];
        security?: unknown[];
        responses?: Json;
      };
      const text = op.summary ?? op.description ?? "";
      return {
        method: method.toUpperCase(),
        path,
        // Better Auth's operations carry a description, often several sentences: keep the first.
        summary: text.split(/(?<=\.)\s/)[0] ?? "",
        tag: op.tags?.[0] ?? "",
        access: accessOf(op.security ?? []),
        statuses: Object.keys(op.responses ?? {}),
      };
    }),
  );
}
