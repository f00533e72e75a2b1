import { translate } from "@docusaurus/Translate";
import { optionLabel } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/CodeForLanguage";
import PersonaTabs from "@theme/ReaderKit/PersonaTabs";
import { Children, isValidElement, type ReactNode } from "react";

type MaybeCode = { className?: string; children?: ReactNode };

/** The language of a fenced block: MDX renders it as <pre><code className="language-xxx">. */
function languageOf(node: ReactNode): string | undefined {
  if (!isValidElement<MaybeCode>(node)) return undefined;
  const match = /(?:^|\s)language-(\S+)/.exec(node.props.className ?? "");
  if (match) return match[1];
  return languageOf(Children.toArray(node.props.children)[0]);
}

/** One tab per fenced code block, opening on the reader's language. */
export default function CodeForLanguage({ children }: Props): ReactNode {
  const tabs = Children.toArray(children)
    .filter(isValidElement)
    .map((block, index) => {
      const value = languageOf(block) ?? `code-${index + 1}`;
      return { value, label: optionLabel(value), content: block };
    });
  return (
    <PersonaTabs
      dimension="language"
      label={translate({ id: "readerkit.codeForLanguage.label", message: "Programming language" })}
      tabs={tabs}
    />
  );
}
