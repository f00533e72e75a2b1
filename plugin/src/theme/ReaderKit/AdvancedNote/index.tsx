import { translate } from "@docusaurus/Translate";
import type { Props } from "@theme/ReaderKit/AdvancedNote";
import Aside from "@theme/ReaderKit/Aside";
import type { ReactNode } from "react";

/** Shown to advanced and expert readers: the deeper maths, edge cases, performance. */
export const ADVANCED_NOTE_LEVELS = ["advanced", "expert"];

export default function AdvancedNote({ title, children }: Props): ReactNode {
  return (
    <Aside
      type="info"
      levels={ADVANCED_NOTE_LEVELS}
      title={title ?? translate({ id: "readerkit.advancedNote.title", message: "Advanced note" })}
    >
      {children}
    </Aside>
  );
}
