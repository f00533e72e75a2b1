import { translate } from "@docusaurus/Translate";
import { DIMENSION_NAMES, showAttribute } from "@readerkit/core/persona";
import { optionLabel } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/Personalized";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/** "beginner  intermediate" -> "beginner intermediate", so the CSS `~=` match is exact. */
function tokens(value: string | undefined): string | undefined {
  const normalised = value?.trim().split(/\s+/).join(" ");
  return normalised === "" ? undefined : normalised;
}

/**
 * A variant of the page for some readers. It always renders (the static HTML holds every
 * variant, for SEO and for no-flash); the persona CSS hides it when the reader does not match.
 */
export default function Personalized({ children, ...conditions }: Props): ReactNode {
  const attributes: Record<string, string> = {};
  const described: string[] = [];
  for (const dimension of DIMENSION_NAMES) {
    const value = tokens(conditions[dimension]);
    if (value === undefined) continue;
    attributes[showAttribute(dimension)] = value;
    described.push(value.split(" ").map(optionLabel).join(" / "));
  }
  return (
    <div className={styles.variant} {...attributes}>
      <p className={styles.caption} data-rk-caption="">
        {translate(
          { id: "readerkit.personalized.caption", message: "Variant for: {conditions}" },
          { conditions: described.join(", ") },
        )}
      </p>
      {children}
    </div>
  );
}
