/**
 * Better Auth's request handler with its router built once. `auth.handler` builds the whole
 * router again for every request: every endpoint of every plugin with its zod schemas, 340 KB
 * for `GET /api/auth/ok` and most of a sign-in's 1.1 MB (better-auth/better-auth#10188). Under
 * a sign-in flood those megabytes, alive while each request waits for its hash, are what the
 * server thread's young-generation collections copy, 7-10 ms at a time.
 *
 * With a fixed `baseURL` and fixed trusted origins and providers (how ReaderKit configures it),
 * every request gets the same context, so the same router: it is built once here with Better
 * Auth's own `router()` and each request goes through it as `auth.handler` sends it (inside
 * `runWithAdapter`): plugin onRequest/onResponse, rate limits, origin checks, hooks. What is
 * per request stays per request: every endpoint call runs on its own copy of the context.
 * Any other configuration keeps `auth.handler` as it is.
 */
import type { AuthContext } from "@better-auth/core";
import { runWithAdapter } from "@better-auth/core/context";
import { router } from "better-auth/api";
import type { Auth } from "./auth.ts";

type Handler = (request: Request) => Promise<Response>;

/** Nothing in the context depends on the request: one router serves them all. */
export function isFixed(options: Auth["options"]): boolean {
  return (
    typeof options.baseURL === "string" &&
    typeof options.trustedOrigins !== "function" &&
    typeof options.account?.accountLinking?.trustedProviders !== "function"
  );
}

export function authHandler(auth: Auth): Handler {
  if (!isFixed(auth.options)) return (request) => auth.handler(request);
  let built: Promise<Handler> | null = null;
  const build = async (): Promise<Handler> => {
    // Our options' own type narrows the context's; Better Auth's router takes the general one.
    const context = (await auth.$context) as unknown as AuthContext;
    const { handler } = router(context, auth.options);
    return async (request) => runWithAdapter(context.adapter, () => handler(request));
  };
  return async (request) => {
    built ??= build();
    return (await built)(request);
  };
}
