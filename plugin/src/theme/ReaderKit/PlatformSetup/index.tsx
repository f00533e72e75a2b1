import { translate } from "@docusaurus/Translate";
import { optionLabel } from "@readerkit/docusaurus-plugin/client";
import PersonaTabs from "@theme/ReaderKit/PersonaTabs";
import type { Props } from "@theme/ReaderKit/PlatformSetup";
import { Children, isValidElement, type ReactElement, type ReactNode } from "react";

type PlatformElement = ReactElement<{ name?: string }>;

function isPlatform(node: ReactNode): node is PlatformElement {
  return isValidElement(node);
}

/** One tab per `<Platform name="...">` child, opening on the reader's board. */
export default function PlatformSetup({ children }: Props): ReactNode {
  const tabs = Children.toArray(children)
    .filter(isPlatform)
    .map((platform, index) => {
      const value = platform.props.name ?? `platform-${index + 1}`;
      return { value, label: optionLabel(value), content: platform };
    });
  return (
    <PersonaTabs
      dimension="platform"
      label={translate({ id: "readerkit.platformSetup.label", message: "Board" })}
      tabs={tabs}
    />
  );
}
