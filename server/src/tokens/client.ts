import type { BetterAuthClientPlugin } from "better-auth/client";
import type { tokenApi } from "./index.ts";

/** Lets `createAuthClient({ plugins: [tokenApiClient()] })` call signup/signin/refresh/signout typed. */
export const tokenApiClient = () =>
  ({
    id: "token-api",
    $InferServerPlugin: {} as ReturnType<typeof tokenApi>,
  }) satisfies BetterAuthClientPlugin;
