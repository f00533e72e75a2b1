import type { Props } from "@theme/ReaderKit/Platform";
import type { ReactNode } from "react";

/** One board's instructions; PlatformSetup turns each into a tab. */
export default function Platform({ children }: Props): ReactNode {
  return <>{children}</>;
}
