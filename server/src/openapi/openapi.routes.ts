import { Router } from "express";
import type { Auth } from "../auth/auth.ts";
import { buildOpenApiDocument, type OpenApiDocument } from "./spec.ts";

/** `GET /api/openapi.json`: public, built once on first request (the routes never change at run time). */
export function openapiRoutes(auth: Auth, router: Router = Router()): Router {
  let document: Promise<OpenApiDocument> | null = null;
  router.get("/openapi.json", async (_req, res) => {
    document ??= buildOpenApiDocument(auth).catch((error: unknown) => {
      document = null;
      throw error;
    });
    const body = await document;
    // apiHeaders says no-store for every answer; this one is the same for everyone, so caches
    // may keep it briefly (a deploy changes it).
    res.set("Cache-Control", "public, max-age=300").json(body);
  });
  return router;
}
