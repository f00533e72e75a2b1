import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportFileName } from "./account.ts";

describe("the data export's file name", () => {
  it("is the reader's calendar date, zero-padded", () => {
    assert.equal(exportFileName(new Date(2026, 0, 5, 23, 59)), "readerkit-data-2026-01-05.json");
    assert.equal(exportFileName(new Date(2026, 10, 30, 0, 1)), "readerkit-data-2026-11-30.json");
  });
});
