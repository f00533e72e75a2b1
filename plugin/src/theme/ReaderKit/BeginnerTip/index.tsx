import { translate } from "@docusaurus/Translate";
import Aside from "@theme/ReaderKit/Aside";
import type { Props } from "@theme/ReaderKit/BeginnerTip";
import type { ReactNode } from "react";

/** Shown to beginners and intermediate readers (hidden for advanced and expert, as the engine says). */
export const BEGINNER_TIP_LEVELS = ["beginner", "intermediate"];

export default function BeginnerTip({ title, children }: Props): ReactNode {
  return (
    <Aside
      type="tip"
      levels={BEGINNER_TIP_LEVELS}
      title={title ?? translate({ id: "readerkit.beginnerTip.title", message: "Beginner tip" })}
    >
      {children}
    </Aside>
  );
}
