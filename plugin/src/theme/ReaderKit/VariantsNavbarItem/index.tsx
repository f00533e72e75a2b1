import Translate from "@docusaurus/Translate";
import { isShowingAll, setShowAll, subscribePersona } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/VariantsNavbarItem";
import { type ReactNode, useEffect, useState } from "react";

/**
 * "Show all variants": reveals every level, language and board at once. The pressed state is
 * read after mounting (the head script already applied it), so the first render stays static.
 */
export default function VariantsNavbarItem({ mobile = false, className }: Props): ReactNode {
  const [pressed, setPressed] = useState(false);
  useEffect(() => {
    const sync = () => setPressed(isShowingAll());
    sync();
    return subscribePersona(sync);
  }, []);
  const button = (
    <button
      type="button"
      aria-pressed={pressed}
      className={[mobile ? "menu__link" : "navbar__item navbar__link clean-btn", className]
        .filter(Boolean)
        .join(" ")}
      onClick={() => setShowAll(!pressed)}
    >
      <Translate id="readerkit.navbar.showAll">Show all variants</Translate>
    </button>
  );
  return mobile ? <li className="menu__list-item">{button}</li> : button;
}
