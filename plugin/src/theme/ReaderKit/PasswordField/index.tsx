import Translate, { translate } from "@docusaurus/Translate";
import { passwordRuleLabel, strengthLabel } from "@readerkit/docusaurus-plugin/client/messages";
import {
  passwordRules,
  passwordStrength,
  STRENGTH_LEVELS,
} from "@readerkit/docusaurus-plugin/client/password";
import { TextField } from "@theme/ReaderKit/AuthForm";
import type { Props } from "@theme/ReaderKit/PasswordField";
import { type ReactNode, useState } from "react";
import styles from "./styles.module.css";

/** A new-password input with live hints for each rule of `policy` and a strength meter. */
export default function PasswordField({
  id,
  label,
  value,
  onChange,
  error,
  policy,
  autoComplete = "new-password",
}: Props): ReactNode {
  const [visible, setVisible] = useState(false);
  const rules = passwordRules(value, policy);
  const strength = passwordStrength(value, policy);
  const rulesId = `${id}-rules`;
  const strengthId = `${id}-strength`;
  return (
    <TextField
      id={id}
      label={label}
      type={visible ? "text" : "password"}
      value={value}
      onChange={onChange}
      error={error}
      required
      autoComplete={autoComplete}
      aria-describedby={`${rulesId} ${strengthId}`}
    >
      <button
        type="button"
        className={`button button--link button--sm ${styles.toggle}`}
        aria-pressed={visible}
        onClick={() => setVisible(!visible)}
      >
        {visible ? (
          <Translate id="readerkit.password.hide">Hide password</Translate>
        ) : (
          <Translate id="readerkit.password.show">Show password</Translate>
        )}
      </button>
      <ul id={rulesId} className={styles.rules}>
        {rules.map((rule) => (
          <li key={rule.code} className={rule.met ? styles.met : styles.unmet}>
            <span aria-hidden="true">{rule.met ? "✓ " : "○ "}</span>
            {passwordRuleLabel(rule.code, policy.minLength, policy.maxLength)}
            <span className={styles.srOnly}>
              {rule.met
                ? translate({ id: "readerkit.password.rule.met", message: " (done)" })
                : translate({ id: "readerkit.password.rule.unmet", message: " (not yet)" })}
            </span>
          </li>
        ))}
      </ul>
      <div className={styles.strength}>
        <meter
          min={0}
          max={STRENGTH_LEVELS}
          low={2}
          high={3}
          optimum={STRENGTH_LEVELS}
          value={strength}
          aria-labelledby={strengthId}
          className={styles.meter}
        />
        <span id={strengthId} aria-live="polite">
          {translate(
            { id: "readerkit.password.strength", message: "Strength: {strength}" },
            { strength: strengthLabel(strength) },
          )}
        </span>
      </div>
    </TextField>
  );
}
