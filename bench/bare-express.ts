/**
 * The baseline every HTTP figure is compared with, in its own process: the same Node and
 * Express as the server, answering a constant JSON. Prints its URL once it listens.
 */
import type { AddressInfo } from "node:net";
import express from "express";

const app = express();
app.disable("x-powered-by");
app.get("/hello", (_req, res) => {
  res.json({ hello: "world" });
});
const server = app.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port}/hello\n`);
});
