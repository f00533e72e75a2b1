/**
 * Kysely's view of a node-postgres pool whose clients pipeline (pg's `pipeline: true`): queries
 * issued together go to the server together instead of each waiting for the answer before it.
 * Each client's socket is also corked until the end of the tick, so what is issued in one tick
 * leaves in one write: a parameterised query is five protocol messages, which pg writes one by
 * one (five syscalls on the server's own thread). ScopedRoleDriver builds on it to send `begin`
 * with the role settings, a statement and `commit` in one round trip (scoped-role.ts).
 */
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";

/** The options a pool needs for its clients to pipeline. */
export const PIPELINED = { pipeline: true } as const;

export function pipelinedPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => corking(await pool.connect()),
    end: () => pool.end(),
  };
}

function corking(client: pg.PoolClient): PostgresPoolClient {
  let corked = false;
  const query = (sql: string, parameters: readonly unknown[]) => {
    if (!corked) {
      const socket = client.connection.stream;
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return client.query(sql, parameters as unknown[]);
  };
  return {
    // Kysely calls the (sql, parameters) form only: no cursor is configured.
    query: query as unknown as PostgresPoolClient["query"],
    release: (destroy?: boolean) => client.release(destroy),
  };
}
