import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import {
  optionLabel,
  type RecommendedDoc,
  usePersonalizationContext,
} from "@readerkit/docusaurus-plugin/client";
import PersonalizedPanel from "@theme/ReaderKit/PersonalizedPanel";
import type { Props } from "@theme/ReaderKit/Recommendations";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

function DocList({ title, docs }: { title: string; docs: RecommendedDoc[] }): ReactNode {
  if (docs.length === 0) return null;
  return (
    <>
      <h3 className={styles.heading}>{title}</h3>
      <ul className={styles.list}>
        {docs.map((doc) => (
          <li key={doc.docId} className={styles.item}>
            <Link to={doc.permalink}>{doc.title}</Link>{" "}
            <span className={styles.meta}>
              {translate(
                { id: "readerkit.recommendations.meta", message: "{difficulty} · {minutes} min" },
                { difficulty: optionLabel(doc.difficulty), minutes: doc.minutes },
              )}
            </span>
            {doc.reasons.length > 0 && (
              <ul className={styles.reasons}>
                {doc.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Chapters and projects ranked for the reader, each with the reasons it was picked. */
export default function Recommendations(_props: Props): ReactNode {
  const state = usePersonalizationContext();
  return (
    <PersonalizedPanel
      title={translate({ id: "readerkit.recommendations.title", message: "Recommended for you" })}
      guestText={translate({
        id: "readerkit.recommendations.guest",
        message: "Sign up to get chapters and projects picked for your background.",
      })}
      state={state}
    >
      {({ context }) => {
        const chapters = context.recommendations?.chapters ?? [];
        const projects = context.recommendations?.projects ?? [];
        if (chapters.length + projects.length === 0)
          return (
            <p>
              <Translate id="readerkit.recommendations.none">
                Nothing to recommend yet: you have seen it all!
              </Translate>
            </p>
          );
        return (
          <>
            <DocList
              title={translate({ id: "readerkit.recommendations.chapters", message: "Chapters" })}
              docs={chapters}
            />
            <DocList
              title={translate({ id: "readerkit.recommendations.projects", message: "Projects" })}
              docs={projects}
            />
          </>
        );
      }}
    </PersonalizedPanel>
  );
}
