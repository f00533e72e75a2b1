/** Progress on stderr: a bar redrawn in place on a terminal, one plain line per batch otherwise. */
export type Tally = {
  done: number;
  total: number;
  imported: number;
  skipped: number;
  failed: number;
};

const fmt = (n: number) => n.toLocaleString("en-US");

export function createProgress(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  const text = (t: Tally) =>
    `${fmt(t.done)}/${fmt(t.total)}: ${fmt(t.imported)} imported, ${fmt(t.skipped)} skipped, ${fmt(t.failed)} failed`;
  return {
    update(t: Tally) {
      if (!tty) {
        stream.write(`${text(t)}\n`);
        return;
      }
      const share = t.total ? Math.min(1, t.done / t.total) : 1;
      const width = 30;
      const filled = Math.round(share * width);
      const bar = `${"#".repeat(filled)}${"-".repeat(width - filled)}`;
      stream.write(`\r[${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${text(t)}\x1b[K`);
    },
    end() {
      if (tty) stream.write("\n");
    },
  };
}
export type Progress = ReturnType<typeof createProgress>;
