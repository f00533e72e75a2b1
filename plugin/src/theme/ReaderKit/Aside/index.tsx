import Admonition from "@theme/Admonition";
import type { Props } from "@theme/ReaderKit/Aside";
import type { ReactNode } from "react";

/**
 * A tip or note for some experience levels, drawn as a Docusaurus admonition. The wrapper
 * carries the persona hook, so the admonition itself stays swizzlable on its own.
 */
export default function Aside({ type, title, levels, children }: Props): ReactNode {
  return (
    <div data-rk-show-level={levels.join(" ")}>
      <Admonition type={type} title={title}>
        {children}
      </Admonition>
    </div>
  );
}
