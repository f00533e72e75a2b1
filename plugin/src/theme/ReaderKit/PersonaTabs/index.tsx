import { translate } from "@docusaurus/Translate";
import {
  currentPersona,
  subscribePersona,
  useReaderKitOptions,
} from "@readerkit/docusaurus-plugin/client";
import type { Props } from "@theme/ReaderKit/PersonaTabs";
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import styles from "./styles.module.css";

/** A tab picked by the reader switches every tab set of the same kind on the page. */
const PICK_EVENT = "readerkit:tab";
type Pick = { dimension: string; value: string };

/**
 * Tabs that open on the reader's language or board. Before hydration (and without JavaScript)
 * the persona CSS picks the visible panel; React's first render is the same static markup, and
 * only after mounting does it take over (`data-rk-chosen`), so hydration never mismatches.
 */
export default function PersonaTabs({ dimension, tabs, label }: Props): ReactNode {
  const id = useId();
  const { defaultPersona } = useReaderKitOptions();
  const [chosen, setChosen] = useState<string | null>(null);
  const pickedByReader = useRef(false);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const values = tabs.map((tab) => tab.value);
  const valuesKey = values.join(" ");

  const follow = useCallback(() => {
    if (pickedByReader.current) return;
    const preferred = currentPersona(defaultPersona)[dimension];
    const list = valuesKey.split(" ");
    setChosen(list.includes(preferred) ? preferred : (list[0] ?? null));
  }, [defaultPersona, dimension, valuesKey]);

  useEffect(() => {
    follow();
    const onPick = (event: Event) => {
      const { detail } = event as CustomEvent<Pick>;
      if (detail.dimension !== dimension || !valuesKey.split(" ").includes(detail.value)) return;
      pickedByReader.current = true;
      setChosen(detail.value);
    };
    window.addEventListener(PICK_EVENT, onPick);
    const unsubscribe = subscribePersona(follow);
    return () => {
      window.removeEventListener(PICK_EVENT, onPick);
      unsubscribe();
    };
  }, [follow, dimension, valuesKey]);

  const pick = (value: string) => {
    pickedByReader.current = true;
    setChosen(value);
    window.dispatchEvent(new CustomEvent<Pick>(PICK_EVENT, { detail: { dimension, value } }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = tabs.length - 1;
    const target = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const tab = tabs[target];
    if (!tab) return;
    pick(tab.value);
    buttons.current[target]?.focus();
  };

  const focusable = chosen ?? values[0];
  return (
    <div
      className={styles.tabs}
      data-rk-tabs={dimension}
      data-rk-values={valuesKey}
      data-rk-chosen={chosen ?? undefined}
    >
      <div role="tablist" aria-label={label} className={styles.tablist}>
        {tabs.map((tab, index) => (
          <button
            key={tab.value}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.value}`}
            aria-controls={`${id}-panel-${tab.value}`}
            aria-selected={chosen === tab.value}
            tabIndex={focusable === tab.value ? 0 : -1}
            className={styles.tab}
            data-rk-tab-button={tab.value}
            onClick={() => pick(tab.value)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div data-rk-panels="">
        {tabs.map((tab) => (
          <div
            key={tab.value}
            role="tabpanel"
            id={`${id}-panel-${tab.value}`}
            aria-labelledby={`${id}-tab-${tab.value}`}
            data-rk-tab={tab.value}
            hidden={chosen !== null && chosen !== tab.value}
            className={styles.panel}
          >
            <p className={styles.caption} data-rk-caption="">
              {translate({ id: "readerkit.tabs.caption", message: "{name}:" }, { name: tab.label })}
            </p>
            {tab.content}
          </div>
        ))}
      </div>
    </div>
  );
}
