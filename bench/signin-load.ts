/**
 * The sign-in load, in its own process: autocannon (programmatically, to rotate the readers)
 * POSTs /api/auth/signin, each request for the next of many readers, as a site's sign-ins are.
 * One account signing in hundreds of times a second would measure its ever longer list of
 * live sessions instead. Prints autocannon's result as JSON.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const url = process.env.URL as string;
const readers = JSON.parse(readFileSync(process.env.READERS as string, "utf8")) as {
  email: string;
  password: string;
}[];
let next = 0;
const result = await autocannon({
  url,
  connections: Number(process.env.CONNECTIONS ?? 4),
  duration: Number(process.env.SECONDS ?? 4),
  timeout: 10,
  method: "POST",
  headers: { "content-type": "application/json" },
  requests: [
    {
      setupRequest: (request) => {
        const reader = readers[next++ % readers.length];
        return { ...request, body: JSON.stringify(reader) };
      },
    },
  ],
});
process.stdout.write(JSON.stringify(result));
