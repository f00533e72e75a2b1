/**
 * The browser side of a sign-in with the tests' OpenID Provider (tests/harness/oidc.ts), shared
 * by the browser files that go through it: a context whose console is watched, the provider's
 * button on our pages, the provider's own login form, and the profile questions after it.
 */
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { OIDC_NAME, type OidcProvider } from "../harness/oidc.ts";
import { ConsoleWatch } from "./harness.ts";

/**
 * A browser context on `options.baseURL` whose console is watched; the provider's own pages (its
 * development login form asks for a web font and a favicon it does not have) are kept quiet.
 */
export async function openProviderContext(
  browser: Browser,
  op: OidcProvider,
  options: BrowserContextOptions & { baseURL: string },
) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  await context.route("https://fonts.googleapis.com/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/css", body: "" }),
  );
  await context.route(`${op.issuer}/favicon.ico`, (route) => route.fulfill({ status: 204 }));
  return { context, watch: new ConsoleWatch(context) };
}

export const continueButton = (page: Page) =>
  page.getByRole("button", { name: `Continue with ${OIDC_NAME}` });

/** At the provider: its development login form takes any login name and any password. */
export async function signInAtProvider(page: Page, op: OidcProvider, login: string): Promise<void> {
  await page.waitForURL(`${op.issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/**
 * On /profile/complete after a first sign-in (a provider does not answer the profile questions):
 * follows "Complete your profile" on `origin` and saves a beginner in Python on a Raspberry Pi.
 */
export async function completeProfileAsBeginner(page: Page, origin: string): Promise<void> {
  await page.getByRole("main").getByRole("link", { name: "Complete your profile" }).click();
  await page.waitForURL(`${origin}/profile`);
  await page.getByRole("checkbox", { name: "Python", exact: true }).check();
  await page.getByLabel("Software experience level").selectOption("beginner");
  await page.getByRole("checkbox", { name: "Raspberry Pi" }).check();
  await page.getByLabel("Robotics experience").selectOption("hobbyist");
  await page.getByLabel("Electronics knowledge").selectOption("basic");
  await page.getByRole("button", { name: "Save profile" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
}
