/**
 * ops/alerts.yml (issue 13): the rules load, each alert fires on the series it should and not on
 * the others (ops/alerts.test.yml, run by promtool), a real server's scrape passes promtool's
 * lint, and every metric the rules name is one the server really exports.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import { closeSharedBackends, startApp } from "./harness/app.ts";
import { availableBackends } from "./harness/backends.ts";
import { refresh, signIn, signUp } from "./harness/tokens.ts";

after(closeSharedBackends);

const RULES = "ops/alerts.yml";
const RULE_TESTS = "ops/alerts.test.yml";

function findPromtool(): string | null {
  const dirs = [...(process.env.PATH ?? "").split(":").filter(Boolean), "/usr/bin"];
  return dirs.map((dir) => join(dir, "promtool")).find((file) => existsSync(file)) ?? null;
}

const promtool = findPromtool();
const skip =
  !promtool && process.env.REQUIRE_SERVICES !== "1"
    ? "promtool is not installed (apt-get install prometheus)"
    : false;
if (skip) console.warn(`# skipping the alert rule tests: ${skip}`);

function run(args: string[], input?: string) {
  assert.ok(
    promtool,
    "REQUIRE_SERVICES=1 but promtool is not installed (apt-get install prometheus)",
  );
  const result = spawnSync(promtool, args, { input, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

type Rule = { alert?: string; expr: string; for?: string; labels?: Record<string, string> };
type Annotations = { summary?: string; description?: string };
const groups = (
  parse(readFileSync(RULES, "utf8")) as {
    groups: { rules: (Rule & { annotations?: Annotations })[] }[];
  }
).groups;
const rules = groups.flatMap((group) => group.rules);

/** PromQL words that are not metric names. */
const KEYWORDS = new Set(
  "and or unless by without on ignoring group_left group_right bool offset".split(" "),
);
/** Series Prometheus makes itself for every target, not found in any scrape. */
const PROMETHEUS_MADE = new Set(["up"]);

/** The metric names an expression selects: what is left once strings, matchers, ranges, grouping, functions and numbers are taken out. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, " ");
  return [...bare.matchAll(/(?<![\w:.])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g)]
    .map((match) => match[0])
    .filter((word) => !KEYWORDS.has(word) && !/^(?:Inf|NaN)$/i.test(word));
}

describe("ops/alerts.yml", { skip }, () => {
  test("every rule is an alert with a for, a severity, a summary and what to do", () => {
    assert.ok(rules.length >= 6);
    for (const rule of rules) {
      assert.ok(rule.alert, `a recording rule in alerts.yml: ${rule.expr}`);
      assert.match(rule.for ?? "", /^\d+[smh]$/, `${rule.alert}: for`);
      assert.match(
        rule.labels?.severity ?? "",
        /^(?:critical|warning)$/,
        `${rule.alert}: severity`,
      );
      assert.ok((rule.annotations?.summary ?? "").length > 10, `${rule.alert}: summary`);
      assert.ok((rule.annotations?.description ?? "").length > 80, `${rule.alert}: description`);
    }
    const alerts = rules.map((rule) => rule.alert);
    for (const alert of [
      "ReaderKitFailedSignInSpike",
      "ReaderKitRefreshTokenReuse",
      "ReaderKitHighErrorRate",
      "ReaderKitDatabaseDown",
      "ReaderKitRedisFallback",
      "ReaderKitEventLoopLag",
    ]) {
      assert.ok(alerts.includes(alert), `${alert} is defined`);
    }
    // Each alert has its own promtool unit test, firing and not.
    const unitTests = readFileSync(RULE_TESTS, "utf8");
    for (const alert of alerts) {
      const cases = unitTests.split(`alertname: ${alert}\n`).length - 1;
      assert.ok(cases >= 2, `${alert}: ${cases} promtool test case(s)`);
    }
  });

  test("promtool check rules", () => {
    const { status, output } = run(["check", "rules", RULES]);
    assert.equal(status, 0, output);
    assert.match(output, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  test("promtool test rules: each alert fires on its series and stays quiet on the others", () => {
    const { status, output } = run(["test", "rules", RULE_TESTS]);
    assert.equal(status, 0, output);
    assert.match(output, /SUCCESS/);
  });

  test("a real server's scrape passes promtool check metrics and has every metric the rules use", async () => {
    const backends = await availableBackends();
    const backend = backends.find((b) => b.name === "postgres") ?? backends[0];
    assert.ok(backend);
    const app = await startApp(backend, { env: { REFRESH_REUSE_INTERVAL_SECONDS: "0" } });
    let text: string;
    try {
      // Some traffic, so labelled series (routes, statuses, outcomes) are in the scrape too.
      const reader = await signUp(app);
      await signIn(app, reader.email);
      await signIn(app, reader.email, "Wrong-Pass-11");
      await refresh(app, reader.refreshToken);
      await refresh(app, reader.refreshToken);
      const response = await fetch(`${app.url}/api/metrics`);
      assert.equal(response.status, 200);
      text = await response.text();
    } finally {
      await app.close();
    }
    const lint = run(["check", "metrics"], text);
    assert.equal(lint.status, 0, lint.output);
    assert.equal(lint.output.trim(), "", "no lint findings");

    const exported = new Set(
      text
        .split("\n")
        .filter((line) => line && !line.startsWith("#"))
        .map((line) => /^[a-zA-Z_:][\w:]*/.exec(line)?.[0]),
    );
    const used = new Set(rules.flatMap((rule) => metricNames(rule.expr)));
    assert.ok(used.has("readerkit_signins_total"), `parsed names: ${[...used].join(", ")}`);
    for (const name of used) {
      if (PROMETHEUS_MADE.has(name)) continue;
      assert.ok(exported.has(name), `${name} is used by an alert but not exported`);
    }
    // The descriptions send operators to metrics as well: those must exist too.
    for (const rule of rules) {
      for (const [name] of (rule.annotations?.description ?? "").matchAll(/readerkit_\w+/g)) {
        assert.ok(exported.has(name), `${rule.alert}'s description names ${name}`);
      }
    }
  });
});
