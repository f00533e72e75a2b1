/**
 * Types of the ReaderKit theme components, the Docusaurus way: each is declared under
 * `@theme/...` so sites that swizzle or import them get checked props.
 */
/// <reference types="@docusaurus/module-type-aliases" />
/// <reference types="@docusaurus/theme-classic" />

declare module "@theme-init/Root" {
  export { default } from "@theme/Root";
}

declare module "@theme-init/MDXComponents" {
  export { default } from "@theme/MDXComponents";
}

declare module "@theme-init/NavbarItem/ComponentTypes" {
  export { default } from "@theme/NavbarItem/ComponentTypes";
}

declare module "@theme/ReaderKit/Personalized" {
  import type { ReactNode } from "react";
  /** Space-separated values per dimension; a variant shows when every given dimension matches. */
  export interface Props {
    readonly level?: string;
    readonly language?: string;
    readonly platform?: string;
    readonly robotics?: string;
    readonly children?: ReactNode;
  }
  export default function Personalized(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/Aside" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly type: "tip" | "info" | "note";
    readonly title: ReactNode;
    readonly levels: readonly string[];
    readonly children?: ReactNode;
  }
  export default function Aside(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/BeginnerTip" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly title?: string;
    readonly children?: ReactNode;
  }
  export const BEGINNER_TIP_LEVELS: string[];
  export default function BeginnerTip(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/AdvancedNote" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly title?: string;
    readonly children?: ReactNode;
  }
  export const ADVANCED_NOTE_LEVELS: string[];
  export default function AdvancedNote(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/PersonaTabs" {
  import type { ReactNode } from "react";
  export type Tab = { readonly value: string; readonly label: string; readonly content: ReactNode };
  export interface Props {
    readonly dimension: "language" | "platform";
    readonly label: string;
    readonly tabs: readonly Tab[];
  }
  export default function PersonaTabs(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/CodeForLanguage" {
  import type { ReactNode } from "react";
  export interface Props {
    /** Fenced code blocks, one per language (python, cpp, c, javascript, rust, java). */
    readonly children?: ReactNode;
  }
  export default function CodeForLanguage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/PlatformSetup" {
  import type { ReactNode } from "react";
  export interface Props {
    /** `<Platform name="...">` elements, one per board. */
    readonly children?: ReactNode;
  }
  export default function PlatformSetup(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/Platform" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly name: string;
    readonly children?: ReactNode;
  }
  export default function Platform(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/PersonalizedPanel" {
  import type { ContextState } from "@readerkit/docusaurus-plugin/client";
  import type { ReactNode } from "react";
  export interface Props {
    readonly title: string;
    readonly guestText: string;
    readonly state: ContextState;
    readonly children: (state: Extract<ContextState, { status: "ready" }>) => ReactNode;
  }
  export default function PersonalizedPanel(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/LearningPath" {
  import type { ReactNode } from "react";
  export type Props = Record<string, never>;
  export default function LearningPath(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/Recommendations" {
  import type { ReactNode } from "react";
  export type Props = Record<string, never>;
  export default function Recommendations(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/SignUpPrompt" {
  import type { ReactNode } from "react";
  export interface Props {
    /** Replaces the default invitation text. */
    readonly children?: ReactNode;
  }
  export default function SignUpPrompt(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/AccountNavbarItem" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly mobile?: boolean;
    readonly position?: "left" | "right";
    readonly className?: string;
  }
  export default function AccountNavbarItem(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/VariantsNavbarItem" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly mobile?: boolean;
    readonly position?: "left" | "right";
    readonly className?: string;
  }
  export default function VariantsNavbarItem(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/AuthForm" {
  import type { InputHTMLAttributes, ReactNode } from "react";

  type Common = {
    readonly id: string;
    readonly error?: string | undefined;
    readonly hint?: ReactNode;
    readonly required?: boolean;
  };
  export type TextFieldProps = Common &
    Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "value" | "onChange" | "required"> & {
      readonly label: ReactNode;
      readonly value: string;
      readonly onChange: (value: string) => void;
      readonly children?: ReactNode;
    };
  export type SelectFieldProps = Common & {
    readonly label: ReactNode;
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly options: readonly { value: string; label: string }[];
    readonly placeholder: string;
  };
  export type CheckboxGroupProps = Common & {
    readonly legend: ReactNode;
    readonly choices: readonly { value: string; label: string }[];
    readonly values: readonly string[];
    readonly onChange: (values: string[]) => void;
    readonly children?: ReactNode;
  };
  export type FormAlertProps = {
    readonly message: string | null | undefined;
    readonly type?: "danger" | "success" | "info" | undefined;
    readonly children?: ReactNode;
  };
  export type EmailFieldProps = Pick<TextFieldProps, "value" | "onChange" | "error" | "children">;
  export function TextField(props: TextFieldProps): ReactNode;
  /** The account's email address: one control, the same on every account page. */
  export function EmailField(props: EmailFieldProps): ReactNode;
  /** "Confirm password", the same under every new-password field. */
  export function ConfirmPasswordField(props: EmailFieldProps): ReactNode;
  export function SelectField(props: SelectFieldProps): ReactNode;
  export function CheckboxGroup(props: CheckboxGroupProps): ReactNode;
  export function FieldError(props: { id: string; error?: ReactNode }): ReactNode;
  export function FormAlert(props: FormAlertProps): ReactNode;
  export function fieldId(field: string): string;
  export function focusFirstError(
    order: readonly string[],
    errors: Partial<Record<string, unknown>>,
    idOf?: (field: string) => string,
  ): void;
  export default function AuthForm(props: { title: string; children: ReactNode }): ReactNode;
}

declare module "@theme/ReaderKit/PasswordField" {
  import type { PasswordPolicy } from "@readerkit/docusaurus-plugin/client/password";
  import type { ReactNode } from "react";
  export interface Props {
    readonly id: string;
    readonly label: string;
    readonly value: string;
    readonly onChange: (value: string) => void;
    readonly policy: PasswordPolicy;
    readonly error?: string | undefined;
    readonly autoComplete?: string;
  }
  export default function PasswordField(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/ProfileForm" {
  import type {
    FieldErrors,
    ProfileFormValues,
  } from "@readerkit/docusaurus-plugin/client/profile-form";
  import type { ProfileQuestion } from "@readerkit/docusaurus-plugin/questions";
  import type { ReactNode } from "react";
  export type Question = ProfileQuestion;
  export interface Props {
    readonly questions: readonly Question[];
    readonly values: ProfileFormValues;
    readonly onChange: (patch: Partial<ProfileFormValues>) => void;
    readonly errors: FieldErrors;
  }
  export function questionId(question: string): string;
  export default function ProfileForm(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/RequireReader" {
  import type { ReactNode } from "react";
  export interface Props {
    readonly children: ReactNode;
  }
  export default function RequireReader(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/LoginPage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function LoginPage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/RegisterPage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function RegisterPage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/SocialSignIn" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  /** "Continue with GitHub"... for each provider the server has configured; nothing without one. */
  export default function SocialSignIn(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/ForgotPasswordPage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function ForgotPasswordPage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/ResetPasswordPage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function ResetPasswordPage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/VerifyEmailPage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function VerifyEmailPage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/EmailVerificationBanner" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  /** On the profile page: says the address is not verified yet, with a resend button. */
  export default function EmailVerificationBanner(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/ProfilePage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function ProfilePage(props: Props): ReactNode;
}

declare module "@theme/ReaderKit/AccountDevices" {
  import type { ReactNode } from "react";
  /** The reader's signed-in devices with "Sign out" per device and everywhere else. */
  export default function AccountDevices(): ReactNode;
}

declare module "@theme/ReaderKit/AccountSettings" {
  import type { ReactNode } from "react";
  /** The Account section of the profile page: password, email, devices, data, deletion. */
  export default function AccountSettings(): ReactNode;
}

declare module "@theme/ReaderKit/AccountPassword" {
  import type { ReactNode } from "react";
  /** Change password (current one required); signs every other device out. */
  export default function AccountPassword(): ReactNode;
}

declare module "@theme/ReaderKit/AccountEmail" {
  import type { ReactNode } from "react";
  /** Change email: a link to the new address, which replaces the old once followed. */
  export default function AccountEmail(): ReactNode;
}

declare module "@theme/ReaderKit/AccountDataExport" {
  import type { ReactNode } from "react";
  /** Download my data: GET /api/account/export saved as a JSON file. */
  export default function AccountDataExport(): ReactNode;
}

declare module "@theme/ReaderKit/AccountDelete" {
  import type { ReactNode } from "react";
  /** Delete my account: what is deleted, then a confirmation with the password. */
  export default function AccountDelete(): ReactNode;
}

declare module "@theme/ReaderKit/AccountDeletedNotice" {
  import type { ReactNode } from "react";
  /** What the page opened after an account deletion (?account=deleted) says. */
  export default function AccountDeletedNotice(): ReactNode;
}

declare module "@theme/ReaderKit/ProfileCompletePage" {
  import type { ReactNode } from "react";
  export type Props = Record<string, unknown>;
  export default function ProfileCompletePage(props: Props): ReactNode;
}
