/**
 * Accessible form parts shared by the account pages: every control has a label, its hint and
 * error are tied to it with aria-describedby, and an invalid control says so with aria-invalid.
 */

import Head from "@docusaurus/Head";
import { translate } from "@docusaurus/Translate";
import { serverProblemMessage, useAuth } from "@readerkit/docusaurus-plugin/client";
import Layout from "@theme/Layout";
import type {
  CheckboxGroupProps,
  EmailFieldProps,
  FormAlertProps,
  SelectFieldProps,
  TextFieldProps,
} from "@theme/ReaderKit/AuthForm";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(" ");
  return list === "" ? undefined : list;
}

function Label({
  htmlFor,
  label,
  required,
}: {
  htmlFor: string;
  label: ReactNode;
  required?: boolean | undefined;
}) {
  return (
    <label htmlFor={htmlFor} className={styles.label}>
      {label}
      {required && <span aria-hidden="true"> *</span>}
    </label>
  );
}

/** A control's hint and error, with the ids its aria-describedby points at. */
function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: ReactNode }) {
  return (
    <>
      {hint !== undefined && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} error={error} />
    </>
  );
}

export function FieldError({ id, error }: { id: string; error?: ReactNode }): ReactNode {
  if (!error) return null;
  return (
    <p id={id} className={styles.error}>
      {error}
    </p>
  );
}

export function TextField(props: TextFieldProps): ReactNode {
  const {
    id,
    label,
    value,
    onChange,
    error,
    hint,
    required,
    type = "text",
    children,
    ...input
  } = props;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <Label htmlFor={id} label={label} required={required} />
      <input
        {...input}
        id={id}
        name={id}
        type={type}
        value={value}
        required={required}
        className={styles.input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(
          hint !== undefined && hintId,
          Boolean(error) && errorId,
          props["aria-describedby"],
        )}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** The account's email address: one control, the same on every account page. */
export function EmailField(props: EmailFieldProps): ReactNode {
  return (
    <TextField
      id="rk-email"
      label={translate({ id: "readerkit.field.email", message: "Email" })}
      type="email"
      autoComplete="email"
      required
      {...props}
    />
  );
}

/** "Confirm password", the same under every new-password field. */
export function ConfirmPasswordField(props: EmailFieldProps): ReactNode {
  return (
    <TextField
      id="rk-confirmPassword"
      label={translate({ id: "readerkit.field.confirmPassword", message: "Confirm password" })}
      type="password"
      autoComplete="new-password"
      required
      {...props}
    />
  );
}

export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  placeholder,
  error,
  hint,
  required,
}: SelectFieldProps): ReactNode {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <Label htmlFor={id} label={label} required={required} />
      <select
        id={id}
        name={id}
        value={value}
        required={required}
        className={styles.input}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint !== undefined && hintId, Boolean(error) && errorId)}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** Checkboxes in a fieldset; the first box's id is `${id}-0`, which is what gets focus on error. */
export function CheckboxGroup({
  id,
  legend,
  choices,
  values,
  onChange,
  error,
  hint,
  required,
  children,
}: CheckboxGroupProps): ReactNode {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const toggle = (choice: string, checked: boolean) =>
    onChange(checked ? [...values, choice] : values.filter((value) => value !== choice));
  return (
    <fieldset
      className={styles.group}
      aria-describedby={describedBy(hint !== undefined && hintId, Boolean(error) && errorId)}
    >
      <legend className={styles.label}>
        {legend}
        {required && <span aria-hidden="true"> *</span>}
      </legend>
      {hint !== undefined && (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      )}
      <div className={styles.choices}>
        {choices.map((choice, index) => (
          <label key={choice.value} className={styles.choice}>
            <input
              id={`${id}-${index}`}
              type="checkbox"
              name={id}
              value={choice.value}
              checked={values.includes(choice.value)}
              aria-invalid={error ? true : undefined}
              onChange={(event) => toggle(choice.value, event.target.checked)}
            />{" "}
            {choice.label}
          </label>
        ))}
      </div>
      {children}
      <FieldError id={errorId} error={error} />
    </fieldset>
  );
}

/** A form-level message; `role="alert"` so screen readers announce it when it appears. */
export function FormAlert({ message, type = "danger", children }: FormAlertProps): ReactNode {
  if (!message) return null;
  return (
    <div
      role={type === "danger" ? "alert" : "status"}
      className={`alert alert--${type} ${styles.alert}`}
    >
      {message}
      {children}
    </div>
  );
}

/** The DOM id of a field's control on every account page ("email" -> "rk-email"). */
export function fieldId(field: string): string {
  return `rk-${field}`;
}

/** Moves focus to the first field with an error, in form order, so keyboard users land on it. */
export function focusFirstError(
  order: readonly string[],
  errors: Partial<Record<string, unknown>>,
  idOf: (field: string) => string = fieldId,
): void {
  const first = order.find((field) => errors[field]);
  if (!first) return;
  const id = idOf(first);
  const element = document.getElementById(id) ?? document.getElementById(`${id}-0`);
  element?.focus();
}

/**
 * The shell of every account page: site layout, kept out of search results, one heading, and
 * the one place that says why the server cannot be used (down, or refusing this site's origin),
 * from the page's first session check on; forms leave those errors to it.
 */
export default function AuthForm({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}): ReactNode {
  const { serverProblem } = useAuth();
  return (
    <Layout title={title}>
      <Head>
        <meta name="robots" content="noindex" />
      </Head>
      <main className={`container margin-vert--lg ${styles.page}`}>
        <h1>{title}</h1>
        <FormAlert message={serverProblem && serverProblemMessage(serverProblem)} />
        {children}
      </main>
    </Layout>
  );
}
