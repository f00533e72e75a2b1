import Link from "@docusaurus/Link";
import Translate, { translate } from "@docusaurus/Translate";
import { optionLabel, usePersonalizationContext } from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/LearningPath";
import PersonalizedPanel from "@theme/ReaderKit/PersonalizedPanel";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

/** The reader's level, the next topics to read (with why) and their skill gaps. */
export default function LearningPath(_props: Props): ReactNode {
  const state = usePersonalizationContext();
  return (
    <PersonalizedPanel
      title={translate({ id: "readerkit.learningPath.title", message: "Your learning path" })}
      guestText={translate({
        id: "readerkit.learningPath.guest",
        message: "Sign up and tell us your background to get a learning path made for you.",
      })}
      state={state}
    >
      {({ context }) => {
        const path = context.learningPath ?? {};
        const topics = path.nextTopics ?? [];
        const gaps = path.skillGaps ?? [];
        return (
          <>
            {path.currentLevel && (
              <p>
                <Translate
                  id="readerkit.learningPath.level"
                  values={{ level: <strong>{optionLabel(path.currentLevel)}</strong> }}
                >
                  {"Your current level: {level}"}
                </Translate>
              </p>
            )}
            {topics.length > 0 && (
              <ol className={styles.topics}>
                {topics.map((topic) => (
                  <li key={topic.docId}>
                    <Link to={topic.permalink}>{topic.title}</Link>
                    <span className={styles.reason}> — {topic.reason}</span>
                  </li>
                ))}
              </ol>
            )}
            {gaps.length > 0 && (
              <p>
                <Translate id="readerkit.learningPath.gaps">Skills to build:</Translate>{" "}
                {gaps.map((gap) => (
                  <span key={gap} className="badge badge--secondary margin-right--xs">
                    {gap}
                  </span>
                ))}
              </p>
            )}
          </>
        );
      }}
    </PersonalizedPanel>
  );
}
