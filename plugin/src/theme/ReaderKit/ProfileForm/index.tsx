import { translate } from "@docusaurus/Translate";
import {
  ELECTRONICS_KNOWLEDGE,
  EXPERIENCE_LEVELS,
  PROGRAMMING_BACKGROUNDS,
  ROBOTICS_EXPERIENCE,
} from "@readerkit/core/vocabulary";
import { optionLabel } from "@readerkit/docusaurus-plugin/client";
import { questionLabel } from "@readerkit/docusaurus-plugin/client/messages";
import {
  LANGUAGE_CHOICES,
  PLATFORM_CHOICES,
} from "@readerkit/docusaurus-plugin/client/profile-form";
import {
  HARDWARE_QUESTIONS,
  isRequiredQuestion,
  SOFTWARE_QUESTIONS,
} from "@readerkit/docusaurus-plugin/questions";
import { CheckboxGroup, fieldId, SelectField, TextField } from "@theme/ReaderKit/AuthForm";
import type { Props, Question } from "@theme/ReaderKit/ProfileForm";
import type { ReactNode } from "react";
import styles from "./styles.module.css";

const ENUMS: Partial<Record<Question, readonly string[]>> = {
  experienceLevel: EXPERIENCE_LEVELS,
  programmingBackground: PROGRAMMING_BACKGROUNDS,
  roboticsExperience: ROBOTICS_EXPERIENCE,
  electronicsKnowledge: ELECTRONICS_KNOWLEDGE,
};

const commaHint = () =>
  translate({ id: "readerkit.profile.commaHint", message: "Separate several with commas." });

/** The DOM id of a question's control (what `focusFirstError` looks for). */
export function questionId(question: string): string {
  return fieldId(question);
}

/** The background questions a page asks, grouped into software and hardware. */
export default function ProfileForm({ questions, values, onChange, errors }: Props): ReactNode {
  const field = (question: Question): ReactNode => {
    const id = questionId(question);
    const label = questionLabel(question);
    const error = errors[question];
    const required = isRequiredQuestion(question);
    const options = ENUMS[question];
    if (options)
      return (
        <SelectField
          key={question}
          id={id}
          label={label}
          required={required}
          value={values[question] as string}
          onChange={(value) => onChange({ [question]: value })}
          placeholder={translate({ id: "readerkit.profile.choose", message: "Choose…" })}
          options={options.map((value) => ({ value, label: optionLabel(value) }))}
          error={error}
        />
      );
    if (question === "programmingLanguages" || question === "familiarPlatforms") {
      const other = question === "programmingLanguages" ? "otherLanguages" : "otherPlatforms";
      const choices = question === "programmingLanguages" ? LANGUAGE_CHOICES : PLATFORM_CHOICES;
      return (
        <CheckboxGroup
          key={question}
          id={id}
          legend={label}
          required={required}
          choices={choices.map((choice) => ({ value: choice, label: choice }))}
          values={values[question]}
          onChange={(chosen) => onChange({ [question]: chosen })}
          error={error}
        >
          <TextField
            id={questionId(other)}
            label={translate({ id: "readerkit.profile.other", message: "Others" })}
            hint={commaHint()}
            value={values[other]}
            onChange={(value) => onChange({ [other]: value })}
          />
        </CheckboxGroup>
      );
    }
    return (
      <TextField
        key={question}
        id={id}
        label={label}
        hint={question === "yearsOfExperience" ? undefined : commaHint()}
        inputMode={question === "yearsOfExperience" ? "numeric" : undefined}
        value={values[question] as string}
        onChange={(value) => onChange({ [question]: value })}
        error={error}
      />
    );
  };

  const software = SOFTWARE_QUESTIONS.filter((question) => questions.includes(question));
  const hardware = HARDWARE_QUESTIONS.filter((question) => questions.includes(question));
  return (
    <>
      {software.length > 0 && (
        <fieldset className={styles.part}>
          <legend className={styles.legend}>
            {translate({ id: "readerkit.profile.software", message: "Software background" })}
          </legend>
          {software.map(field)}
        </fieldset>
      )}
      {hardware.length > 0 && (
        <fieldset className={styles.part}>
          <legend className={styles.legend}>
            {translate({ id: "readerkit.profile.hardware", message: "Hardware background" })}
          </legend>
          {hardware.map(field)}
        </fieldset>
      )}
    </>
  );
}
